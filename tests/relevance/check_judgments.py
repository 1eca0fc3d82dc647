#!/usr/bin/env python3
"""Checks the syntax of relevance judgment files (queries.tsv, queries_generalisation.tsv, ...).

Reads only the judgment files and the names of sample_trials/records/*.json; never the engine.
For every non-comment line it checks:
  - 4 or 5 tab-separated columns (kind, query, relevant, note[, must_not]), no empty query or note
  - the kind is one the file's header lists (the '#   kind' block), when the header lists any
  - every relevant and must_not id is a file in the records directory
  - at most 20 relevant ids (recall@20 must be reachable), no id repeated
  - must_not and relevant are disjoint
  - no (kind, query) pair judged twice in the same file

Usage: check_judgments.py [--records DIR] FILE [FILE ...]   (default: every queries*.tsv here)
Exit status 0 when every file is clean, 1 otherwise.
"""
import argparse
import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_RECORDS = os.path.join(HERE, "..", "..", "sample_trials", "records")
MAX_RELEVANT = 20


def header_kinds(lines):
    """The kinds named in the header block '#   kind  a | b |' up to the '#   query' line."""
    kinds, inside = set(), False
    for line in lines:
        if not line.startswith("#"):
            if inside:
                break
            continue
        body = line[1:].strip()
        if re.match(r"kind\b", body):
            inside = True
            body = body[len("kind"):]
        elif inside and re.match(r"query\b", body):
            break
        elif not inside:
            continue
        kinds.update(k.strip() for k in body.split("|") if re.fullmatch(r"[a-z_]+", k.strip()))
    return kinds


def check_file(path, ids):
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    kinds = header_kinds(lines)
    problems, n, seen = [], 0, {}
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        n += 1
        where = f"{path}:{lineno}"
        cols = line.split("\t")
        if len(cols) not in (4, 5):
            problems.append(f"{where}: expected 4 or 5 tab-separated columns, got {len(cols)}")
            continue
        kind, query, rel_s, note = cols[:4]
        rel = rel_s.split()
        must_not = cols[4].split() if len(cols) == 5 else []
        if kinds and kind not in kinds:
            problems.append(f"{where}: kind '{kind}' is not in the header's kind list")
        if not query.strip():
            problems.append(f"{where}: empty query")
        if not note.strip():
            problems.append(f"{where}: empty note ({query})")
        if len(cols) == 5 and not must_not:
            problems.append(f"{where}: fifth column present but empty ({query})")
        for i in rel + must_not:
            if i not in ids:
                problems.append(f"{where}: unknown id {i} ({query})")
        if len(rel) > MAX_RELEVANT:
            problems.append(f"{where}: {len(rel)} relevant ids, at most {MAX_RELEVANT} ({query})")
        if len(set(rel)) != len(rel) or len(set(must_not)) != len(must_not):
            problems.append(f"{where}: an id is repeated ({query})")
        both = set(rel) & set(must_not)
        if both:
            problems.append(f"{where}: relevant and must_not share {' '.join(sorted(both))} ({query})")
        key = (kind, query)
        if key in seen:
            problems.append(f"{where}: ({kind}, {query}) already judged on line {seen[key]}")
        seen[key] = lineno
    return n, problems


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--records", default=DEFAULT_RECORDS)
    p.add_argument("files", nargs="*")
    a = p.parse_args()
    files = a.files or sorted(glob.glob(os.path.join(HERE, "queries*.tsv")))
    ids = {os.path.basename(f)[:-len(".json")] for f in glob.glob(os.path.join(a.records, "*.json"))}
    if not ids:
        print(f"no records in {a.records}")
        return 2
    bad = 0
    for path in files:
        n, problems = check_file(path, ids)
        for msg in problems:
            print(msg)
        print(f"{path}: {n} queries, {len(problems)} problems")
        bad += len(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
