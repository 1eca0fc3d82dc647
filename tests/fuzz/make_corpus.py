#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/ and the dictionaries of tests/fuzz/dict/ from the repository's own data (sample records,
tests/data fixtures, cut into small pieces so each input runs fast) and from hand-written hostile
inputs. Deterministic: running it again gives the same files, so the corpus can be regenerated
after a format change. Files libFuzzer added by -merge (named by their SHA-1) are left alone.

    tests/fuzz/make_corpus.py
"""
import json
import pathlib
import re

root = pathlib.Path(__file__).resolve().parents[2]
corpus = root / "tests/fuzz/corpus"
records = sorted((root / "sample_trials/records").glob("*.json"))
data = root / "tests/data"
SEP = "\x1f"  # fuzz_render.cpp's field separator

# Hostile text shared by several targets: the bytes and characters parsers get wrong.
HOSTILE_TEXT = [
    b"\xc0\xaf",                      # overlong '/'
    b"\xe0\x80\xbc",                  # overlong '<'
    b"\xed\xa0\x80",                  # lone high surrogate, UTF-8 encoded (CESU)
    b"\xed\xbf\xbf\xed\xa0\x80",      # reversed surrogate pair
    b"\xf4\x90\x80\x80",              # past U+10FFFF
    b"\xff\xfe\x00",
    b"abc\xe3\x81",                   # truncated sequence at the end
    "\ufdfa".encode(),                # NFKC expands one character to 18
    "\u0130\u00df\ufb03".encode(),    # case folds that change length: İ ß ﬃ
    "ｸﾛｰﾝ病 ｶﾞﾝ".encode(),
    "腦腫瘍 醫療".encode(),
    "ーーーー―‐－ｰ".encode(),
    "a\u0301\u0301\u0301\u0301".encode(),
    "\u202eevil\u202c \u200d\u200b".encode(),
    "👨‍👩‍👧‍👦 🇯🇵".encode(),
    b"x\x00y",
    ("が" * 300).encode(),
    ("a" * 600).encode(),
]


def write(target, name, content):
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(content if isinstance(content, bytes) else content.encode())


def spread(items, n):
    """n items spread evenly over the list, so seeds cover its variety."""
    step = max(1, len(items) // n)
    return items[::step][:n]


def record_json():
    for f in spread(records, 10):
        write("record_json", f.name, f.read_bytes())
    base = json.loads((root / "sample_trials/records/jRCT2031240001.json").read_text())

    def variant(name, change):
        r = json.loads(json.dumps(base))
        change(r)
        write("record_json", name, json.dumps(r, ensure_ascii=False))

    variant("no-id.json", lambda r: r.pop("id"))
    variant("system-fields.json", lambda r: r.update(version=3, created_at="x", owner_org="o"))
    variant("float-integer.json", lambda r: r.update(target_enrollment=1e300))
    variant("fraction-integer.json", lambda r: r.update(target_enrollment=12.5))
    variant("negative-age.json", lambda r: r["eligibility"].update(min_age_years=-0.0, max_age_years=1e308))
    variant("leap-day.json", lambda r: r["dates"].update(registered="2023-02-29", last_updated="0000-01-01"))
    variant("empty-lists.json", lambda r: r.update(conditions=[], sites=[], countries=[]))
    variant("nulls.json", lambda r: r.update(plain_summary=None, sites=None))
    variant("hostile-text.json", lambda r: r["public_title"].update(ja="<script>\u0000\ud7ff\ufdfa", en="\u202e"))
    hostile = [
        b"1e400", b"-1e400", b'{"a":1e400}', b'{"target_enrollment":1E+999}', b"123456789012345678901234567890",
        b"-9223372036854775809", b"18446744073709551616", b"[1.7976931348623157e309]", b"0.0000000000e-99999",
        b'"\\ud800"', b'"\\udc00\\ud800"', b'{"k":"\\ud83d"}', b'"\xc0\xaf"', b'"\xed\xa0\x80"', b'"\xf4\x90\x80\x80"',
        b"\xef\xbb\xbf{}", b'{"a":1,"a":2}', b'{"a":{"b":1,"b":2},"c/~d":{"e":1,"e":2}}', b"[" * 40 + b"]" * 40,
        b'{"a":' * 33 + b"1" + b"}" * 33, b"[" * 5000, b'{"":""}', b"{}", b"[]", b"null", b'"\\u0000"',
        b"/* c */ {}", b"{\"a\":1,}", b"\x00", b'{"id":"jRCT2031240001","id":"x"}',
    ]
    for i, h in enumerate(hostile):
        write("record_json", f"hostile-{i:02}.json", h)


def query():
    queries = [
        "肺がん", "EGFR 肺がん TKI", '"非小細胞肺癌" OR 乳がん -小児', "「潰瘍性大腸炎」", "クローン病", "ローン",
        "ｸﾛｰﾝ病", "はいがん 東京", "ＥＧＦＲ　変異", "jRCT2031240001", "ｊｒｃｔ２０３１２４０００１", "NCT04176289",
        "UMIN000012345", "JapicCTI-194987", "2023-504412-29", "MK-3475", "小児 募集中 第3相", "breast cancer phase 3",
        "に対する治療", "2.5mg", "-", '"', "「", " OR ", "--a", "((()))", "<script>alert(1)</script>", "a'b\"c&d",
        "Ⅲ期 ⅳ", "ｱﾙﾂﾊｲﾏｰ型認知症", "カルボプラチン-パクリタキセル", "RN−4521",
    ]
    for i, q in enumerate(queries):
        write("query", f"q-{i:02}", q)
    for i, h in enumerate(HOSTILE_TEXT):
        write("query", f"hostile-{i:02}", h)


def search_params():
    params = [
        "q=肺がん&status=recruiting", "q=EGFR&phase=2,3&phase=3&category=corporate_trial",
        "near=35.68,139.76&sort=nearest&within_km=10", "near=90,180&within_km=20000", "near=-90.0,-180",
        "age=40&sex=female&healthy=true", "dct=home_visits,econsent&dct=true&pediatric=1&orphan=no",
        "prefecture=13,27&country=JP,US", "page=2&page_size=100", "page=1000000&page_size=1", "cursor=o9980",
        "cursor=o18446744073709551616", "cursor=o-1", "cursor=", "page=0", "page=1e6", "page=nan", "age=inf",
        "age=1e400", "age=-0", "within_km=1e-400&near=0,0", "near=1e400,0", "near=,", "near=35.68", "sort=oldest",
        "facets=false&lang=en", "lang=fr", "unknown=1", "q", "=", "&&&", "q=a&q=b&q=", "condition=c1,,c2,",
        "status=,,,", "page_size=0.5", "page_size=100.9", "modality=drug&study_type=interventional",
        "q=" + "a" * 1001,
    ]
    for i, p in enumerate(params):
        write("search_params", f"p-{i:02}", p)
    for i, h in enumerate(HOSTILE_TEXT[:7]):
        write("search_params", f"hostile-{i:02}", b"q=" + h + b"&condition=" + h)


def render():
    """The first byte of each input picks the page and language (fuzz_render.cpp): each seed in all four."""
    def write_render(name, content):
        content = content if isinstance(content, bytes) else content.encode()
        for mode in b"0123":
            write("render", f"{name}-{chr(mode)}", bytes([mode]) + content)

    texts = [
        "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)", " JaVaScRiPt:alert(1)",
        "https://example.org/\"onmouseover=alert(1)", "mailto:a@b?subject=<x>", "tel:+81-3-1234-5678<",
        "{{title}}", "{{{body}}}", "{{=<% %>=}}<%title%>", "{n} {km} {{n}}", "</script><script>alert(1)</script>",
        "&lt;b&gt;", "&#60;", "\\u003c", "]]>", "<!--", "肺がん <mark>x</mark>", "EGFR遺伝子変異のある肺がん",
    ]
    write_render("plain", SEP.join(["非小細胞肺癌", "Non-small cell lung cancer", "肺がん", "lung cancer"]))
    write_render("hostile-all", SEP.join(texts))
    for i, t in enumerate(texts):
        write_render(f"hostile-{i:02}", SEP.join([t, "肺がん", t + "肺がん" + t]))
    for i, h in enumerate(HOSTILE_TEXT[:9]):
        write_render(f"bytes-{i:02}", SEP.encode().join([h, b"<" + h, "肺がん".encode()]))


def http():
    record = (root / "sample_trials/records/jRCT2031240001.json").read_text()
    new_record = json.loads(record)
    new_record.pop("id")
    new_record = json.dumps(new_record, ensure_ascii=False)
    json_headers = "Authorization: Bearer $TOKEN\nContent-Type: application/json\n"
    requests = {
        "top": "GET /\n\n", "top-head": "HEAD /?lang=en\n\n",
        "search": "GET /search?q=%E8%82%BA%E3%81%8C%E3%82%93&status=recruiting&lang=en\n\n",
        "search-bad": "GET /search?page=0&near=1e400,0&x=%FF\n\n",
        "trial-page": "GET /trials/jRCT2031240001?lang=en&near=35.68,139.76\nAccept-Language: en\n\n",
        "trial-missing": "GET /trials/jRCT9999999999\n\n",
        "glossary": "GET /glossary\n\n", "about": "GET /about?lang=fr\n\n", "stats": "GET /stats\n\n",
        "static": "GET /static/site.css\n\n", "static-missing": "GET /static/..%2F..%2Fetc%2Fpasswd\n\n",
        "sitemap": "GET /sitemap.xml\n\n", "sitemap-part": "GET /sitemap-1.xml\n\n", "robots": "GET /robots.txt\n\n",
        "favicon": "GET /favicon.ico\n\n", "healthz": "GET /healthz\n\n", "readyz": "GET /readyz\n\n",
        "metrics": "GET /metrics\n\n",
        "api-search": "GET /api/v1/trials?q=EGFR+%E8%82%BA%E3%81%8C%E3%82%93&near=35.68,139.76&sort=nearest\n\n",
        "api-search-bad": "GET /api/v1/trials?page_size=1000&cursor=oo&lang=en\n\n",
        "api-trial": "GET /api/v1/trials/jRCT2031240001?format=fhir\nIf-None-Match: \"x\", *\n\n",
        "api-versions": "GET /api/v1/trials/jRCT2031240001/versions\n\n",
        "api-version": "GET /api/v1/trials/jRCT2031240001/versions/1\n\n",
        "api-version-huge": "GET /api/v1/trials/jRCT2031240001/versions/99999999999999999999\n\n",
        "api-suggest": "GET /api/v1/suggest?q=%E3%81%AF%E3%81%84\n\n",
        "api-openapi": "GET /api/v1/openapi.json\n\n", "api-schema": "GET /api/v1/trial.schema.json\n\n",
        "api-stats": "GET /api/v1/stats\n\n", "api-stats-trials": "GET /api/v1/stats/trials\nAuthorization: Bearer $TOKEN\n\n",
        "export-ndjson": "GET /api/v1/export.ndjson\n\n", "export-csv": "GET /api/v1/export.csv\n\n",
        "export-fhir": "GET /api/v1/export?format=fhir\n\n", "export-bad": "GET /api/v1/export?format=pdf\n\n",
        "validate": "POST /api/v1/trials/validate\nContent-Type: application/json\n\n" + record,
        "validate-1e400": "POST /api/v1/trials/validate\nContent-Type: application/json\n\n{\"target_enrollment\":1e400}",
        "validate-deep": "POST /api/v1/trials/validate\nContent-Type: application/json\n\n" + "[" * 40 + "]" * 40,
        "post": "POST /api/v1/trials\n" + json_headers + "Idempotency-Key: k1\n\n" + new_record,
        "post-no-token": "POST /api/v1/trials\nContent-Type: application/json\n\n" + new_record,
        "post-text": "POST /api/v1/trials\nAuthorization: Bearer $TOKEN\nContent-Type: text/plain\n\n{}",
        "put": "PUT /api/v1/trials/jRCT2031240001\n" + json_headers + "If-Match: \"1\"\n\n" + record,
        "put-other-id": "PUT /api/v1/trials/jRCT1032190004\n" + json_headers + "\n" + record,
        "import": "POST /api/v1/import?format=ctgov-json\n" + json_headers + "\n"
                  + (data / "ctgov_aact_fixtures/v2_json/NCT00973089.json").read_text(),
        "import-bad": "POST /api/v1/import?format=ictrp-xml&x=1\nAuthorization: Bearer $TOKEN\n\n<Trials>",
        "wrong-method": "DELETE /api/v1/trials/jRCT2031240001\n\n", "put-page": "PUT /search\n\n",
        "unknown-api": "GET /api/v2/nothing\n\n", "unknown-page": "GET /nothing%00%FF\nAccept-Language: en-US\n\n",
        "api-root": "GET /api\n\n", "options": "OPTIONS /api/v1/trials\n\n",
        "bad-token": "POST /api/v1/trials/validate\nAuthorization: Bearer \xff\xfe\nContent-Type: application/json\n\n{}",
        "bearer-empty": "GET /api/v1/stats/trials\nAuthorization: Bearer\n\n",
    }
    for name, text in requests.items():
        write("http", name, text.encode("utf-8", "surrogateescape"))


def importers():
    ictrp = (data / "who_ictrp_xml_machado/ICTRP-Results-1.xml").read_text()
    trials = re.findall(r"<Trial>.*?</Trial>", ictrp, re.S)
    for i, t in enumerate(spread(trials, 12)):
        write("ictrp_xml", f"trial-{i:02}.xml", "<?xml version='1.0' encoding='UTF-8' ?>\n<Trials_downloaded_from_ICTRP>\n"
              + t + "\n</Trials_downloaded_from_ICTRP>\n")
    for i, h in enumerate([b"<Trials_downloaded_from_ICTRP><Trial><TrialID>" + x + b"</TrialID></Trial>"
                           for x in HOSTILE_TEXT[:7]] + [b"<!DOCTYPE x [<!ENTITY a \"&a;&a;\">]><x>&a;</x>",
                                                         b"<" * 100, b"<Trial>" * 200]):
        write("ictrp_xml", f"hostile-{i:02}.xml", h)
    for src in sorted((data / "who_ictrp_covid19_ebmdatalab").glob("*.csv")):
        lines = src.read_bytes().split(b"\n")
        for i in range(0, 6):
            write("ictrp_csv", f"{src.stem[:12]}-{i}.csv", b"\n".join([lines[0]] + lines[1 + i * 3:4 + i * 3]) + b"\n")
    for i, h in enumerate([b'TrialID\n"unterminated', b"\xef\xbb\xbfTrialID,Public title\nJPRN-1,\"a\"\"b\"\n",
                           b"TrialID," * 300 + b"\n", b"\r\r\n,,,\n"] + [b"TrialID,Public title\nx," + h for h in HOSTILE_TEXT[:7]]):
        write("ictrp_csv", f"hostile-{i:02}.csv", h)
    for f in sorted((data / "ctgov_aact_fixtures/v2_json").glob("*.json")):
        if f.stat().st_size < 40000:
            write("ctgov_json", f.name, f.read_bytes())
    classic = json.loads((data / "ctgov_aact_fixtures/classic_api_json/covid-19-search-subset.json").read_text())
    studies = classic["FullStudiesResponse"]["FullStudies"]
    for i, s in enumerate(spread(studies, 4)):
        one = json.loads(json.dumps(classic))
        one["FullStudiesResponse"]["FullStudies"] = [s]
        write("ctgov_json", f"classic-{i}.json", json.dumps(one))
    for i, h in enumerate([b"1e400", b'{"protocolSection":{"identificationModule":{"nctId":"\\ud800"}}}',
                           b'{"studies":[' + b"[" * 300 + b"]" * 300 + b"]}", b'{"a":1,"a":2}', b'\xc0\xaf']):
        write("ctgov_json", f"hostile-{i:02}.json", h)
    for f in sorted((data / "ctgov_aact_fixtures/legacy_xml").glob("*.xml")):
        if f.stat().st_size < 40000:
            write("ctgov_xml", f.name, f.read_bytes())
    for i, h in enumerate([b"<clinical_study><id_info><nct_id>" + x + b"</nct_id></id_info></clinical_study>"
                           for x in HOSTILE_TEXT[:7]] + [b"<clinical_study>" * 300, b"<?xml version='1.0'?><!DOCTYPE a>"]):
        write("ctgov_xml", f"hostile-{i:02}.xml", h)


def dict_entry(token):
    out = ""
    for b in token.encode():
        out += chr(b) if 0x20 <= b < 0x7F and chr(b) not in '"\\' else f"\\x{b:02X}"
    return f'"{out}"'


def write_dict(target, tokens):
    d = root / "tests/fuzz/dict"
    d.mkdir(exist_ok=True)
    unique = sorted(set(t for t in tokens if t))
    (d / f"{target}.dict").write_text(f"# {target}: written by tests/fuzz/make_corpus.py\n"
                                      + "".join(dict_entry(t) + "\n" for t in unique))


def dictionaries():
    schema = json.loads((root / "schema/trial.schema.json").read_text())
    keys, enums = set(), set()

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "properties" and isinstance(v, dict):
                    keys.update(v)
                if k == "enum":
                    enums.update(x for x in v if isinstance(x, str))
                walk(v)
        elif isinstance(node, list):
            for x in node:
                walk(x)

    walk(schema)
    json_tokens = ["{", "}", "[", "]", ":", ",", "true", "false", "null", "1e400", "-0", "0.5", "\\u0000", "\\ud800",
                   "\\udc00", "\\\"", "2024-02-29", "jRCT2031240001"]
    write_dict("record_json", json_tokens + [f'"{k}":' for k in keys] + [f'"{e}"' for e in enums])
    query_tokens = ['"', "「", "」", " OR ", " -", "-", "(", ")", "ー", "ｰ", "－", "が", "ん", "肺", "癌", "がん", "ガン",
                    "クローン", "ローン", "小児", "募集中", "第3相", "egfr", "jrct", "nct", "umin", "japiccti-", "000000",
                    "\ufdfa", "\u0130", "\u3099", "\u309a", "\ud7ff", "\uff76", "\uff9e"]
    write_dict("query", query_tokens)
    params = ["q", "status", "phase", "category", "study_type", "modality", "prefecture", "country", "condition", "age",
              "sex", "healthy", "dct", "single_irb", "international", "fih", "pediatric", "orphan", "drug_loss", "near",
              "within_km", "sort", "page_size", "page", "cursor", "facets", "lang"]
    write_dict("search_params", [p + "=" for p in params] + ["&", ",", "true", "false", "nan", "inf", "1e400", "o",
                                                             "nearest", "relevance", "newest", "updated", "female",
                                                             "male", "all", "en", "35.68,139.76"] + list(enums))
    write_dict("render", ["<", ">", '"', "'", "&", "\x1f", "<script>", "</script>", "javascript:", "https://", "mailto:",
                          "tel:", "{{", "}}", "{{{", "{n}", "<mark>", "\u2028", "]]>", "<!--"])
    routes = ["/", "/search", "/trials/jRCT2031240001", "/glossary", "/about", "/stats", "/static/site.css",
              "/static/stats.css", "/sitemap.xml", "/sitemap-1.xml", "/robots.txt", "/favicon.ico", "/healthz",
              "/readyz", "/metrics", "/api/v1/trials", "/api/v1/trials/jRCT2031240001", "/versions", "/versions/1",
              "/api/v1/suggest", "/api/v1/openapi.json", "/api/v1/trial.schema.json", "/api/v1/stats",
              "/api/v1/stats/trials", "/api/v1/export", "/api/v1/export.ndjson", "/api/v1/export.csv",
              "/api/v1/import", "/api/v1/trials/validate"]
    headers = ["Authorization: Bearer $TOKEN\n", "Content-Type: application/json\n", "If-Match: ", "If-None-Match: ",
               "Idempotency-Key: ", "Accept-Language: ", "User-Agent: ", "\n\n"]
    write_dict("http", ["GET ", "HEAD ", "POST ", "PUT ", "DELETE "] + routes + headers + [p + "=" for p in params]
               + ["?", "&", "%", "%FF", "%00", "format=", "fhir", "ctgov-json", "ictrp-xml", "ictrp-csv", "ctgov-xml"])
    tags = set(re.findall(r"<([A-Za-z_]+)>", (data / "who_ictrp_xml_machado/ICTRP-Results-1.xml").read_text()))
    write_dict("ictrp_xml", [f"<{t}>" for t in tags] + [f"</{t}>" for t in tags] + ["<![CDATA[", "]]>", "&amp;", "&#"])
    for f in sorted((data / "ctgov_aact_fixtures/legacy_xml").glob("*.xml"))[:4]:
        tags |= set(re.findall(r"<([a-z_]+)>", f.read_text()))
    write_dict("ctgov_xml", [f"<{t}>" for t in tags if t.islower()] + [f"</{t}>" for t in tags if t.islower()])
    v2 = set()
    for f in sorted((data / "ctgov_aact_fixtures/v2_json").glob("*.json")):
        v2 |= set(re.findall(r'"([A-Za-z]+)":', f.read_text()))
    write_dict("ctgov_json", [f'"{k}":' for k in v2] + ["{", "}", "[", "]", "1e400", "\\ud800"])
    header = (data / "who_ictrp_covid19_ebmdatalab/COVID19-1135-trials-subset.csv").read_text().split("\n")[0]
    write_dict("ictrp_csv", header.split(",") + [",", '"', '""', "\r\n", "JPRN-", "jRCT", "NCT", "Japan"])


if __name__ == "__main__":
    for make in (record_json, query, search_params, render, http, importers, dictionaries):
        make()
    for d in sorted(corpus.iterdir()):
        files = list(d.iterdir())
        print(f"{d.name}: {len(files)} files, {sum(f.stat().st_size for f in files) // 1024} KB")
