// The researcher portal's guided trial form through the real server, as a browser without
// JavaScript uses it: every page's inputs are read back and posted again (portal_helpers.hpp),
// cookies and CSRF tokens carried by hand.
#include <doctest/doctest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>

#include "api_helpers.hpp"
#include "portal_helpers.hpp"
#include "store/trial_draft.hpp"

using nlohmann::json;
using namespace rinsho::testing;

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string unescape(std::string s) {
  const std::pair<const char*, const char*> entities[] = {{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"},
                                                           {"&#x27;", "'"}, {"&#x2F;", "/"}, {"&#x3D;", "="}, {"&#x60;", "`"}, {"&amp;", "&"}};
  for (const auto& e : entities)
    for (auto at = s.find(e.first); at != std::string::npos; at = s.find(e.first, at + 1)) s.replace(at, std::strlen(e.first), e.second);
  return s;
}

// What a browser would send for the page's trial form: every input, textarea and selected option.
std::map<std::string, std::string> page_fields(const std::string& html) {
  std::map<std::string, std::string> out;
  std::smatch m;
  static const std::regex input(R"re(<input type="(?:text|date|email|tel|url)" id="[^"]*" name="([^"]*)" value="([^"]*)")re");
  static const std::regex area(R"re(<textarea id="[^"]*" name="([^"]*)"[^>]*>([^<]*)</textarea>)re");
  static const std::regex select(R"re(<select id="[^"]*" name="([^"]*)"[^>]*>([\s\S]*?)</select>)re");
  static const std::regex selected(R"re(<option value="([^"]*)" selected>)re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), input); it != std::sregex_iterator(); ++it)
    out[unescape((*it)[1])] = unescape((*it)[2]);
  for (auto it = std::sregex_iterator(html.begin(), html.end(), area); it != std::sregex_iterator(); ++it)
    out[unescape((*it)[1])] = unescape((*it)[2]);
  for (auto it = std::sregex_iterator(html.begin(), html.end(), select); it != std::sregex_iterator(); ++it) {
    const std::string options = (*it)[2];
    out[unescape((*it)[1])] = std::regex_search(options, m, selected) ? unescape(m[1]) : "";
  }
  return out;
}

struct Author {
  Portal portal;
  std::string cookies;
  std::string csrf;

  Author(TestServer& server, const std::string& org, const std::string& email) : portal(server, org) {
    portal.person_with_password(email);
    auto signed_in = portal.sign_in(email, kPassword);
    REQUIRE(signed_in.first.size() == 68);
    cookies = "rinsho_session=" + signed_in.first;
    auto dash = get_with(portal.client, "/portal", cookies);
    REQUIRE(dash);
    REQUIRE(dash->status == 200);
    csrf = hidden(dash->body, "csrf");
    REQUIRE(csrf.size() == 64);
  }

  httplib::Result get(const std::string& path) { return get_with(portal.client, path, cookies); }
  httplib::Result post(const std::string& path, Fields fields, bool with_csrf = true) {
    if (with_csrf) fields.insert(fields.begin(), {"csrf", csrf});
    return post_form(portal.client, path, cookies, fields);
  }

  // POST /portal/drafts; the draft's path ("/portal/drafts/drf_…").
  std::string new_draft() {
    auto res = post("/portal/drafts", {});
    REQUIRE(res);
    REQUIRE(res->status == 303);
    const auto location = res->get_header_value("Location");
    REQUIRE(location.rfind("/portal/drafts/drf_", 0) == 0);
    REQUIRE(location.size() > 7);
    return location.substr(0, location.size() - std::string("/step/1").size());
  }

  // Reads step n's page, changes `changes` and sends it with the button `go`.
  httplib::Result step(const std::string& draft, int n, const std::map<std::string, std::string>& changes,
                       const std::string& go = "next") {
    const std::string path = draft + "/step/" + std::to_string(n);
    auto page = get(path);
    REQUIRE(page);
    REQUIRE(page->status == 200);
    auto fields = page_fields(page->body);
    for (const auto& change : changes) {
      INFO("step " << n << " has no input " << change.first);
      CHECK(fields.count(change.first) == 1);
      fields[change.first] = change.second;
    }
    Fields body(fields.begin(), fields.end());
    body.emplace_back("go", go);
    return post(path, body);
  }
};

const std::vector<std::map<std::string, std::string>> kCompleteTrial = {
    {{"/public_title/ja", "非小細胞肺がん<script>alert(1)</script>の新しい飲み薬"},
     {"/public_title/en", "A new pill for <b>lung</b> cancer"},
     {"/scientific_title/en", "A randomised phase 3 study of RX-101 in EGFR-mutated NSCLC"},
     {"/category", "corporate_trial"}, {"/study_type", "interventional"}, {"/phase", "3"},
     {"/recruitment_status", "recruiting"}, {"/plain_summary/ja", "新しい飲み薬が今の治療より効くかを調べます。"},
     {"/target_enrollment", "120"}, {"/design/allocation", "randomized"}, {"/dates/first_enrollment", "2026-01-15"}},
    {{"/conditions/0/name/ja", "非小細胞肺がん"}, {"/conditions/0/name/en", "Non-small cell lung cancer"},
     {"/conditions/0/icd10", "C34"}, {"/keywords", "EGFR\r\nチロシンキナーゼ阻害薬\r\n"}},
    {{"/interventions/0/type", "drug"}, {"/interventions/0/name/ja", "RX-101"}, {"/interventions/0/approval_status", "unapproved"}},
    {{"/eligibility/min_age_years", "20"}, {"/eligibility/max_age_years", "80"}, {"/eligibility/sex", "all"},
     {"/eligibility/healthy_volunteers", "false"}, {"/eligibility/inclusion/ja", "EGFR遺伝子変異がある方"}},
    {{"/sites/0/name/ja", "臨床大学病院"}, {"/sites/0/prefecture", "13"}, {"/sites/0/status", "recruiting"}, {"/countries", "JP"}},
    {{"/flags/dct/econsent", "true"}, {"/flags/fih", "false"}, {"/modality", "small_molecule"}},
    {{"/contacts/public/name/ja", "治験窓口"}, {"/contacts/public/email", "trials@example.jp"}},
    {{"/outcomes/primary/0/measure/ja", "無増悪生存期間"}, {"/outcomes/primary/0/time_frame/ja", "2年"}},
    {{"/burden/visits", "12"}, {"/burden/cost/ja", "通常の保険診療の自己負担があります"}},
    {{"/sponsor/primary/ja", "リンショウ製薬"}, {"/ethics_review/status", "approved"}},
};

// Fills every step of a new draft with kCompleteTrial; the draft's path.
std::string complete_draft(Author& author) {
  const auto draft = author.new_draft();
  for (int n = 1; n <= 10; ++n) {
    auto res = author.step(draft, n, kCompleteTrial[static_cast<std::size_t>(n - 1)]);
    REQUIRE(res);
    INFO("step " << n << ": " << res->body.substr(0, 3000));
    REQUIRE(res->status == 303);
    CHECK(res->get_header_value("Location") == (n == 10 ? draft + "/review" : draft + "/step/" + std::to_string(n + 1)));
  }
  return draft;
}

std::string published_id(const httplib::Result& res) {
  REQUIRE(res);
  INFO(res->body.substr(0, 3000));
  REQUIRE(res->status == 303);
  const auto location = res->get_header_value("Location");
  const std::string prefix = "/portal?published=";
  REQUIRE(location.rfind(prefix, 0) == 0);
  return location.substr(prefix.size());
}

std::string draft_id(const std::string& draft_path) { return draft_path.substr(std::string("/portal/drafts/").size()); }

}  // namespace

TEST_CASE("portal form: a complete trial through every step is published, searchable and on its page") {
  TestServer server({.ids = {"jRCT2031240001"}});
  Author author(server, "臨床大学病院", "hanako@example.jp");
  auto& store = server.app().store;
  const auto draft = complete_draft(author);

  // The draft holds what the steps said, typed as the schema wants.
  auto saved = store.find_draft(author.portal.org_id, draft_id(draft)).value();
  REQUIRE(saved.has_value());
  const json& record = saved->record;
  CHECK(record["target_enrollment"] == 120);
  CHECK(record["eligibility"]["healthy_volunteers"] == false);
  CHECK(record["keywords"] == json({"EGFR", "チロシンキナーゼ阻害薬"}));
  CHECK(record["sites"][0]["prefecture"] == "13");
  CHECK(record["flags"]["dct"]["econsent"] == true);
  CHECK(record["countries"] == json({"JP"}));
  CHECK_FALSE(record.contains("results_summary"));

  auto review = author.get(draft + "/review");
  REQUIRE(review);
  CHECK(review->status == 200);
  CHECK(review->body.find("error-summary") == std::string::npos);
  CHECK(review->body.find(draft + "/publish") != std::string::npos);
  CHECK(review->body.find("WHO TRDS") != std::string::npos);

  const auto before = store.count_trials().value();
  const auto id = published_id(author.post(draft + "/publish", {}));
  CHECK(store.count_trials().value() == before + 1);
  CHECK_FALSE(store.find_draft(author.portal.org_id, draft_id(draft))->has_value());

  // Public search and the trial's page, at once.
  auto& client = author.portal.client;
  const auto found = search_ids(client, "非小細胞肺がん");
  CHECK(std::find(found.begin(), found.end(), id) != found.end());
  auto api = client.Get(("/api/v1/trials/" + id).c_str());
  REQUIRE(api);
  CHECK(api->status == 200);
  CHECK(json::parse(api->body)["public_title"]["ja"] == "非小細胞肺がん<script>alert(1)</script>の新しい飲み薬");
  auto page = client.Get(("/trials/" + id).c_str());
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("非小細胞肺がん&lt;script&gt;alert(1)&lt;/script&gt;の新しい飲み薬") != std::string::npos);
  CHECK(page->body.find("<script>alert(1)") == std::string::npos);

  // Who did it: the version and the audit log name the person and the organisation.
  auto versions = store.list_versions(id).value();
  REQUIRE(versions.size() == 1);
  CHECK(versions[0].actor == "hanako@example.jp");
  CHECK(versions[0].actor_org == author.portal.org_id);
  CHECK(versions[0].source == "portal");
  bool publish_audited = false;
  int saves_audited = 0;
  // A named copy: a range-for over recent_audit(100).value() would iterate a destroyed temporary.
  const auto audit = store.recent_audit(100).value();
  for (const auto& e : audit) {
    if (e.action == "portal_publish" && e.target == id && e.org_id == author.portal.org_id) publish_audited = true;
    if (e.action == "portal_draft_save" && e.org_id == author.portal.org_id) ++saves_audited;
  }
  CHECK(publish_audited);
  CHECK(saves_audited == 10);

  // The dashboard lists it, with its WHO TRDS completeness, and no draft any more.
  auto dash = author.get("/portal?published=" + id);
  REQUIRE(dash);
  CHECK(dash->body.find(id) != std::string::npos);
  CHECK(dash->body.find("/24</td>") != std::string::npos);
  CHECK(dash->body.find("<script>alert(1)") == std::string::npos);
}

TEST_CASE("portal form: a step with errors is shown again with a linked summary and messages beside the fields") {
  TestServer server({.ids = {"jRCT2031240001"}});
  Author author(server, "臨床大学病院", "hanako@example.jp");
  auto& store = server.app().store;
  const auto before = store.count_trials().value();
  const auto draft = author.new_draft();
  auto res = author.step(draft, 1, {{"/public_title/ja", "題名 <i>だけ</i>"}, {"/target_enrollment", "たくさん"}});
  REQUIRE(res);
  CHECK(res->status == 400);
  const auto& html = res->body;
  CHECK(html.find("role=\"alert\"") != std::string::npos);
  CHECK(html.find("id=\"error-summary\"") != std::string::npos);
  CHECK(html.find("<a href=\"#f-target_enrollment\">") != std::string::npos);
  CHECK(html.find("<a href=\"#f-category\">") != std::string::npos);  // required, missing
  CHECK(html.find("整数で指定してください") != std::string::npos);
  CHECK(html.find("必須項目です") != std::string::npos);
  CHECK(html.find("aria-describedby=\"f-target_enrollment-hint f-target_enrollment-error\" aria-invalid=\"true\"") != std::string::npos);
  CHECK(html.find("value=\"たくさん\"") != std::string::npos);  // what was typed stays
  CHECK(html.find("題名 &lt;i&gt;だけ&lt;/i&gt;") != std::string::npos);
  CHECK(html.find("<i>だけ") == std::string::npos);

  // In English, the same problems in English.
  auto english = author.post(draft + "/step/1?lang=en", {{"/target_enrollment", "many"}, {"go", "next"}});
  REQUIRE(english);
  CHECK(english->status == 400);
  CHECK(english->body.find("must be an integer") != std::string::npos);
  CHECK(english->body.find("is required") != std::string::npos);

  // The draft keeps what was typed; nothing was published, and publishing now is refused.
  auto saved = store.find_draft(author.portal.org_id, draft_id(draft)).value().value();
  CHECK(saved.record["target_enrollment"] == "many");
  auto review = author.get(draft + "/review");
  REQUIRE(review);
  CHECK(review->body.find("error-summary") != std::string::npos);
  CHECK(review->body.find(draft + "/publish") == std::string::npos);
  CHECK(review->body.find(draft + "/step/1?check=1#f-target_enrollment") != std::string::npos);
  auto publish = author.post(draft + "/publish", {});
  REQUIRE(publish);
  CHECK(publish->status == 400);
  CHECK(store.count_trials().value() == before);

  // "Back" and "Save draft" work without JavaScript and without checking the step.
  auto back = author.step(draft, 2, {{"/keywords", "EGFR"}}, "back");
  REQUIRE(back);
  CHECK(back->status == 303);
  CHECK(back->get_header_value("Location") == draft + "/step/1");
  auto stay = author.step(draft, 3, {}, "stay");
  REQUIRE(stay);
  CHECK(stay->get_header_value("Location") == draft + "/step/3?saved=1");
  CHECK(store.find_draft(author.portal.org_id, draft_id(draft)).value()->record["keywords"] == json({"EGFR"}));

  // A step link followed after a change (portal_form.js sends go=to-N): saved unchecked, then step N.
  auto jump = author.step(draft, 2, {{"/keywords", "EGFR\nTKI"}}, "to-10");
  REQUIRE(jump);
  CHECK(jump->status == 303);
  CHECK(jump->get_header_value("Location") == draft + "/step/10");
  CHECK(store.find_draft(author.portal.org_id, draft_id(draft)).value()->record["keywords"] == json({"EGFR", "TKI"}));
  for (const char* odd : {"to-0", "to-11", "to-", "to-1x", "to-100"}) {
    auto res = author.step(draft, 2, {}, odd);
    REQUIRE(res);
    INFO(odd);
    CHECK(res->get_header_value("Location") == draft + "/step/2?saved=1");  // saved, and stays
  }
}

TEST_CASE("portal form: without the session's CSRF token nothing is made, saved or published") {
  TestServer server({.ids = {"jRCT2031240001"}});
  Author author(server, "臨床大学病院", "hanako@example.jp");
  auto& store = server.app().store;
  auto refused = author.post("/portal/drafts", {}, false);
  REQUIRE(refused);
  CHECK(refused->status == 403);
  refused = author.post("/portal/drafts", {{"csrf", std::string(64, 'a')}}, false);
  REQUIRE(refused);
  CHECK(refused->status == 403);
  CHECK(store.list_drafts(author.portal.org_id)->empty());

  const auto draft = complete_draft(author);
  const auto kept = store.find_draft(author.portal.org_id, draft_id(draft)).value().value();
  auto save = author.post(draft + "/step/1", {{"csrf", "wrong"}, {"/public_title/ja", "書き換え"}, {"go", "next"}}, false);
  REQUIRE(save);
  CHECK(save->status == 403);
  const auto before = store.count_trials().value();
  auto publish = author.post(draft + "/publish", {}, false);
  REQUIRE(publish);
  CHECK(publish->status == 403);
  auto discard = author.post(draft + "/discard", {}, false);
  REQUIRE(discard);
  CHECK(discard->status == 403);
  CHECK(store.count_trials().value() == before);
  CHECK(store.find_draft(author.portal.org_id, draft_id(draft)).value()->record == kept.record);
}

TEST_CASE("portal form: another organisation's drafts and trials are not found by URL guessing") {
  TestServer server({.ids = {"jRCT2031240001"}});
  Author alice(server, "臨床大学病院", "alice@example.jp");
  Author mallory(server, "別の製薬", "mallory@example.jp");
  auto& store = server.app().store;
  const auto draft = complete_draft(alice);
  const auto kept = store.find_draft(alice.portal.org_id, draft_id(draft)).value().value();
  auto trial = store.put_trial(new_record("alice"), portal_org_ctx(alice.portal.org_id)).value();

  for (const auto& path : {draft + "/step/1", draft + "/review"}) {
    auto res = mallory.get(path);
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(res->body.find("非小細胞肺がん") == std::string::npos);
  }
  for (const auto& path : {draft + "/step/1", draft + "/publish", draft + "/discard", "/portal/trials/" + trial.id + "/edit"}) {
    auto res = mallory.post(path, {{"/public_title/ja", "乗っ取り"}, {"go", "next"}});
    REQUIRE(res);
    INFO(path);
    CHECK(res->status == 404);
  }
  CHECK(store.find_draft(alice.portal.org_id, draft_id(draft)).value()->record == kept.record);
  CHECK(store.list_drafts(mallory.portal.org_id)->empty());
  CHECK(store.get_trial(trial.id).value()->version == 1);
  auto dash = mallory.get("/portal");
  REQUIRE(dash);
  CHECK(dash->body.find(trial.id) == std::string::npos);
  CHECK(dash->body.find(draft_id(draft)) == std::string::npos);
  // Signed out, the pages send you to sign in.
  auto anonymous = server.client().Get((draft + "/step/1").c_str());
  REQUIRE(anonymous);
  CHECK(anonymous->status == 303);
}

TEST_CASE("portal form: drafts never appear in search, the sitemap or the export") {
  TestServer server({.ids = {"jRCT2031240001"}});
  Author author(server, "臨床大学病院", "hanako@example.jp");
  const auto draft = author.new_draft();
  auto res = author.step(draft, 1, {{"/public_title/ja", "下書きだけの珍しい題名ズワイガニ"}, {"/category", "corporate_trial"}}, "stay");
  REQUIRE(res);
  CHECK(res->status == 303);
  auto& client = author.portal.client;
  CHECK(search_ids(client, "ズワイガニ").empty());
  auto api = client.Get("/api/v1/trials?q=%E3%82%BA%E3%83%AF%E3%82%A4%E3%82%AC%E3%83%8B");
  REQUIRE(api);
  CHECK(json::parse(api->body)["total"]["upper_bound"] == 0);
  auto sitemap = client.Get("/sitemap.xml");
  REQUIRE(sitemap);
  CHECK(sitemap->body.find("drf_") == std::string::npos);
  auto exported = client.Get("/api/v1/export.ndjson");
  REQUIRE(exported);
  CHECK(exported->status == 200);
  CHECK(exported->body.find("ズワイガニ") == std::string::npos);
  CHECK(server.app().store.count_trials().value() == 1);
}

TEST_CASE("portal form: editing a trial previews the changed fields, then publishes a new version with the person") {
  TestServer server({.ids = {"jRCT2031240001"}});
  Author author(server, "臨床大学病院", "hanako@example.jp");
  auto& store = server.app().store;
  auto original = new_record("edit");
  original["public_title"]["ja"] = "もとの題名";
  original["target_enrollment"] = 50;
  auto trial = store.put_trial(original, portal_org_ctx(author.portal.org_id)).value();

  auto edit = author.post("/portal/trials/" + trial.id + "/edit", {});
  REQUIRE(edit);
  REQUIRE(edit->status == 303);
  const auto location = edit->get_header_value("Location");
  const auto draft = location.substr(0, location.size() - std::string("/step/1").size());
  auto step = author.step(draft, 1, {{"/public_title/ja", "新しい<em>題名</em>"}, {"/target_enrollment", "80"}});
  REQUIRE(step);
  INFO(step->body.substr(0, 3000));
  CHECK(step->status == 303);

  auto review = author.get(draft + "/review");
  REQUIRE(review);
  CHECK(review->status == 200);
  const auto& html = review->body;
  CHECK(html.find("<del>もとの題名</del>") != std::string::npos);
  CHECK(html.find("<ins>新しい&lt;em&gt;題名&lt;/em&gt;</ins>") != std::string::npos);
  CHECK(html.find("<del>50</del>") != std::string::npos);
  CHECK(html.find("<ins>80</ins>") != std::string::npos);
  CHECK(html.find("目標症例数") != std::string::npos);  // the field in plain words, from the schema
  CHECK(html.find("<em>題名") == std::string::npos);
  CHECK(html.find(trial.id) != std::string::npos);

  const auto id = published_id(author.post(draft + "/publish", {}));
  CHECK(id == trial.id);
  auto current = store.get_trial(trial.id).value().value();
  CHECK(current.version == 2);
  CHECK(current.record["public_title"]["ja"] == "新しい<em>題名</em>");
  CHECK(current.record["target_enrollment"] == 80);
  auto versions = store.list_versions(trial.id).value();
  REQUIRE(versions.size() == 2);
  CHECK(versions[1].actor == "hanako@example.jp");
  CHECK(std::find(versions[1].changed_fields.begin(), versions[1].changed_fields.end(), "/target_enrollment") !=
        versions[1].changed_fields.end());

  // The next edit's review shows the history: version 2 by the person, version 1 before it.
  auto again = author.post("/portal/trials/" + trial.id + "/edit", {});
  REQUIRE(again);
  const auto next = again->get_header_value("Location");
  auto history = author.get(next.substr(0, next.size() - std::string("/step/1").size()) + "/review");
  REQUIRE(history);
  CHECK(history->body.find("<td>hanako@example.jp</td>") != std::string::npos);

  // A draft started from version 2 cannot overwrite a version 3 written meanwhile.
  auto meanwhile = current.record;
  for (const char* system : {"version", "created_at", "updated_at", "owner_org"}) meanwhile.erase(system);
  meanwhile["target_enrollment"] = 99;
  REQUIRE(store.put_trial(meanwhile, portal_org_ctx(author.portal.org_id)).has_value());
  auto stale = author.post(next.substr(0, next.size() - std::string("/step/1").size()) + "/publish", {});
  REQUIRE(stale);
  CHECK(stale->status == 409);
  CHECK(store.get_trial(trial.id).value()->record["target_enrollment"] == 99);
}

TEST_CASE("portal form: a rinsho JSON record or a ClinicalTrials.gov study prefills a new draft; bad files are named") {
  TestServer server({.ids = {"jRCT2031240001"}});
  Author author(server, "臨床大学病院", "hanako@example.jp");
  auto& store = server.app().store;

  auto page = author.get("/portal/drafts/import");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("<textarea id=\"file\" name=\"file\"") != std::string::npos);

  auto record = new_record("file");
  record["id"] = "jRCT2031240001";
  record["version"] = 3;
  record["public_title"]["ja"] = "ファイルから<b>来た</b>試験";
  auto from_json = author.post("/portal/drafts/import", {{"file", record.dump()}});
  REQUIRE(from_json);
  REQUIRE(from_json->status == 303);
  auto drafts = store.list_drafts(author.portal.org_id).value();
  REQUIRE(drafts.size() == 1);
  CHECK(drafts[0].record["public_title"]["ja"] == "ファイルから<b>来た</b>試験");
  CHECK_FALSE(drafts[0].record.contains("id"));  // a new registration: the server assigns the id
  CHECK_FALSE(drafts[0].record.contains("version"));
  auto step1 = author.get(from_json->get_header_value("Location"));
  REQUIRE(step1);
  CHECK(step1->body.find("value=\"ファイルから&lt;b&gt;来た&lt;/b&gt;試験\"") != std::string::npos);

  std::ifstream in(std::string(RINSHO_SOURCE_DIR) + "/tests/fuzz/corpus/ctgov_json/NCT06171568.json");
  const std::string study((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(study.size() > 1000);
  auto from_ctgov = author.post("/portal/drafts/import", {{"file", study}});
  REQUIRE(from_ctgov);
  REQUIRE(from_ctgov->status == 303);
  drafts = store.list_drafts(author.portal.org_id).value();
  REQUIRE(drafts.size() == 2);
  bool found = false;
  for (const auto& d : drafts)
    if (d.record.dump().find("Lariboisi") != std::string::npos) found = true;
  CHECK(found);

  auto bad = author.post("/portal/drafts/import", {{"file", "{\"public_title\": "}});
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(bad->body.find("JSON として読めません") != std::string::npos);
  CHECK(bad->body.find("<a href=\"#file\">") != std::string::npos);
  auto not_object = author.post("/portal/drafts/import?lang=en", {{"file", "[1, 2]"}});
  REQUIRE(not_object);
  CHECK(not_object->status == 400);
  CHECK(not_object->body.find("is not a JSON object") != std::string::npos);
  auto empty = author.post("/portal/drafts/import", {{"file", "  "}});
  REQUIRE(empty);
  CHECK(empty->status == 400);
  CHECK(store.list_drafts(author.portal.org_id)->size() == 2);
}
