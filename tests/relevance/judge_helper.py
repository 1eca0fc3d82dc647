#!/usr/bin/env python3
"""Lists candidate trials for a relevance judgment, straight from the sample records.

This never runs the search engine: it reads sample_trials/records/*.json and filters them by
structured criteria, so a person can read the candidates and decide which ones a patient typing
the query would want to see. Criteria:

  topic (any of these matches):  --cond REGEX   condition names (ja/en)
                                 --icd PREFIX   ICD-10 code prefix (repeatable)
                                 --text REGEX   titles, summary, conditions, keywords,
                                                interventions, inclusion criteria
  and all of these hold:         --flag NAME    dct, dct:remote_visits, ..., pediatric, orphan,
                                                international, fih, single_irb, drug_loss, healthy
                                 --pref CODE    a site in this JIS prefecture code (01..47)
                                 --status S     recruitment_status
                                 --phase P      phase ("1", "1/2", "3", ...)
                                 --modality M   modality

  --ids                print the matching ids on one line (for pasting into queries.tsv)
  --check FILE         validate a queries.tsv: ids exist, no duplicates, must_not disjoint
  --show ID [ID...]    print one trial's searchable text in full

Examples:
  judge_helper.py --cond '肺(癌|がん)|lung cancer' --icd C34
  judge_helper.py --icd C50 --status recruiting
  judge_helper.py --cond 'てんかん|epilep' --flag pediatric
"""
import argparse
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_RECORDS = os.path.join(HERE, "..", "..", "sample_trials", "records")
FLAG_NAMES = ["single_irb", "international", "fih", "pediatric", "orphan", "drug_loss"]


def load(records_dir):
    recs = []
    for f in sorted(glob.glob(os.path.join(records_dir, "*.json"))):
        with open(f, encoding="utf-8") as fh:
            recs.append(json.load(fh))
    return recs


def flags_of(r):
    f = r.get("flags", {})
    out = set()
    dct = f.get("dct", {})
    for k, v in dct.items():
        if v:
            out.add("dct:" + k)
    if any(dct.values()):
        out.add("dct")
    for k in FLAG_NAMES:
        if f.get(k):
            out.add(k)
    if r.get("eligibility", {}).get("healthy_volunteers"):
        out.add("healthy")
    return out


def bi(t):
    return [t.get("ja", ""), t.get("en", "")] if isinstance(t, dict) else []


def fields(r):
    """(field name, text) pairs a searcher would reasonably index."""
    out = [("public_title", s) for s in bi(r.get("public_title"))]
    out += [("scientific_title", s) for s in bi(r.get("scientific_title"))]
    out += [("plain_summary", s) for s in bi(r.get("plain_summary"))]
    for c in r.get("conditions", []):
        out += [("condition", s) for s in bi(c.get("name"))]
    out += [("keyword", k) for k in r.get("keywords", [])]
    for i in r.get("interventions", []):
        out += [("intervention", s) for s in bi(i.get("name")) + bi(i.get("description"))]
    el = r.get("eligibility", {})
    out += [("inclusion", s) for s in bi(el.get("inclusion"))]
    return out


def cond_names(r):
    return [s for c in r.get("conditions", []) for s in bi(c.get("name"))]


def summary_line(r):
    conds = "; ".join(f"{c['name']['ja']} [{c.get('icd10', '')}]" for c in r.get("conditions", []))
    prefs = ",".join(sorted({s.get("prefecture", "") for s in r.get("sites", [])}))
    return (f"{r['id']}  ph{r.get('phase')} {r.get('recruitment_status')} {r.get('modality')} "
            f"[{','.join(sorted(flags_of(r)))}]\n    {r['public_title']['ja']}\n    {conds}  pref:{prefs}")


def topic_hits(r, a):
    hits = []
    if a.cond and any(re.search(a.cond, n, re.I) for n in cond_names(r)):
        hits.append("cond")
    if a.icd and any(c.get("icd10", "").startswith(p) for c in r.get("conditions", []) for p in a.icd):
        hits.append("icd")
    if a.text:
        for name, s in fields(r):
            m = re.search(a.text, s, re.I)
            if m:
                lo, hi = max(0, m.start() - 15), min(len(s), m.end() + 15)
                hits.append(f"{name}:…{s[lo:hi]}…".replace("\n", " "))
                break
    return hits


def select(recs, a):
    has_topic = a.cond or a.icd or a.text
    for r in recs:
        hits = topic_hits(r, a) if has_topic else ["*"]
        if not hits:
            continue
        fl = flags_of(r)
        if any(f not in fl for f in a.flag):
            continue
        if a.pref and not any(s.get("prefecture") in a.pref for s in r.get("sites", [])):
            continue
        if a.status and r.get("recruitment_status") not in a.status:
            continue
        if a.phase and r.get("phase") not in a.phase:
            continue
        if a.modality and r.get("modality") not in a.modality:
            continue
        yield r, hits


def check(recs, path):
    ids = {r["id"] for r in recs}
    problems, n = 0, 0
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            n += 1
            if len(cols) < 4:
                print(f"{path}:{lineno}: expected at least 4 columns, got {len(cols)}")
                problems += 1
                continue
            rel = cols[2].split()
            must_not = cols[4].split() if len(cols) > 4 else []
            for i in rel + must_not:
                if i not in ids:
                    print(f"{path}:{lineno}: unknown id {i} ({cols[1]})")
                    problems += 1
            if len(set(rel)) != len(rel):
                print(f"{path}:{lineno}: duplicate ids ({cols[1]})")
                problems += 1
            if set(rel) & set(must_not):
                print(f"{path}:{lineno}: id both relevant and must_not ({cols[1]})")
                problems += 1
    print(f"{n} queries, {problems} problems")
    return problems == 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--records", default=DEFAULT_RECORDS)
    p.add_argument("--cond")
    p.add_argument("--icd", action="append", default=[])
    p.add_argument("--text")
    p.add_argument("--flag", action="append", default=[])
    p.add_argument("--pref", action="append", default=[])
    p.add_argument("--status", action="append", default=[])
    p.add_argument("--phase", action="append", default=[])
    p.add_argument("--modality", action="append", default=[])
    p.add_argument("--ids", action="store_true")
    p.add_argument("--check")
    p.add_argument("--show", nargs="+")
    a = p.parse_args()
    recs = load(a.records)
    if a.check:
        sys.exit(0 if check(recs, a.check) else 1)
    if a.show:
        for r in recs:
            if r["id"] in a.show:
                print(summary_line(r))
                for name, s in fields(r):
                    print(f"  {name}: {s}")
        return
    found = list(select(recs, a))
    if a.ids:
        print(" ".join(r["id"] for r, _ in found))
        return
    for r, hits in found:
        print(summary_line(r))
        print("    matched: " + " | ".join(hits))
    print(f"{len(found)} candidates of {len(recs)} records")


if __name__ == "__main__":
    main()
