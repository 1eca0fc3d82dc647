#!/usr/bin/env python3
"""Writes N synthetic registry export records, streamed, for full-size import benchmarks.

  generate_exports.py ictrp-xml N > trials.xml     WHO ICTRP XML (<Trials_downloaded_from_ICTRP>)
  generate_exports.py ctgov-json N > studies.ndjson ClinicalTrials.gov API v2 studies, one per line

Deterministic (record i depends on i only) and written record by record, so memory is flat for
any N. ICTRP records are jRCT trials (JPRN-jRCT2031xxxxxx); every tenth CT.gov study lists the
jRCT id of ICTRP record i among its secondary ids, so importing both files exercises bridging at
scale. Standard library only.
"""
import json
import sys
from xml.sax.saxutils import escape

CONDITIONS = [("Non-small cell lung cancer", "C34"), ("Type 2 diabetes", "E11"), ("Ulcerative colitis", "K51"),
              ("Rheumatoid arthritis", "M06"), ("Atopic dermatitis", "L20"), ("Heart failure", "I50"),
              ("Alzheimer's disease", "G30"), ("Hereditary transthyretin amyloidosis", "E85")]
SPONSORS = ["Example Pharma K.K.", "National Cancer Center Hospital", "Osaka University Hospital",
            "Kyushu University", "Tohoku University Hospital", "Rinsho Biotech Inc."]
STATUS_ICTRP = ["Recruiting", "Not Recruiting", "Complete", "Pending"]
STATUS_CTGOV = ["RECRUITING", "ACTIVE_NOT_RECRUITING", "COMPLETED", "NOT_YET_RECRUITING"]
PHASES = ["Phase 1", "Phase 2", "Phase 3", "Phase 4", "N/A"]
CITIES = ["Tokyo", "Osaka", "Fukuoka", "Sendai", "Nagoya", "Sapporo"]


def jrct_id(i):
    return "jRCT2031%06d" % (i % 1000000)


def ictrp(i):
    cond, icd = CONDITIONS[i % len(CONDITIONS)]
    sponsor = SPONSORS[i % len(SPONSORS)]
    f = [
        ("TrialID", "JPRN-" + jrct_id(i)),
        ("Last_Refreshed_on", "20 May 2026"),
        ("Public_title", "A study of treatment %d for %s" % (i, cond)),
        ("Scientific_title", "A randomised, open-label study of regimen %d in adults with %s" % (i, cond)),
        ("Primary_sponsor", sponsor),
        ("Date_registration", "%02d/%02d/%04d" % (1 + i % 28, 1 + i % 12, 2018 + i % 8)),
        ("Source_Register", "JPRN"),
        ("web_address", "https://jrct.niph.go.jp/latest-detail/" + jrct_id(i)),
        ("Recruitment_Status", STATUS_ICTRP[i % len(STATUS_ICTRP)]),
        ("Inclusion_agemin", "%d Years" % (18 + i % 3)),
        ("Inclusion_agemax", "%d Years" % (65 + i % 20)),
        ("Inclusion_gender", "Both"),
        ("Target_size", str(20 + i % 500)),
        ("Study_type", "Interventional"),
        ("Study_design", "randomized, open(masking not used), active control, 2 arms, treatment purpose"),
        ("Phase", PHASES[i % len(PHASES)]),
        ("Countries", "Japan"),
        ("Contact_Lastname", "Trial office %d" % (i % 97)),
        ("Contact_Email", "trial%d@example.jp" % (i % 97)),
        ("Contact_Affiliation", sponsor),
        ("Inclusion_Criteria", "1. Adults with %s<br>2. Written informed consent" % cond),
        ("Exclusion_Criteria", "1. Pregnancy<br>2. Severe renal impairment"),
        ("Condition", "%s;%s" % (cond, icd)),
        ("Intervention", "Drug: regimen %d<br>Oral, once daily for 24 weeks" % i),
        ("Primary_outcome", "Response rate [Time Frame: 24 weeks]"),
        ("Secondary_ID", "NCT%08d" % (90000000 + i) if i % 10 == 0 else ""),
    ]
    body = "".join("<%s>%s</%s>" % (k, escape(v), k) for k, v in f if v)
    return "  <Trial>" + body + "</Trial>\n"


def ctgov(i):
    cond, _ = CONDITIONS[i % len(CONDITIONS)]
    ids = [{"id": jrct_id(i), "type": "REGISTRY", "domain": "jRCT"}] if i % 10 == 0 else []
    study = {"protocolSection": {
        "identificationModule": {"nctId": "NCT%08d" % (90000000 + i), "orgStudyIdInfo": {"id": "EX-%d" % i},
                                 "secondaryIdInfos": ids,
                                 "briefTitle": "A study of treatment %d for %s" % (i, cond),
                                 "officialTitle": "A randomized study of regimen %d in adults with %s" % (i, cond)},
        "statusModule": {"overallStatus": STATUS_CTGOV[i % len(STATUS_CTGOV)],
                         "startDateStruct": {"date": "%04d-%02d" % (2018 + i % 8, 1 + i % 12)},
                         "studyFirstSubmitDate": "%04d-%02d-%02d" % (2018 + i % 8, 1 + i % 12, 1 + i % 28)},
        "sponsorCollaboratorsModule": {"leadSponsor": {"name": SPONSORS[i % len(SPONSORS)]}},
        "descriptionModule": {"briefSummary": "This study tests regimen %d in people with %s." % (i, cond)},
        "conditionsModule": {"conditions": [cond]},
        "designModule": {"studyType": "INTERVENTIONAL", "phases": ["PHASE%d" % (1 + i % 4)],
                         "enrollmentInfo": {"count": 20 + i % 500, "type": "ESTIMATED"}},
        "armsInterventionsModule": {"interventions": [{"type": "DRUG", "name": "Regimen %d" % i}]},
        "outcomesModule": {"primaryOutcomes": [{"measure": "Response rate", "timeFrame": "24 weeks"}]},
        "eligibilityModule": {"eligibilityCriteria": "Inclusion Criteria:\n\n* Adults with %s\n\nExclusion Criteria:\n\n* Pregnancy" % cond,
                              "sex": "ALL", "minimumAge": "20 Years", "maximumAge": "80 Years"},
        "contactsLocationsModule": {"locations": [{"facility": "%s Hospital %d" % (CITIES[i % 6], i % 50),
                                                   "city": CITIES[i % 6], "country": "Japan"}]},
    }}
    return json.dumps(study, separators=(",", ":")) + "\n"


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("ictrp-xml", "ctgov-json"):
        sys.exit(__doc__)
    fmt, n = sys.argv[1], int(sys.argv[2])
    out = sys.stdout
    if fmt == "ictrp-xml":
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<Trials_downloaded_from_ICTRP>\n')
        for i in range(n):
            out.write(ictrp(i))
        out.write("</Trials_downloaded_from_ICTRP>\n")
    else:
        for i in range(n):
            out.write(ctgov(i))


if __name__ == "__main__":
    main()
