#!/usr/bin/env python3
"""Groonga, the peer of bench/search and bench/load: builds its command files and reads its output.

Standard library only. Subcommands:
  load-file  RECORDS... --out FILE [--online-index]
                                      schema + `load --table Trials` + index columns, as groonga
                                      command lines (RECORDS: .jsonl files or directories of .json);
                                      --online-index creates the index first (slower; for comparison)
  query-file QUERIES --out FILE [--rounds N] [--offset K] [--mode MODE]
                                      `cache_limit 0`, then N+1 rounds of select commands (the first
                                      round warms), starting each round at query K
  urls       QUERIES [--mode MODE]    one /d/select path per query (for wrk, bench/load)
  timings    OUTPUT... [--skip N]     p50/p90/p99 and QPS from groonga's own response headers
                                      [[rc, start, elapsed], ...], skipping each output's first N
  relevance  QUERIES_TSV --db DB --out FILE
                                      runs each judged query (top 20) and writes the ranked ids

The schema mirrors what rinsho indexes (core/index/document_builder.cpp): the same text fields, in
Japanese and English, with rinsho's field weights in match_columns (titles and conditions 6,
keywords 4, intervention names 3, summary 2, the rest 1). One lexicon, TokenBigram + NormalizerAuto,
holds one multi-section index over every text column, which is how Groonga's documentation indexes
several columns for weighted match_columns. Data is loaded first and the index built afterwards
(Groonga's static index construction, its fastest way to bulk-load).

What a select returns (--mode; issue 14 asked for like-with-like comparisons):
  bare     ids and scores of the top 20, nothing else (the least work Groonga can be asked for);
  display  the top 20 with titles, status, phase and snippet_html(summary) (bench/load and
           bench/search until issue 14, kept for comparison with their earlier runs);
  equal    what rinsho's search API does: drilldowns over status, phase, category, study type,
           prefectures and flags with drilldown_limit 50 (rinsho's facet limit), and per hit the
           titles, conditions and snippet_html(summary) (rinsho also counts modality and conditions,
           so this asks Groonga for slightly less than rinsho does);
  facets8  display plus drilldowns over all eight of rinsho's facets (the old --drilldown
           diagnostic of bench/search; --drilldown still means this).

QUERIES is a text file of queries, one per line ('#' comments), or a .jsonl query log from
bench/query_log.py, whose lines carry filters as well: {"q": ..., "status": [...], "phase": [...],
"prefecture": [...], "flags": [...]}. Filters become a select `filter` (OR within a list, AND
across lists), the same meaning as rinsho's query parameters.

Groonga has no concept dictionary: queries go in as typed. Each whitespace-separated word becomes a
quoted phrase (escaping " and \\), so words are ANDed like rinsho's default and no character is read
as query syntax (-, OR, *, column:).
"""

import argparse
import glob
import json
import math
import os
import subprocess
import sys
import urllib.parse

TEXT_COLUMNS = [
    # column, weight (rinsho's wdf weights)
    ("title", 6),
    ("conditions", 6),
    ("keywords", 4),
    ("interventions", 3),
    ("summary", 2),
    ("intervention_details", 1),
    ("eligibility", 1),
    ("sponsor", 1),
    ("sites", 1),
]
MATCH_COLUMNS = " || ".join(f"{c}*{w}" if w != 1 else c for c, w in TEXT_COLUMNS)
# What a result list shows (rinsho's hits carry titles, status, phase and a snippet).
OUTPUT_COLUMNS = "_key,_score,public_title_ja,public_title_en,status,phase,snippet_html(summary)"
DRILLDOWN = "status,phase,category,study_type,modality,prefectures,flags,condition_names"
TOP_K = 20
FACET_LIMIT = 50  # rinsho's kFacetLimit (core/search/searcher.cpp)
MODES = {
    # mode: (output_columns, drilldown keys or None)
    "bare": ("_key,_score", None),
    "display": (OUTPUT_COLUMNS, None),
    "equal": ("_key,_score,public_title_ja,public_title_en,condition_names,snippet_html(summary)",
              "status,phase,category,study_type,prefectures,flags"),
    "facets8": (OUTPUT_COLUMNS, DRILLDOWN),
}
# Query-log filter -> Groonga column and whether it is a vector column (`@` matches an element).
FILTER_COLUMNS = {"status": ("status", False), "phase": ("phase", False), "category": ("category", False),
                  "study_type": ("study_type", False), "prefecture": ("prefectures", True),
                  "flags": ("flags", True)}


def texts(loc):
    if not isinstance(loc, dict):
        return []
    return [loc[k] for k in ("ja", "en") if isinstance(loc.get(k), str) and loc[k]]


def flatten(r):
    """One Groonga row from a trial record: the fields rinsho's DocumentBuilder indexes."""
    j = "\n".join
    title = texts(r.get("public_title")) + texts(r.get("scientific_title"))
    conditions = [t for c in r.get("conditions", []) for t in texts(c.get("name"))]
    interventions = [t for i in r.get("interventions", []) for t in texts(i.get("name"))]
    details = [t for i in r.get("interventions", []) for t in texts(i.get("description"))]
    e = r.get("eligibility", {})
    sites = r.get("sites", [])
    flags = []
    f = r.get("flags", {})
    dct = f.get("dct", {})
    if any(dct.values()):
        flags.append("dct")
    flags += ["dct:" + k for k, v in dct.items() if v]
    flags += [k for k in ("single_irb", "international", "fih", "pediatric", "orphan", "drug_loss") if f.get(k)]
    if e.get("healthy_volunteers"):
        flags.append("healthy")
    return {
        "_key": r["id"],
        "public_title_ja": r.get("public_title", {}).get("ja", ""),
        "public_title_en": r.get("public_title", {}).get("en", ""),
        "title": j(title),
        "conditions": j(conditions),
        "keywords": j(r.get("keywords", [])),
        "interventions": j(interventions),
        "intervention_details": j(details),
        "summary": j(texts(r.get("plain_summary"))),
        "eligibility": j(texts(e.get("inclusion")) + texts(e.get("exclusion"))),
        "sponsor": j(texts(r.get("sponsor", {}).get("primary"))),
        "sites": j([t for s in sites for t in texts(s.get("name")) + texts(s.get("city"))]),
        "status": r.get("recruitment_status", ""),
        "phase": r.get("phase", ""),
        "category": r.get("category", ""),
        "study_type": r.get("study_type", ""),
        "modality": r.get("modality", "none"),
        "prefectures": sorted({s.get("prefecture", "") for s in sites if s.get("prefecture")}),
        "flags": flags,
        "condition_names": [c.get("name", {}).get("ja") or c.get("name", {}).get("en", "") for c in r.get("conditions", [])],
    }


def records(paths):
    for p in paths:
        if os.path.isdir(p):
            for f in sorted(glob.glob(os.path.join(p, "*.json"))):
                with open(f, encoding="utf-8") as fh:
                    yield json.load(fh)
        else:
            with open(p, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        yield json.loads(line)


def cmd_load_file(a):
    with open(a.out, "w", encoding="utf-8") as out:
        out.write("table_create Trials TABLE_HASH_KEY ShortText\n")
        for c, _ in TEXT_COLUMNS:
            out.write(f"column_create Trials {c} COLUMN_SCALAR Text\n")
        for c in ("public_title_ja", "public_title_en"):
            out.write(f"column_create Trials {c} COLUMN_SCALAR Text\n")
        for c in ("status", "phase", "category", "study_type", "modality"):
            out.write(f"column_create Trials {c} COLUMN_SCALAR ShortText\n")
        for c in ("prefectures", "flags", "condition_names"):
            out.write(f"column_create Trials {c} COLUMN_VECTOR ShortText\n")
        cols = ",".join(c for c, _ in TEXT_COLUMNS)
        index = ("table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenBigram --normalizer NormalizerAuto\n"
                 f"column_create Terms trials_text COLUMN_INDEX|WITH_POSITION|WITH_SECTION Trials {cols}\n")
        if a.online_index:
            out.write(index)
        out.write("load --table Trials\n[\n")
        n = 0
        for r in records(a.records):
            out.write(("," if n else "") + json.dumps(flatten(r), ensure_ascii=False) + "\n")
            n += 1
        out.write("]\n")
        if not a.online_index:
            out.write(index)
    print(f"{a.out}: {n} records", file=sys.stderr)


def read_queries(path):
    """Queries as dicts {"q": ..., filters...}: from a text file (one query a line) or a .jsonl log."""
    with open(path, encoding="utf-8") as fh:
        if path.endswith(".jsonl"):
            return [json.loads(l) for l in fh if l.strip()]
        return [{"q": l.rstrip("\n")} for l in fh if l.strip() and not l.startswith("#")]


def groonga_filter(entry):
    def lit(v):
        return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'
    parts = []
    for key, (column, vector) in FILTER_COLUMNS.items():
        values = entry.get(key) or []
        if values:
            op = "@" if vector else "=="
            ors = " || ".join(f"{column} {op} {lit(v)}" for v in values)
            parts.append(f"({ors})" if len(values) > 1 else ors)
    return " && ".join(parts)


def groonga_query(text):
    """Each whitespace-separated word as a quoted phrase: AND of words, no query syntax."""
    words = text.split()
    return " ".join('"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"' for w in words)


def select_path(entry, mode="display", limit=TOP_K, output_columns=None):
    """entry: a query string or a query-log dict."""
    if isinstance(entry, str):
        entry = {"q": entry}
    columns, drilldown = MODES[mode]
    params = [("table", "Trials")]
    if entry.get("q", "").split():
        params += [("match_columns", MATCH_COLUMNS), ("query", groonga_query(entry["q"]))]
    f = groonga_filter(entry)
    if f:
        params.append(("filter", f))
    params += [
        ("output_columns", output_columns or columns),
        ("sort_keys", "-_score,_id"),
        ("limit", str(limit)),
    ]
    if drilldown:
        params += [("drilldown", drilldown), ("drilldown_limit", str(FACET_LIMIT)),
                   ("drilldown_sort_keys", "-_nsubrecs")]
    return "/d/select?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


def cmd_query_file(a):
    qs = read_queries(a.queries)
    k = a.offset % len(qs)
    order = qs[k:] + qs[:k]
    with open(a.out, "w", encoding="utf-8") as out:
        out.write("cache_limit 0\n")
        for _ in range(a.rounds + 1):
            for q in order:
                out.write(select_path(q, a.mode) + "\n")


def cmd_urls(a):
    for q in read_queries(a.queries):
        print(select_path(q, a.mode))


def percentile(values, p):
    """Nearest rank, the same definition as bench/search_bench.cpp."""
    v = sorted(values)
    if not v:
        return 0.0
    rank = math.ceil(p * len(v))
    return v[min(max(rank, 1), len(v)) - 1]


def cmd_timings(a):
    """Latency and throughput from groonga's own response headers [[rc, start, elapsed], ...].

    Each OUTPUT is one groonga process's stdout; the first --skip commands of each (cache_limit and
    the warm-up round) are left out. QPS is the measured commands of every process divided by the
    time from the first measured start to the last measured end."""
    ms, starts, ends, errors, per_file = [], [], [], 0, []
    for path in a.outputs:
        seen = n = 0
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if not line.startswith("[["):
                    continue
                seen += 1
                if seen <= a.skip:
                    continue
                rc, start, elapsed = json.loads(line)[0][:3]
                if rc != 0:
                    errors += 1
                ms.append(elapsed * 1000.0)
                starts.append(start)
                ends.append(start + elapsed)
                n += 1
        per_file.append({"file": path, "measured": n})
    wall = (max(ends) - min(starts)) if ms else 0.0
    out = {"engine": "groonga", "processes": len(a.outputs), "measured": len(ms), "errors": errors,
           "wall_s": wall, "qps": len(ms) / wall if wall else 0.0,
           "p50_ms": percentile(ms, 0.50), "p90_ms": percentile(ms, 0.90), "p99_ms": percentile(ms, 0.99),
           "max_ms": max(ms) if ms else 0.0, "mean_ms": sum(ms) / len(ms) if ms else 0.0, "files": per_file}
    json.dump(out, sys.stdout, indent=1)
    print()


def cmd_relevance(a):
    judged = []
    with open(a.queries_tsv, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            judged.append((cols[0].strip(), cols[1]))
    commands = "".join(select_path(q, "bare") + "\n" for _, q in judged)
    proc = subprocess.run(["groonga", a.db], input=commands, capture_output=True, text=True, check=True)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("[[")]
    if len(lines) != len(judged):
        sys.exit(f"groonga answered {len(lines)} of {len(judged)} queries")
    out = {"engine": "groonga", "top_k": TOP_K, "queries": []}
    for (kind, q), line in zip(judged, lines):
        resp = json.loads(line)
        if resp[0][0] != 0:
            sys.exit(f"groonga failed on {q!r}: {resp[0]}")
        body = resp[1][0]
        total = body[0][0]
        ids = [row[0] for row in body[2:]]
        out["queries"].append({"kind": kind, "query": q, "returned": ids, "total_estimated": total,
                               "groonga_query": groonga_query(q)})
    with open(a.out, "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("load-file")
    s.add_argument("records", nargs="+")
    s.add_argument("--out", required=True)
    s.add_argument("--online-index", action="store_true",
                   help="create the index before loading (Groonga updates it per record) instead of after")
    s = sub.add_parser("query-file")
    s.add_argument("queries")
    s.add_argument("--out", required=True)
    s.add_argument("--rounds", type=int, default=3)
    s.add_argument("--offset", type=int, default=0)
    s.add_argument("--mode", choices=sorted(MODES), default="display")
    s.add_argument("--drilldown", dest="mode", action="store_const", const="facets8", help="--mode facets8")
    s = sub.add_parser("urls")
    s.add_argument("queries")
    s.add_argument("--mode", choices=sorted(MODES), default="display")
    s.add_argument("--drilldown", dest="mode", action="store_const", const="facets8", help="--mode facets8")
    s = sub.add_parser("timings")
    s.add_argument("outputs", nargs="+")
    s.add_argument("--skip", type=int, default=0)
    s = sub.add_parser("relevance")
    s.add_argument("queries_tsv")
    s.add_argument("--db", required=True)
    s.add_argument("--out", required=True)
    a = p.parse_args()
    {"load-file": cmd_load_file, "query-file": cmd_query_file, "urls": cmd_urls, "timings": cmd_timings,
     "relevance": cmd_relevance}[a.cmd](a)


if __name__ == "__main__":
    main()
