#!/usr/bin/env python3
"""Fields to register a sample trial: what the researcher portal asks against the schema's fields
that jRCT requires (issue 13). Reads schema/trial.schema.json and a sample record; prints a table.

A "value" is one input a person fills: a ja/en text is two inputs, a list of words (keywords,
countries) is one text box, every other scalar is one input. The portal does not ask for the id
(the server assigns it), the registry's own dates or the sites' coordinates, so those are left
out, as in RESULTS.md's portal counts. The structured eligibility criteria are asked (step 4).

Which fields jRCT requires is taken from the schema's own descriptions: a field is tagged
"(WHO TRDS n)" or "jRCT" where it carries a WHO Trial Registration Data Set item or a jRCT item.
jRCT is a WHO primary registry and MHLW's notices on registering trials in jRCT ask for the WHO
TRDS items, so the assumption is: jRCT requires every TRDS-tagged and jRCT-tagged field the sample
trial has a value for, in Japanese and English where the schema holds both. jRCT's real form asks
for more than the schema holds (per-site investigators and their contacts, the IRB's address,
the domestic representative ...): the jRCT count here is a floor, not jRCT's full form.

    python3 bench/portal_fields.py [sample_trials/records/jRCT2031240001.json]
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_ASKED = [r"^/id$", r"^/dates/(registered|last_updated)$", r"^/sites/\d+/(lat|lon)$"]
TAG = re.compile(r"\(WHO TRDS (\d+)\)|jRCT[: ]|\(jRCT\)|jRCT item")
# jRCT lists the sites of a trial (実施医療機関の名称) although the schema does not tag them as a
# jRCT item; their names count as jRCT's. Prefecture, city and recruiting status per site do not.
JRCT_ALSO = [r"^/sites/\d+/name/(ja|en)$"]
# The structured criteria sit under eligibility (TRDS 14) but are rinsho's own: jRCT takes only the
# free text.
RINSHO_ONLY = [r"^/eligibility/criteria/"]


def deref(schema, node):
    for _ in range(8):
        if not isinstance(node, dict) or "$ref" not in node:
            return node
        target = schema
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def tags_along(schema, pointer):
    """Descriptions from the root to the field: [(partial pointer, description)]."""
    node, out, partial = schema, [], ""
    for token in pointer.split("/")[1:]:
        node = deref(schema, node)
        if token.isdigit():
            node = node.get("items", {})
            partial += "/" + token
            continue
        node = node.get("properties", {}).get(token, {})
        partial += "/" + token
        written = node.get("description") or deref(schema, node).get("description", "")
        out.append((partial, written))
    return out


def values(record, pointer=""):
    """(pointer, kind) of every input the sample fills."""
    if isinstance(record, dict):
        if set(record) <= {"ja", "en"} and all(isinstance(v, str) for v in record.values()) and record:
            for lang in ("ja", "en"):
                if record.get(lang):
                    yield f"{pointer}/{lang}"
            return
        for key, value in record.items():
            yield from values(value, f"{pointer}/{key}")
    elif isinstance(record, list):
        if all(isinstance(v, str) for v in record):
            yield pointer
            return
        for i, value in enumerate(record):
            yield from values(value, f"{pointer}/{i}")
    elif record is not None:
        yield pointer


def main():
    sample = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "sample_trials/records/jRCT2031240001.json"
    schema = json.loads((ROOT / "schema/trial.schema.json").read_text())
    record = json.loads(sample.read_text())
    asked = [p for p in values(record) if not any(re.search(rx, p) for rx in NOT_ASKED)]
    jrct, policy, required = [], [], []
    items = Counter()
    for p in asked:
        chain = tags_along(schema, p)
        tagged = [(partial, d) for partial, d in chain if TAG.search(d)]
        if any(re.search(rx, p) for rx in RINSHO_ONLY):
            tagged = []
        if p.split("/")[1] in schema.get("required", []):
            required.append(p)
        if not tagged and any(re.search(rx, p) for rx in JRCT_ALSO):
            tagged = [("/sites/name", "jRCT site names")]
        if tagged:
            jrct.append(p)
            m = re.search(r"WHO TRDS (\d+)", tagged[-1][1])
            items["TRDS " + m.group(1) if m else "jRCT " + tagged[-1][0].lstrip("/")] += 1
        else:
            policy.append(p)
    print(f"sample: {sample.relative_to(ROOT) if sample.is_relative_to(ROOT) else sample}")
    print(f"values the portal asks for and the sample fills: {len(asked)}")
    print(f"  of which in fields the schema requires (top level): {len(required)}")
    print(f"  in fields jRCT requires (WHO TRDS or jRCT items, and the sites' names): {len(jrct)}")
    print(f"  only rinsho's (plain-language and policy attributes): {len(policy)}")
    print("jRCT-required values by item: " + ", ".join(f"{k} {v}" for k, v in sorted(items.items(), key=lambda kv: (kv[0][:4], int(kv[0][5:]) if kv[0][5:].isdigit() else 0, kv[0]))))
    print("rinsho-only values: " + ", ".join(policy))


if __name__ == "__main__":
    main()
