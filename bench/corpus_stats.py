#!/usr/bin/env python3
"""Statistics of a JSONL corpus from sample_trials/generate, for bench/RESULTS.md (issue 14).

  python3 bench/corpus_stats.py RECORDS.jsonl [--json FILE]

Mean record size (UTF-8 bytes and characters of the JSON line), mean bytes of the largest fields,
sites and distinct prefectures per record, and the ten most common conditions: by ICD-10 category
(a trial counts once per category, whatever the spelling of its condition) and by exact Japanese name.
"""
import argparse
import collections
import json
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("records")
    ap.add_argument("--json")
    a = ap.parse_args()
    n = size = chars = sites = prefs = 0
    fields, groups, names, label = collections.Counter(), collections.Counter(), collections.Counter(), {}
    with open(a.records, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            n += 1
            size += len(line.rstrip("\n").encode("utf-8"))
            chars += len(line.rstrip("\n"))
            for k in ("plain_summary", "eligibility", "sites"):
                fields[k] += len(json.dumps(r.get(k, ""), ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            s = r.get("sites", [])
            sites += len(s)
            prefs += len({x.get("prefecture") for x in s})
            gs, ns = set(), set()
            for c in r.get("conditions", []):
                ja = c.get("name", {}).get("ja") or c.get("name", {}).get("en", "")
                g = c.get("icd10", "")[:3] or ja
                gs.add(g)
                ns.add(ja)
                label.setdefault(g, ja)
            groups.update(gs)
            names.update(ns)
    out = {"records": n, "mean_bytes": size / n, "mean_chars": chars / n,
           "mean_field_bytes": {k: v / n for k, v in fields.items()},
           "mean_sites": sites / n, "mean_prefectures": prefs / n,
           "top10_icd10": [{"icd10": g, "example": label[g], "share": c / n} for g, c in groups.most_common(10)],
           "top10_names": [{"name": g, "share": c / n} for g, c in names.most_common(10)]}
    if a.json:
        with open(a.json, "w", encoding="utf-8") as fh:
            json.dump(out, fh, ensure_ascii=False, indent=1)
    print(f"{n} records: mean {out['mean_bytes']:.0f} bytes ({out['mean_chars']:.0f} characters); "
          + ", ".join(f"{k} {v:.0f} B" for k, v in out["mean_field_bytes"].items())
          + f"; {out['mean_sites']:.1f} sites in {out['mean_prefectures']:.1f} prefectures")
    print("top 10 conditions by ICD-10 category: " + "; ".join(
        f"{x['icd10']} {x['example']} {100 * x['share']:.1f}%" for x in out["top10_icd10"]))
    print("top 10 conditions by exact name: " + "; ".join(
        f"{x['name']} {100 * x['share']:.1f}%" for x in out["top10_names"]))


if __name__ == "__main__":
    sys.exit(main())
