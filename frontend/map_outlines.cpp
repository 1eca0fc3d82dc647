#include "frontend/map_outlines.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "frontend/frontend_files.hpp"
#include "model/prefectures.hpp"

namespace rinsho::frontend {
namespace {

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

bool to_int(std::string_view s, int& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && out >= 0;
}

// Relative moves and lines only: m, z, digits, '-' and spaces.
bool plain_path(std::string_view d) {
  if (d.empty() || d.front() != 'm') return false;
  for (char c : d)
    if (!(c == 'm' || c == 'z' || c == '-' || c == ' ' || (c >= '0' && c <= '9'))) return false;
  return true;
}

}  // namespace

Result<MapOutlines> parse_map_outlines(std::string_view text) {
  MapOutlines map;
  std::set<std::string> seen;
  auto bad = [](const std::string& what) { return fail(ErrorCode::internal, "map outlines: " + what); };
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == ' ') return bad("a line starts with a space");
    const auto w = words(line);
    if (w.empty()) continue;
    if (w[0] == "viewbox") {
      if (w.size() != 3 || !to_int(w[1], map.width) || !to_int(w[2], map.height)) return bad("bad viewbox line");
    } else if (w[0] == "frame") {
      if (w.size() != 5 || !to_int(w[1], map.frame_x) || !to_int(w[2], map.frame_y) || !to_int(w[3], map.frame_w) ||
          !to_int(w[4], map.frame_h))
        return bad("bad frame line");
    } else {
      // The path data has spaces of its own: it is the rest of the line.
      if (w.size() < 2) return bad("bad outline line");
      const std::string code(w[0]);
      const std::string_view d = line.substr(line.find(' ') + 1);
      if (!model::prefecture_by_code(code)) return bad("unknown prefecture code " + code);
      if (!seen.insert(code).second) return bad("prefecture " + code + " twice");
      if (!plain_path(d)) return bad("unexpected path data for " + code);
      map.outlines.push_back({code, std::string(d)});
    }
  }
  if (map.width <= 0 || map.height <= 0) return bad("no viewbox");
  if (map.outlines.size() != model::prefectures().size()) return bad("not every prefecture has an outline");
  std::sort(map.outlines.begin(), map.outlines.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
  return map;
}

Result<MapOutlines> load_map_outlines() {
  auto text = frontend_files::embedded_file("map/japan_outlines.txt");
  if (!text) return fail(ErrorCode::internal, "map outlines: map/japan_outlines.txt is not embedded");
  return parse_map_outlines(*text);
}

}  // namespace rinsho::frontend
