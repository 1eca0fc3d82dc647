#!/usr/bin/env python3
"""A query log that looks like real search traffic, for bench/load (issue 14). Standard library only.

  python3 bench/query_log.py --records RECORDS.jsonl [--queries bench/queries.txt] [--requests N]
                             [--seed S] [--singletons F] [--out LOG.jsonl] [--paths-prefix PREFIX]

Each line of the log is one request: {"q": "...", "status": [...], "phase": [...], "prefecture":
[...], "flags": [...]} (empty lists left out). Two kinds of request, interleaved at random:

- popular: a pool of (query, filters) pairs, drawn with a Zipf distribution (exponent 1.0, the
  most popular first). The pool is every query of bench/queries.txt without filters and, for about
  a third of the pool, the same query with one or two of the filters people use (recruiting only,
  a prefecture, phase 2 or 3, children, remote participation, international);
- seen once (--singletons, default 0.45 of the requests): each exactly once in the whole log and
  never in the popular pool: rare drugs and drug codes (an intervention name of the records with a
  condition or prefecture beside it), typos of popular queries (a character dropped, doubled,
  swapped or replaced by a neighbouring kana), and long phrases copied from the records' plain
  summaries and criteria (12-40 characters of Japanese, 4-9 words of English).

The same --records, --queries, --requests, --seed and --singletons give the same log. With
--paths-prefix, PREFIX.rinsho.paths (GET /api/v1/trials?...) and, through bench/groonga_bench.py,
PREFIX.groonga-bare.paths and PREFIX.groonga-equal.paths are written too, one URL path a line in
log order, for bench/load.lua. The statistics (distinct requests, the share of requests seen once,
the share of the ten most frequent) are printed and written to LOG.stats.json.
"""

import argparse
import bisect
import collections
import json
import os
import random
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import groonga_bench  # noqa: E402

# Filters people add, with how often each is picked when a popular query gets filters.
FILTERS = [
    ({"status": ["recruiting"]}, 5),
    ({"prefecture": ["13"]}, 3), ({"prefecture": ["27"]}, 2), ({"prefecture": ["14"]}, 1),
    ({"prefecture": ["23"]}, 1), ({"prefecture": ["40"]}, 1), ({"prefecture": ["01"]}, 1),
    ({"prefecture": ["26"]}, 1), ({"prefecture": ["11", "12", "13", "14"]}, 1),
    ({"phase": ["3"]}, 2), ({"phase": ["2", "3"]}, 1),
    ({"flags": ["pediatric"]}, 1), ({"flags": ["dct"]}, 1), ({"flags": ["international"]}, 1),
]
P_FILTERED = 0.35        # share of the popular pool that carries filters
ZIPF_S = 1.0
PREFECTURES_JA = ["東京", "大阪", "神奈川", "愛知", "福岡", "北海道", "京都", "兵庫", "千葉", "埼玉", "宮城", "広島"]
CONDITION_WORDS_JA = ["がん", "治験", "臨床試験", "新薬", "患者", "薬", "募集", "参加"]
KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
KATA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
SENTENCE_SPLIT = re.compile(r"[。．\n]")


def read_records(path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def vocabulary(records_path, limit=20000):
    """Intervention names and text passages from the first `limit` records."""
    drugs, ja_text, en_text, seen = [], [], [], set()
    for i, r in enumerate(read_records(records_path)):
        if i >= limit:
            break
        for iv in r.get("interventions", []):
            for lang in ("ja", "en"):
                n = (iv.get("name") or {}).get(lang, "")
                if n and n not in seen and len(n) <= 40:
                    seen.add(n)
                    drugs.append(n)
        for key in ("plain_summary",):
            t = r.get(key) or {}
            ja_text.extend(s for s in SENTENCE_SPLIT.split(t.get("ja", "")) if len(s) >= 14)
            en_text.extend(s for s in re.split(r"(?<=\.)\s+", t.get("en", "")) if len(s.split()) >= 5)
        el = r.get("eligibility") or {}
        for key in ("inclusion", "exclusion"):
            t = el.get(key) or {}
            ja_text.extend(s for s in t.get("ja", "").split("\n") if len(s) >= 14)
    return drugs, ja_text, en_text


def typo(q, rng):
    chars = list(q)
    if len(chars) < 2:
        return q + KANA[rng.randrange(len(KANA))]
    i = rng.randrange(len(chars))
    kind = rng.randrange(4)
    if kind == 0:
        del chars[i]
    elif kind == 1:
        chars.insert(i, chars[i])
    elif kind == 2 and i + 1 < len(chars):
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    else:
        c = chars[i]
        pool = KATA if c in KATA else KANA if c in KANA else "abcdefghijklmnopqrstuvwxyz" if c.isascii() else KANA
        chars[i] = pool[rng.randrange(len(pool))]
    return "".join(chars)


def phrase(rng, ja_text, en_text):
    if en_text and rng.random() < 0.3:
        words = en_text[rng.randrange(len(en_text))].split()
        n = rng.randint(4, min(9, len(words)))
        k = rng.randrange(len(words) - n + 1)
        return " ".join(words[k:k + n]).strip(".,;:()")
    s = re.sub(r"^\s*(?:\(?\d+\)|\d+[.)．])\s*", "", ja_text[rng.randrange(len(ja_text))]).strip()
    if len(s) <= 12:
        return s
    n = rng.randint(12, min(40, len(s)))
    k = rng.randrange(len(s) - n + 1)
    return s[k:k + n].strip()


def key(entry):
    return json.dumps(entry, ensure_ascii=False, sort_keys=True)


def build(a):
    rng = random.Random(a.seed)
    queries = [e["q"] for e in groonga_bench.read_queries(a.queries)]
    drugs, ja_text, en_text = vocabulary(a.records)
    fw = [w for _, w in FILTERS]
    fcum = [sum(fw[:i + 1]) for i in range(len(fw))]

    def pick_filter():
        return FILTERS[bisect.bisect_right(fcum, rng.random() * fcum[-1])][0]

    pool, seen = [], set()
    for q in queries:
        for e in ({"q": q},):
            if key(e) not in seen:
                seen.add(key(e))
                pool.append(e)
        if rng.random() < P_FILTERED / (1 - P_FILTERED):
            e = {"q": q}
            for _ in range(1 if rng.random() < 0.7 else 2):
                e.update(pick_filter())
            if key(e) not in seen:
                seen.add(key(e))
                pool.append(e)
    rng.shuffle(pool)  # popularity rank, independent of the file order
    zcum, acc = [], 0.0
    for r in range(1, len(pool) + 1):
        acc += 1.0 / r ** ZIPF_S
        zcum.append(acc)

    def singleton():
        for _ in range(1000):
            kind = rng.random()
            if kind < 0.35:
                d = drugs[rng.randrange(len(drugs))]
                extra = rng.random()
                if extra < 0.4:
                    q = d + " " + PREFECTURES_JA[rng.randrange(len(PREFECTURES_JA))]
                elif extra < 0.8:
                    q = d + " " + CONDITION_WORDS_JA[rng.randrange(len(CONDITION_WORDS_JA))]
                else:
                    q = d
                e = {"q": q}
            elif kind < 0.65:
                e = {"q": typo(pool[rng.randrange(len(pool))]["q"], rng)}
            else:
                e = {"q": phrase(rng, ja_text, en_text)}
            if rng.random() < 0.2:
                e.update(pick_filter())
            if e["q"].strip() and key(e) not in seen:
                seen.add(key(e))
                return e
        raise SystemExit("query_log: could not find a new singleton query (vocabulary too small)")

    n_single = int(round(a.requests * a.singletons))
    n_pop = a.requests - n_single
    # Popular requests may still happen to occur once (the Zipf tail): measured below, not assumed.
    log = [pool[bisect.bisect_right(zcum, rng.random() * zcum[-1])] for _ in range(n_pop)]
    log += [singleton() for _ in range(n_single)]
    rng.shuffle(log)
    return log


def stats(log):
    counts = collections.Counter(key(e) for e in log)
    once = sum(1 for e in log if counts[key(e)] == 1)
    top = counts.most_common(10)
    return {"requests": len(log), "distinct": len(counts), "seen_once_share": once / len(log),
            "top10_share": sum(c for _, c in top) / len(log),
            "filtered_share": sum(1 for e in log if len(e) > 1) / len(log),
            "top10": [[json.loads(k), c] for k, c in top]}


def rinsho_path(e):
    params = []
    if e.get("q"):
        params.append(("q", e["q"]))
    for k in ("status", "phase", "category", "study_type", "prefecture"):
        for v in e.get(k, []):
            params.append((k, v))
    for f in e.get("flags", []):
        params.append((f, "true"))
    return "/api/v1/trials?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", required=True, help="JSONL records (drug names and text passages)")
    ap.add_argument("--queries", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "queries.txt"))
    ap.add_argument("--requests", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--singletons", type=float, default=0.45)
    ap.add_argument("--out", required=True)
    ap.add_argument("--paths-prefix")
    a = ap.parse_args()
    log = build(a)
    with open(a.out, "w", encoding="utf-8") as fh:
        for e in log:
            fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    st = stats(log)
    with open(a.out + ".stats.json", "w", encoding="utf-8") as fh:
        json.dump(st, fh, ensure_ascii=False, indent=1)
    if a.paths_prefix:
        with open(a.paths_prefix + ".rinsho.paths", "w", encoding="utf-8") as fh:
            fh.writelines(rinsho_path(e) + "\n" for e in log)
        for mode in ("bare", "equal"):
            with open(f"{a.paths_prefix}.groonga-{mode}.paths", "w", encoding="utf-8") as fh:
                fh.writelines(groonga_bench.select_path(e, mode) + "\n" for e in log)
    print(f"{a.out}: {st['requests']} requests, {st['distinct']} distinct, {100 * st['seen_once_share']:.1f}% seen "
          f"once, the ten most frequent {100 * st['top10_share']:.1f}%, with filters {100 * st['filtered_share']:.1f}%",
          file=sys.stderr)


if __name__ == "__main__":
    main()
