// Converts the prefecture outlines of npm's @svg-maps/japan (CC BY 4.0) into the compact text that
// the server embeds for its map of Japan (frontend/map_outlines.cpp reads it):
//   node outlines.mjs PACKAGE_DIR OUT_FILE
// The package draws Okinawa where it lies, far to the south-west, as a few specks; here it moves
// into a framed inset in the empty sea north-west of Kyushu, drawn larger so it can be tapped, and
// the view is cropped to what is left. Outlines are simplified (Douglas-Peucker, half a source unit),
// put on an integer grid twice as fine as the source's and written as relative moves, which keeps
// the page's SVG at a few KB gzipped without visible change at phone size.
// Written for Debian 12's Node 18: no dependencies, and the package's index.js (an ES module in a
// package without "type": "module") is not imported; japan.svg is read instead.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SCALE = 2;        // output units per source unit
const TOLERANCE = 0.5;  // simplification, in source units
const INSET_SCALE = 1.5;
const INSET_PAD = 4;    // source units between Okinawa and its frame
const MARGIN = 2;       // source units around everything

// The package's ids -> JIS X 0401 codes (core/model/prefectures.cpp).
const CODES = {
  hokkaido: '01', aomori: '02', iwate: '03', miyagi: '04', akita: '05', yamagata: '06', fukushima: '07',
  ibaraki: '08', tochigi: '09', gunma: '10', saitama: '11', chiba: '12', tokyo: '13', kanagawa: '14',
  niigata: '15', toyama: '16', ishikawa: '17', fukui: '18', yamanashi: '19', nagano: '20', gifu: '21',
  shizuoka: '22', aichi: '23', mie: '24', shiga: '25', kyoto: '26', osaka: '27', hyogo: '28', nara: '29',
  wakayama: '30', tottori: '31', shimane: '32', okayama: '33', hiroshima: '34', yamaguchi: '35',
  tokushima: '36', kagawa: '37', ehime: '38', kochi: '39', fukuoka: '40', saga: '41', nagasaki: '42',
  kumamoto: '43', oita: '44', miyazaki: '45', kagoshima: '46', okinawa: '47',
};

function fail(message) {
  console.error(`outlines.mjs: ${message}`);
  process.exit(1);
}

// A path's subpaths as lists of absolute points. The package uses only m/l/h/v (either case) and z.
function parsePath(d) {
  const tokens = d.match(/[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?/g) || [];
  const subpaths = [];
  let i = 0, cmd = '', x = 0, y = 0, sx = 0, sy = 0, current = null;
  const num = () => {
    const v = Number(tokens[i++]);
    if (!Number.isFinite(v)) fail(`bad number in path near token ${i}`);
    return v;
  };
  while (i < tokens.length) {
    if (/[a-zA-Z]/.test(tokens[i])) {
      cmd = tokens[i++];
      if (cmd === 'z' || cmd === 'Z') {
        x = sx; y = sy;
        continue;
      }
    }
    const rel = cmd === cmd.toLowerCase();
    switch (cmd.toLowerCase()) {
      case 'm': x = rel ? x + num() : num(); y = rel ? y + num() : num(); sx = x; sy = y;
        current = [[x, y]]; subpaths.push(current); cmd = rel ? 'l' : 'L'; break;
      case 'l': x = rel ? x + num() : num(); y = rel ? y + num() : num(); current.push([x, y]); break;
      case 'h': x = rel ? x + num() : num(); current.push([x, y]); break;
      case 'v': y = rel ? y + num() : num(); current.push([x, y]); break;
      default: fail(`unexpected path command ${cmd}`);
    }
  }
  return subpaths;
}

// Douglas-Peucker on an open polyline.
function simplifyOpen(points, tolerance) {
  if (points.length < 3) return points;
  const keep = points.map((_, k) => k === 0 || k === points.length - 1);
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = points[a], [bx, by] = points[b];
    const dx = bx - ax, dy = by - ay, length = Math.hypot(dx, dy);
    let far = -1, farDistance = tolerance;
    for (let k = a + 1; k < b; ++k) {
      const [px, py] = points[k];
      const d = length === 0 ? Math.hypot(px - ax, py - ay) : Math.abs(dy * (px - ax) - dx * (py - ay)) / length;
      if (d > farDistance) { far = k; farDistance = d; }
    }
    if (far >= 0) { keep[far] = true; stack.push([a, far], [far, b]); }
  }
  return points.filter((_, k) => keep[k]);
}

// A closed ring starts and ends at the same point, where the chord has no length: split it at the
// point farthest from the start and simplify both halves.
function simplifyRing(points, tolerance) {
  let far = 0, farDistance = -1;
  points.forEach(([x, y], k) => {
    const d = Math.hypot(x - points[0][0], y - points[0][1]);
    if (d > farDistance) { far = k; farDistance = d; }
  });
  return [...simplifyOpen(points.slice(0, far + 1), tolerance), ...simplifyOpen(points.slice(far), tolerance).slice(1)];
}

function bbox(subpaths) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const s of subpaths)
    for (const [x, y] of s) {
      b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y); b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y);
    }
  return b;
}

const overlaps = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

// Integer grid points written as one relative move per subpath, each closed with z. After a z the
// current point is the subpath's start, which the next relative m counts from.
function encode(subpaths) {
  let d = '', px = 0, py = 0;
  const number = (v, first) => (first || v < 0 ? '' : ' ') + v;
  for (const s of subpaths) {
    const points = s.filter((p, k) => k === 0 || p[0] !== s[k - 1][0] || p[1] !== s[k - 1][1]);
    if (points.length > 1 && points[0][0] === points.at(-1)[0] && points[0][1] === points.at(-1)[1]) points.pop();
    if (points.length < 3) continue;  // an island smaller than a grid step
    let cx = px, cy = py;
    d += 'm';
    points.forEach(([x, y], k) => {
      d += number(x - cx, k === 0) + number(y - cy, false);
      cx = x; cy = y;
    });
    d += 'z';
    px = points[0][0]; py = points[0][1];
  }
  return d;
}

const [packageDir, outFile] = process.argv.slice(2);
if (!packageDir || !outFile) fail('usage: node outlines.mjs PACKAGE_DIR OUT_FILE');
const pkg = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const svg = readFileSync(path.join(packageDir, 'japan.svg'), 'utf8');
if (!/viewBox="0 0 438 516"/.test(svg)) fail('japan.svg no longer has the viewBox this script was written for');

const shapes = new Map();  // code -> subpaths
for (const [, attributes] of svg.matchAll(/<path\b([^>]*)\/?>/g)) {
  const id = attributes.match(/\bid="([^"]+)"/)?.[1];
  const d = attributes.match(/\bd="([^"]+)"/)?.[1];
  if (!id || !d) fail(`a path without id or d: ${attributes.slice(0, 80)}`);
  const code = CODES[id];
  if (!code) fail(`unknown prefecture id "${id}"`);
  if (shapes.has(code)) fail(`prefecture id "${id}" twice`);
  shapes.set(code, parsePath(d).map((s) => simplifyRing(s, TOLERANCE)));
}
const missing = Object.entries(CODES).filter(([, code]) => !shapes.has(code)).map(([id]) => id);
if (missing.length) fail(`missing prefectures: ${missing.join(', ')}`);

// Okinawa into the inset at the mainland's top-left corner, scaled up.
const okinawa = shapes.get('47');
const mainland = bbox([...shapes].filter(([code]) => code !== '47').flatMap(([, s]) => s));
const [ox, oy, ox2, oy2] = bbox(okinawa);
const frame = [mainland[0], mainland[1],
  mainland[0] + (ox2 - ox) * INSET_SCALE + 2 * INSET_PAD, mainland[1] + (oy2 - oy) * INSET_SCALE + 2 * INSET_PAD];
shapes.set('47', okinawa.map((s) => s.map(([x, y]) =>
  [frame[0] + INSET_PAD + (x - ox) * INSET_SCALE, frame[1] + INSET_PAD + (y - oy) * INSET_SCALE])));
for (const [code, s] of shapes)
  if (code !== '47' && overlaps(bbox(s), frame)) fail(`the Okinawa inset would cover prefecture ${code}`);

// Crop to everything plus a margin, on the output grid.
const all = bbox([...shapes.values()].flat());
const x0 = all[0] - MARGIN, y0 = all[1] - MARGIN;
const grid = ([x, y]) => [Math.round((x - x0) * SCALE), Math.round((y - y0) * SCALE)];
const width = Math.ceil((all[2] + MARGIN - x0) * SCALE), height = Math.ceil((all[3] + MARGIN - y0) * SCALE);
const [fx, fy] = grid([frame[0], frame[1]]), [fx2, fy2] = grid([frame[2], frame[3]]);

const lines = [
  `# Generated by frontend/map/outlines.mjs from ${pkg.name} ${pkg.version} (${pkg.license}): do not edit.`,
  `# Outlines based on MapSVG's map of Japan (mapsvg.com), via ${pkg.name} by Victor Cazanave; simplified, rounded and Okinawa moved into an inset.`,
  `viewbox ${width} ${height}`,
  `frame ${fx} ${fy} ${fx2 - fx} ${fy2 - fy}`,
];
for (const code of [...shapes.keys()].sort()) {
  const d = encode(shapes.get(code).map((s) => s.map(grid)));
  if (!d) fail(`prefecture ${code} vanished in simplification`);
  lines.push(`${code} ${d}`);
}
writeFileSync(outFile, lines.join('\n') + '\n');
