#!/usr/bin/env python3
"""Summaries for bench/search and bench/load: reads the JSON and `/usr/bin/time -v` files a run left
in its output folder and prints a Markdown section for bench/RESULTS.md, with the ratios and the
goals met or missed. Standard library only.

  report.py timev FILE          one `/usr/bin/time -v` report as JSON (wall, user, sys, peak RSS)
  report.py search DIR          the bench/search section
  report.py wrk FILE            one `wrk --latency` report as JSON (requests/s, p50, p99, errors)
  report.py load DIR            the bench/load section
"""

import json
import os
import re
import sys

GIB = 1024 ** 3


def parse_timev(path):
    text = open(path, encoding="utf-8", errors="replace").read()

    def field(name):
        m = re.search(re.escape(name) + r":\s*(.+)", text)
        return m.group(1).strip() if m else None

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    secs = 0.0
    if wall:
        for part in wall.split(":"):
            secs = secs * 60 + float(part)
    return {"wall_s": secs, "user_s": float(field("User time (seconds)") or 0),
            "sys_s": float(field("System time (seconds)") or 0),
            "max_rss_kb": int(field("Maximum resident set size (kbytes)") or 0),
            "exit_status": int(field("Exit status") or -1)}


def load(d, name):
    p = os.path.join(d, name)
    if not os.path.exists(p):
        return None
    with open(p, encoding="utf-8") as fh:
        return json.load(fh)


def mib(b):
    return f"{b / 2**20:,.0f} MiB"


def ratio(a, b):
    return a / b if b else float("inf")


def met(ok):
    return "**met**" if ok else "**missed**"


def search_section(d):
    meta = load(d, "meta.json")
    rb, gb = parse_timev(os.path.join(d, "rinsho-ingest.timev")), parse_timev(os.path.join(d, "groonga-load.timev"))
    sizes = load(d, "sizes.json")
    rs, rs_nf = load(d, "rinsho-search.json"), load(d, "rinsho-search-nofacets.json")
    g1, g2, gdd = load(d, "groonga-1.json"), load(d, "groonga-2.json"), load(d, "groonga-drilldown.json")
    rel = load(d, "relevance-compare.json")
    r1 = next(r for r in rs["runs"] if r["threads"] == 1)
    r2 = next(r for r in rs["runs"] if r["threads"] == 2)
    out = []
    w = out.append
    w(f"### Run {meta['date']}: {meta['records']:,} records (generate {meta['records']} --seed {meta['seed']}"
      f"{' --profile ' + meta['profile'] if meta.get('profile', 'default') != 'default' else ''})\n")
    w(f"- machine: {meta['nproc']} cores, {meta['cpu']}, {meta['mem']}; load average at start {meta['loadavg']}")
    w(f"- commit: `{meta['commit']}`{' (with uncommitted changes)' if meta.get('dirty') else ''}; Groonga: {meta['groonga']}")
    w(f"- command: `{meta['command']}` (records from `{meta.get('generator', 'sample_trials/generate')}`)\n")
    w("**Index build** (`/usr/bin/time -v`; Groonga's flattening of the records into its load format is "
      f"done beforehand by Python and not counted: {meta['groonga_prep_s']:.1f} s)\n")
    w("| | rinsho | Groonga | rinsho / Groonga |")
    w("|---|---:|---:|---:|")
    w(f"| wall time | {rb['wall_s']:.1f} s | {gb['wall_s']:.1f} s | {ratio(rb['wall_s'], gb['wall_s']):.2f}× |")
    rc, gc = rb["user_s"] + rb["sys_s"], gb["user_s"] + gb["sys_s"]
    w(f"| CPU time (user + sys) | {rc:.1f} s | {gc:.1f} s | {ratio(rc, gc):.2f}× |")
    w(f"| peak RSS | {mib(rb['max_rss_kb'] * 1024)} | {mib(gb['max_rss_kb'] * 1024)} | "
      f"{ratio(rb['max_rss_kb'], gb['max_rss_kb']):.2f}× |")
    w(f"| index on disk | {mib(sizes['rinsho_index'])} (Xapian) | {mib(sizes['groonga_db'])} (whole DB: columns + index) | "
      f"{ratio(sizes['rinsho_index'], sizes['groonga_db']):.2f}× |")
    w(f"| store on disk | {mib(sizes['rinsho_store'])} (SQLite, every version + audit) | (in the DB above) | |")
    w(f"| total on disk | {mib(sizes['rinsho_index'] + sizes['rinsho_store'])} | {mib(sizes['groonga_db'])} | "
      f"{ratio(sizes['rinsho_index'] + sizes['rinsho_store'], sizes['groonga_db']):.2f}× |\n")
    w(f"**In-process queries** ({rs['queries']} queries of bench/queries.txt, one warm-up pass, then "
      f"{rs['rounds']} measured passes per thread; rinsho: `Searcher::search` with facets and snippets, top 20; "
      "Groonga: `select` top 20 by score with titles, status, phase and `snippet_html(summary)`, "
      "latency from its own response header, one `groonga DB` process per thread reading commands from a file)\n")
    w("| | rinsho (facets on) | Groonga | rinsho / Groonga |")
    w("|---|---:|---:|---:|")
    w(f"| p50, 1 thread | {r1['p50_ms']:.2f} ms | {g1['p50_ms']:.2f} ms | {ratio(r1['p50_ms'], g1['p50_ms']):.2f}× |")
    w(f"| p99, 1 thread | {r1['p99_ms']:.2f} ms | {g1['p99_ms']:.2f} ms | {ratio(r1['p99_ms'], g1['p99_ms']):.2f}× |")
    w(f"| QPS, 1 thread | {r1['qps']:.1f} | {g1['qps']:.1f} | {ratio(r1['qps'], g1['qps']):.2f}× |")
    w(f"| p50, 2 threads | {r2['p50_ms']:.2f} ms | {g2['p50_ms']:.2f} ms | {ratio(r2['p50_ms'], g2['p50_ms']):.2f}× |")
    w(f"| p99, 2 threads | {r2['p99_ms']:.2f} ms | {g2['p99_ms']:.2f} ms | {ratio(r2['p99_ms'], g2['p99_ms']):.2f}× |")
    w(f"| QPS, 2 threads | {r2['qps']:.1f} | {g2['qps']:.1f} | {ratio(r2['qps'], g2['qps']):.2f}× |\n")
    if rs_nf and gdd:
        n1 = rs_nf["runs"][0]
        w("Same queries, 1 thread, to show where the time goes (not the goal comparison):\n")
        w("| variant | p50 | p99 | QPS |")
        w("|---|---:|---:|---:|")
        w(f"| rinsho, facets and snippets off | {n1['p50_ms']:.2f} ms | {n1['p99_ms']:.2f} ms | {n1['qps']:.1f} |")
        w(f"| Groonga with drilldown on status, phase, category, study type, modality, prefectures, flags, "
          f"conditions (rinsho's facets) | {gdd['p50_ms']:.2f} ms | {gdd['p99_ms']:.2f} ms | {gdd['qps']:.1f} |\n")
        w("Slowest rinsho queries (median ms, facets on): " +
          "; ".join(f"{s['query']} {s['median_ms']:.1f}" for s in r1["slowest"]) + "\n")
    if rel:
        w("**Relevance** on the 311 sample trials, tests/relevance/queries.tsv, both engines' top 20 scored by "
          "tests/relevance/relevance_metrics.cpp (`build/bench/rinsho_bench_relevance`)\n")
        w("| kind | queries | R@20 rinsho | R@20 Groonga | nDCG@10 rinsho | nDCG@10 Groonga | must_not rinsho | must_not Groonga | rinsho better |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        kinds = sorted(rel["kinds"].items(), key=lambda kv: (kv[0] == "overall", kv[0]))
        for kind, k in kinds:
            if "scored" not in k:
                w(f"| {kind} | {k['queries']} | | | | | {k['rinsho_must_not_hits']} | {k['groonga_must_not_hits']} | |")
                continue
            w(f"| {kind} | {k['queries']} | {k['rinsho_recall_at_20']:.3f} | {k['groonga_recall_at_20']:.3f} | "
              f"{k['rinsho_ndcg_at_10']:.3f} | {k['groonga_ndcg_at_10']:.3f} | {k['rinsho_must_not_hits']} | "
              f"{k['groonga_must_not_hits']} | {'yes' if k['rinsho_better'] else 'no'} |")
        w("")
    ge1, ge2, gb1, gb2 = (load(d, f) for f in ("groonga-equal-1.json", "groonga-equal-2.json",
                                               "groonga-bare-1.json", "groonga-bare-2.json"))
    la = load(d, "loadavg.json") or {}
    corpus = load(d, "corpus.json")
    if ge1 and gb1:
        w("**Groonga asked for rinsho's work, and for the least** (issue 14; same queries and passes; "
          "equal: drilldowns over status, phase, category, study type, prefectures and flags, "
          "`drilldown_limit 50`, titles, conditions and `snippet_html(summary)` per hit; bare: ids and "
          "scores only; the 1-minute load average when each step started)\n")
        w("| | p50 | p99 | QPS | load avg | rinsho / it: p99 | rinsho / it: QPS |")
        w("|---|---:|---:|---:|---:|---:|---:|")
        rows = [("rinsho (facets, snippets), 1 thread", r1, "rinsho_search"),
                ("rinsho (facets, snippets), 2 threads", r2, "rinsho_search"),
                ("Groonga equal work, 1 process", ge1, "groonga-equal-1"),
                ("Groonga equal work, 2 processes", ge2, "groonga-equal-2"),
                ("Groonga bare, 1 process", gb1, "groonga-bare-1"),
                ("Groonga bare, 2 processes", gb2, "groonga-bare-2"),
                ("Groonga display (earlier runs' peer), 1 process", g1, "groonga-1"),
                ("Groonga display, 2 processes", g2, "groonga-2")]
        for name, x, step in rows:
            mine = r2 if name.endswith(("2 processes", "2 threads")) else r1
            rr = "" if x is mine else f"{ratio(mine['p99_ms'], x['p99_ms']):.2f}×"
            rq = "" if x is mine else f"{ratio(mine['qps'], x['qps']):.2f}×"
            w(f"| {name} | {x['p50_ms']:.2f} ms | {x['p99_ms']:.2f} ms | {x['qps']:.1f} | {la.get(step, '?')} | {rr} | {rq} |")
        w("")
    if corpus:
        w(f"**Corpus** (`bench/corpus_stats.py`): mean record {corpus['mean_bytes']:,.0f} bytes of JSON "
          f"({corpus['mean_chars']:,.0f} characters); plain summary {corpus['mean_field_bytes']['plain_summary']:,.0f} B, "
          f"eligibility {corpus['mean_field_bytes']['eligibility']:,.0f} B; {corpus['mean_sites']:.1f} sites in "
          f"{corpus['mean_prefectures']:.1f} prefectures. Ten most common conditions (ICD-10 category, share of trials): "
          + "; ".join(f"{x['icd10']} {x['example']} {100 * x['share']:.1f}%" for x in corpus["top10_icd10"]) + "\n")
    if ge1:
        size_ratio = ratio(sizes["rinsho_index"], sizes["groonga_db"])
        w("**Issue 14 goals (in process and build)**\n")
        w(f"- in-process p99 ≤ 10 ms on one thread with facets and snippets: {r1['p99_ms']:.2f} ms "
          f"(load average {la.get('rinsho_search', '?')}): {met(r1['p99_ms'] <= 10)}")
        w(f"- index build within 2.5× of Groonga's load: {ratio(rb['wall_s'], gb['wall_s']):.2f}× wall, "
          f"{ratio(rc, gc):.2f}× CPU (load average {la.get('build_rinsho', '?')} / {la.get('build_groonga', '?')}): "
          f"{met(rb['wall_s'] <= 2.5 * gb['wall_s'])}")
        w(f"- index size within 2× of Groonga's database: {size_ratio:.2f}× (Xapian index; with the SQLite store "
          f"{ratio(sizes['rinsho_index'] + sizes['rinsho_store'], sizes['groonga_db']):.2f}×): {met(size_ratio <= 2)}\n")
    w("**Goals**\n")
    w(f"- rinsho p99 no worse than Groonga's: 1 thread {r1['p99_ms']:.2f} vs {g1['p99_ms']:.2f} ms, "
      f"2 threads {r2['p99_ms']:.2f} vs {g2['p99_ms']:.2f} ms: {met(r1['p99_ms'] <= g1['p99_ms'] and r2['p99_ms'] <= g2['p99_ms'])}")
    w(f"- index build within 1.5× of Groonga's time: {ratio(rb['wall_s'], gb['wall_s']):.2f}× wall, "
      f"{ratio(rc, gc):.2f}× CPU: {met(rb['wall_s'] <= 1.5 * gb['wall_s'])}")
    w(f"- peak indexer memory under 2 GiB: {rb['max_rss_kb'] / 2**20:.2f} GiB: {met(rb['max_rss_kb'] * 1024 < 2 * GIB)}")
    if rel:
        w(f"- better relevance than Groonga on every query kind: {met(rel['every_kind_better'])}")
    return "\n".join(out) + "\n"


def parse_wrk(path):
    text = open(path, encoding="utf-8", errors="replace").read()

    def ms(s):
        m = re.match(r"([\d.]+)(us|ms|s|m)", s)
        v, u = float(m.group(1)), m.group(2)
        return v / 1000 if u == "us" else v if u == "ms" else v * 1000 if u == "s" else v * 60000

    lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.M))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    reqs = re.search(r"(\d+) requests in ([\d.]+)(\w+)", text)
    errs = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"rps": float(rps.group(1)) if rps else 0.0, "requests": int(reqs.group(1)) if reqs else 0,
            "p50_ms": ms(lat["50"]) if "50" in lat else None, "p90_ms": ms(lat["90"]) if "90" in lat else None,
            "p99_ms": ms(lat["99"]) if "99" in lat else None,
            "socket_errors": sum(int(x) for x in errs.groups()) if errs else 0,
            "non_2xx": int(non2xx.group(1)) if non2xx else 0}


def load_log_section(d, meta):
    """bench/load --queries log (issue 14): rinsho, Groonga equal work and Groonga bare, cold and warm."""
    la = load(d, "loadavg.json") or {}
    st = load(d, "query-log.jsonl.stats.json") or {}
    out = []
    w = out.append
    prof = meta.get("profile", "default")
    w(f"### Run {meta['date']}: {meta['records']:,} records (generate {meta['records']} --seed {meta['seed']}"
      f"{' --profile ' + prof if prof != 'default' else ''}), query log\n")
    w(f"- machine: {meta['nproc']} cores, {meta['cpu']}, {meta['mem']}; load average at start {meta['loadavg']}")
    w(f"- commit: `{meta['commit']}`{' (with uncommitted changes)' if meta.get('dirty') else ''}; Groonga: {meta['groonga']}; {meta['wrk']}")
    w(f"- command: `{meta['command']}` (records from `{meta.get('generator', 'sample_trials/generate')}`)")
    w(f"- servers: `{meta['rinsho_server']}` and `{meta['groonga_server']}` (cold: `--cache-limit 0`; "
      "warm: restarted with its default query cache of 100 entries)")
    w(f"- wrk: `{meta['wrk_command']}` ({meta['duration']} s each, keep-alive; each concurrency reads its own "
      "stretch of the log, the same stretch for all three)")
    if st:
        w(f"- query log (`bench/query_log.py`, seed 14): {st['requests']:,} requests, {st['distinct']:,} distinct, "
          f"{100 * st['seen_once_share']:.1f}% of requests seen only once, the ten most frequent "
          f"{100 * st['top10_share']:.1f}%, {100 * st['filtered_share']:.1f}% with filters")
    w("")
    w("| phase | c | engine | req/s | p50 | p99 | errors / non-2xx | load avg | rinsho req/s ÷ it | rinsho p99 ÷ it |")
    w("|---|---:|---|---:|---:|---:|---|---:|---:|---:|")
    goals = []
    for phase in ("cold", "warm"):
        for c in meta["connections"]:
            runs = {}
            for eng in ("rinsho", "groonga-equal", "groonga-bare"):
                f = os.path.join(d, f"{phase}-{eng}-c{c}.wrk")
                if os.path.exists(f):
                    runs[eng] = parse_wrk(f)
            r = runs.get("rinsho")
            for eng, x in runs.items():
                rr = "" if eng == "rinsho" or not r else f"{ratio(r['rps'], x['rps']):.2f}×"
                rp = "" if eng == "rinsho" or not r else f"{ratio(r['p99_ms'], x['p99_ms']):.2f}×"
                w(f"| {phase} | {c} | {eng} | {x['rps']:,.0f} | {x['p50_ms']:.2f} ms | {x['p99_ms']:.2f} ms | "
                  f"{x['socket_errors']}/{x['non_2xx']} | {la.get(f'{phase}-{eng}-c{c}', '?')} | {rr} | {rp} |")
            if r and "groonga-equal" in runs and "groonga-bare" in runs:
                e, b = runs["groonga-equal"], runs["groonga-bare"]
                goals.append((phase, c, r, e, b))
    w("")
    w("**Issue 14 goals (HTTP)**: at least 3× equal-work Groonga's requests/s with a lower p99, and at least "
      "bare Groonga's requests/s:\n")
    for phase, c, r, e, b in goals:
        ok_e = r["rps"] >= 3 * e["rps"] and r["p99_ms"] < e["p99_ms"]
        ok_b = r["rps"] >= b["rps"]
        w(f"- {phase}, c={c}: {ratio(r['rps'], e['rps']):.2f}× equal work, p99 {r['p99_ms']:.2f} vs {e['p99_ms']:.2f} ms: "
          f"{met(ok_e)}; {ratio(r['rps'], b['rps']):.2f}× bare: {met(ok_b)}")
    return "\n".join(out) + "\n"


def load_section(d):
    meta = load(d, "meta.json")
    if meta.get("queries") == "log":
        return load_log_section(d, meta)
    out = []
    w = out.append
    w(f"### Run {meta['date']}: {meta['records']:,} records (generate {meta['records']} --seed {meta['seed']})\n")
    w(f"- machine: {meta['nproc']} cores, {meta['cpu']}, {meta['mem']}; load average at start {meta['loadavg']}")
    w(f"- commit: `{meta['commit']}`{' (with uncommitted changes)' if meta.get('dirty') else ''}; Groonga: {meta['groonga']}; {meta['wrk']}")
    w(f"- command: `{meta['command']}` (records from `{meta.get('generator', 'sample_trials/generate')}`)")
    w(f"- servers: `{meta['rinsho_server']}` and `{meta['groonga_server']}`")
    w(f"- wrk: `{meta['wrk_command']}` ({meta['duration']} s each, keep-alive, "
      "each request the next of the 300 queries, URL-encoded)\n")
    w("| concurrency | rinsho req/s | Groonga req/s | ratio | rinsho p50 | Groonga p50 | rinsho p99 | Groonga p99 | errors / non-2xx (r, g) |")
    w("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    goals = []
    results = {}
    for c in meta["connections"]:
        r, g = parse_wrk(os.path.join(d, f"rinsho-c{c}.wrk")), parse_wrk(os.path.join(d, f"groonga-c{c}.wrk"))
        results[c] = (r, g)
        w(f"| {c} | {r['rps']:,.0f} | {g['rps']:,.0f} | {ratio(r['rps'], g['rps']):.2f}× | {r['p50_ms']:.2f} ms | "
          f"{g['p50_ms']:.2f} ms | {r['p99_ms']:.2f} ms | {g['p99_ms']:.2f} ms | "
          f"{r['socket_errors']}/{r['non_2xx']}, {g['socket_errors']}/{g['non_2xx']} |")
        goals.append((c, r["rps"] >= 2 * g["rps"] and r["p99_ms"] <= g["p99_ms"], r, g))
    w("")
    w("**Goal**: at least 2× Groonga's requests/s at equal or better p99, facets on for rinsho:\n")
    for c, ok, r, g in goals:
        w(f"- c={c}: {ratio(r['rps'], g['rps']):.2f}× the requests/s, p99 {r['p99_ms']:.2f} vs {g['p99_ms']:.2f} ms: {met(ok)}")
    top = max(meta["connections"])
    r = results[top][0]
    n = meta.get("full_requests", 1200000)
    line = (f"\n**{n:,} searches** (1,200,000 is a year of the access target) at the c={top} rate: {n:,} / "
            f"{r['rps']:,.0f} req/s = {n / r['rps'] / 60:.1f} min" if r["rps"] else "")
    full = os.path.join(d, "rinsho-1.2M.wrk")
    if os.path.exists(full):
        text = open(full, encoding="utf-8", errors="replace").read()
        m = re.search(r"limited run: (\d+) responses in (\d+) s(.*)", text)
        f = parse_wrk(full)
        if m:
            done, secs = int(m.group(1)), int(m.group(2))
            line += (f"; measured by running them: {done:,} responses in {secs} s ({secs / 60:.1f} min, "
                     f"{done / max(secs, 1):,.0f} req/s){m.group(3)}, p99 {f['p99_ms']:.2f} ms, "
                     f"{f['socket_errors']} socket errors, {f['non_2xx']} non-2xx")
    else:
        line += " (not run: over --full-max-seconds, 5 minutes by default, or --no-full)"
    w(line)
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("timev", "search", "wrk", "load"):
        sys.exit(__doc__)
    cmd, arg = sys.argv[1], sys.argv[2]
    if cmd == "timev":
        print(json.dumps(parse_timev(arg)))
    elif cmd == "wrk":
        print(json.dumps(parse_wrk(arg)))
    elif cmd == "search":
        sys.stdout.write(search_section(arg))
    else:
        sys.stdout.write(load_section(arg))


if __name__ == "__main__":
    main()
