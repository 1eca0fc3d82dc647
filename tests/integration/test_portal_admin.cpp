// An organisation admin's portal pages through the real server: inviting people (the one-time
// link shown once and accepted by the password page) and API tokens (shown once, accepted by the
// API as the organisation's, refused once revoked); editors refused on every one of them; CSRF;
// markup escaped on every portal page.
#include <doctest/doctest.h>

#include <regex>

#include "api_helpers.hpp"
#include "portal_helpers.hpp"

using nlohmann::json;
using namespace rinsho::testing;

namespace {

std::string first_match(const std::string& text, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(pattern)) ? m[0].str() : "";
}

std::vector<std::string> audited(rinsho::server::AppContext& app, const std::string& org_id) {
  const auto log = app.store.recent_audit(200).value();
  std::vector<std::string> out;
  for (const auto& e : log)
    if (e.org_id == org_id) out.push_back(e.action + ":" + e.outcome);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_CASE("portal people: an admin invites a person, the link is shown once and sets their password") {
  TestServer server({.sample_count = 1});
  Member admin(server, "臨床大学病院", "admin@example.jp", "admin");
  auto& store = server.app().store;

  auto page = admin.get("/portal/people");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Cache-Control") == "no-store");
  CHECK(page->body.find("admin@example.jp") != std::string::npos);
  CHECK(page->body.find("<label for=\"email\">") != std::string::npos);
  auto english = admin.get("/portal/people?lang=en");
  REQUIRE(english);
  CHECK(english->body.find("People and invitations") != std::string::npos);
  auto dash = admin.get("/portal");
  CHECK(dash->body.find("href=\"/portal/people\"") != std::string::npos);
  CHECK(dash->body.find("href=\"/portal/tokens\"") != std::string::npos);

  auto invited = admin.post("/portal/people", {{"email", "New.Editor@Example.jp"}, {"role", "editor"}});
  REQUIRE(invited);
  CHECK(invited->status == 200);
  const std::string link = first_match(invited->body, "http://127\\.0\\.0\\.1:[0-9]+/portal/password\\?token=pwl_[0-9a-f]{64}");
  REQUIRE(!link.empty());
  CHECK(invited->body.find("new.editor@example.jp") != std::string::npos);
  auto person = store.find_person_by_email("new.editor@example.jp").value();
  REQUIRE(person.has_value());
  CHECK(person->org_id == admin.portal.org_id);
  CHECK(person->role == "editor");
  CHECK_FALSE(person->has_password);
  // Shown once: the list shows the person, never a link.
  auto again = admin.get("/portal/people");
  CHECK(again->body.find("new.editor@example.jp") != std::string::npos);
  CHECK(again->body.find("pwl_") == std::string::npos);

  // The invited person sets a password through the link and signs in.
  const std::string secret = link.substr(link.find("pwl_"));
  auto form = admin.portal.client.Get(("/portal/password?token=" + secret).c_str());
  REQUIRE(form);
  CHECK(form->status == 200);
  auto set = post_form(admin.portal.client, "/portal/password", "rinsho_form=" + cookie_from(form, "rinsho_form"),
                       {{"csrf", hidden(form->body, "csrf")}, {"token", secret}, {"password", kPassword}, {"confirm", kPassword}});
  REQUIRE(set);
  CHECK(set->status == 303);
  CHECK(admin.portal.sign_in("new.editor@example.jp", kPassword).first.size() == 68);

  SUBCASE("an address that already has an account, an empty one or an unknown role is explained beside the field") {
    const auto other = store.create_org("別の製薬").value();
    REQUIRE(store.create_person(other.id, "theirs@example.jp", "admin").has_value());
    for (const auto& email : {std::string("new.editor@example.jp"), std::string("theirs@example.jp"), std::string()}) {
      auto refused = admin.post("/portal/people", {{"email", email}, {"role", "editor"}});
      REQUIRE(refused);
      INFO(email);
      CHECK(refused->status == 400);
      CHECK(refused->body.find("class=\"error-summary\"") != std::string::npos);
      CHECK(refused->body.find("<a href=\"#email\">") != std::string::npos);
      CHECK(refused->body.find("aria-invalid=\"true\"") != std::string::npos);
      CHECK(refused->body.find("pwl_") == std::string::npos);
    }
    CHECK(store.find_person_by_email("theirs@example.jp").value()->org_id == other.id);
    auto role = admin.post("/portal/people", {{"email", "x@example.jp"}, {"role", "owner"}});
    CHECK(role->status == 400);
    CHECK(role->body.find("<a href=\"#role\">") != std::string::npos);
    CHECK_FALSE(store.find_person_by_email("x@example.jp").value().has_value());
  }
  SUBCASE("inviting again someone who never set a password makes a new link and the old one stops working") {
    auto first = admin.post("/portal/people", {{"email", "late@example.jp"}, {"role", "admin"}});
    const std::string old = first_match(first->body, "pwl_[0-9a-f]{64}");
    REQUIRE(!old.empty());
    auto second = admin.post("/portal/people", {{"email", "late@example.jp"}, {"role", "admin"}});
    CHECK(second->status == 200);
    const std::string fresh = first_match(second->body, "pwl_[0-9a-f]{64}");
    REQUIRE(!fresh.empty());
    CHECK(fresh != old);
    CHECK_FALSE(store.peek_password_link(old).value().has_value());
    CHECK(store.peek_password_link(fresh).value().has_value());
  }
  SUBCASE("without the session's CSRF token nobody is invited") {
    auto refused = admin.post("/portal/people", {{"email", "csrf@example.jp"}, {"role", "admin"}}, false);
    REQUIRE(refused);
    CHECK(refused->status == 403);
    auto wrong = admin.post("/portal/people", {{"csrf", std::string(64, '0')}, {"email", "csrf@example.jp"}}, false);
    CHECK(wrong->status == 403);
    CHECK_FALSE(store.find_person_by_email("csrf@example.jp").value().has_value());
  }
  const auto actions = audited(server.app(), admin.portal.org_id);
  CHECK(contains(actions, "portal_invite:ok"));
}

TEST_CASE("portal tokens: shown once, the API takes it as the organisation's, and refuses it once revoked") {
  TestServer server({.sample_count = 1});
  Member admin(server, "臨床大学病院", "admin@example.jp", "admin");
  auto& store = server.app().store;

  auto issued = admin.post("/portal/tokens", {{"label", "CTMS <b>upload</b>"}});
  REQUIRE(issued);
  CHECK(issued->status == 200);
  CHECK(issued->get_header_value("Cache-Control") == "no-store");
  const std::string token = first_match(issued->body, "rin_[0-9a-f]{64}");
  REQUIRE(!token.empty());
  CHECK(issued->body.find("<b>upload</b>") == std::string::npos);
  CHECK(issued->body.find("&lt;b&gt;upload&lt;/b&gt;") != std::string::npos);
  auto listed = store.list_tokens(admin.portal.org_id).value();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].label == "CTMS <b>upload</b>");

  // The list never shows the secret again, only its first characters.
  auto page = admin.get("/portal/tokens");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find(token) == std::string::npos);
  CHECK(page->body.find(token.substr(4)) == std::string::npos);
  CHECK(page->body.find(listed[0].prefix) != std::string::npos);

  // The API takes the token as the organisation's, as it does one made by rinsho-admin.
  auto created = post_json(admin.portal.client, "/api/v1/trials", new_record("トークン"), bearer("Bearer " + token));
  REQUIRE(created);
  CHECK(created->status == 201);
  const auto id = json::parse(created->body)["id"].get<std::string>();
  CHECK(store.get_trial(id).value()->owner_org == admin.portal.org_id);

  const std::string revoke = "/portal/tokens/" + listed[0].token_id + "/revoke";
  SUBCASE("a revoke without the session's CSRF token changes nothing") {
    auto refused = admin.post(revoke, {}, false);
    REQUIRE(refused);
    CHECK(refused->status == 403);
    CHECK_FALSE(store.list_tokens(admin.portal.org_id).value()[0].revoked_at.has_value());
    CHECK(post_json(admin.portal.client, "/api/v1/trials", new_record("まだ有効"), bearer("Bearer " + token))->status == 201);
  }
  SUBCASE("revoked, the API refuses it at once") {
    CHECK(page->body.find("action=\"" + revoke + "\"") != std::string::npos);
    auto revoked = admin.post(revoke, {});
    REQUIRE(revoked);
    CHECK(revoked->status == 303);
    CHECK(revoked->get_header_value("Location") == "/portal/tokens?done=revoked");
    auto refused = post_json(admin.portal.client, "/api/v1/trials", new_record("無効"), bearer("Bearer " + token));
    REQUIRE(refused);
    CHECK(refused->status == 401);
    auto after = admin.get("/portal/tokens");
    CHECK(after->body.find("action=\"" + revoke + "\"") == std::string::npos);
    const auto actions = audited(server.app(), admin.portal.org_id);
    CHECK(contains(actions, "portal_token_issue:ok"));
    CHECK(contains(actions, "portal_token_revoke:ok"));
  }
  SUBCASE("another organisation's token cannot be revoked by guessing its id") {
    Member other(server, "別の製薬", "other@example.jp", "admin");
    auto res = other.post(revoke, {});
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK_FALSE(store.list_tokens(admin.portal.org_id).value()[0].revoked_at.has_value());
    auto theirs = other.get("/portal/tokens");
    CHECK(theirs->body.find(listed[0].prefix) == std::string::npos);
  }
  SUBCASE("a token needs a name; without the CSRF token none is issued") {
    auto unnamed = admin.post("/portal/tokens", {{"label", ""}});
    CHECK(unnamed->status == 400);
    CHECK(unnamed->body.find("<a href=\"#label\">") != std::string::npos);
    CHECK(first_match(unnamed->body, "rin_[0-9a-f]{64}").empty());
    CHECK(admin.post("/portal/tokens", {{"label", "forged"}}, false)->status == 403);
    CHECK(store.list_tokens(admin.portal.org_id).value().size() == 1);
  }
}

TEST_CASE("portal admin pages: an editor is refused on every one of them and nothing is made") {
  TestServer server({.sample_count = 1});
  Member admin(server, "臨床大学病院", "admin@example.jp", "admin");
  Member editor(admin, "editor@example.jp", "editor");
  auto& store = server.app().store;
  const auto token = store.issue_token(admin.portal.org_id, "ci").value();

  for (const std::string path : {"/portal/people", "/portal/tokens", "/portal/people?lang=en"}) {
    auto res = editor.get(path);
    REQUIRE(res);
    INFO(path);
    CHECK(res->status == 403);
    CHECK(res->body.find("admin@example.jp") == std::string::npos);
  }
  CHECK(editor.post("/portal/people", {{"email", "sneaky@example.jp"}, {"role", "admin"}})->status == 403);
  CHECK(editor.post("/portal/tokens", {{"label", "sneaky"}})->status == 403);
  CHECK(editor.post("/portal/tokens/" + token.token_id + "/revoke", {})->status == 403);
  CHECK_FALSE(store.find_person_by_email("sneaky@example.jp").value().has_value());
  CHECK(store.list_tokens(admin.portal.org_id).value().size() == 1);
  CHECK(store.verify_token(token.token).value().has_value());
  auto dash = editor.get("/portal");
  CHECK(dash->body.find("/portal/tokens") == std::string::npos);
  CHECK(dash->body.find("/portal/people") == std::string::npos);
  CHECK(contains(audited(server.app(), admin.portal.org_id), "portal_admin_page:rejected:403"));
  // Signed out, the pages send you to sign in.
  auto anonymous = server.client().Get("/portal/tokens");
  REQUIRE(anonymous);
  CHECK(anonymous->status == 303);
}

TEST_CASE("portal: markup in titles, names and labels is escaped on every portal page") {
  TestServer server({.sample_count = 1});
  const std::string markup = "<img src=x onerror=alert(1)>";
  Member admin(server, "臨床" + markup + "病院", "admin@example.jp", "admin");
  auto& store = server.app().store;
  auto record = new_record("x");
  record["public_title"]["ja"] = "試験" + markup;
  record["public_title"]["en"] = "Trial" + markup;
  const auto trial = store.put_trial(record, portal_org_ctx(admin.portal.org_id)).value();
  REQUIRE(admin.post("/portal/tokens", {{"label", "label" + markup}})->status == 200);
  auto edit = admin.post("/portal/trials/" + trial.id + "/edit", {});
  REQUIRE(edit);
  REQUIRE(edit->status == 303);
  const std::string draft = edit->get_header_value("Location").substr(0, edit->get_header_value("Location").find("/step/"));

  std::vector<std::string> pages = {"/portal", "/portal/people", "/portal/tokens", "/portal/drafts/import", draft + "/review"};
  for (int n = 1; n <= 10; ++n) pages.push_back(draft + "/step/" + std::to_string(n));
  for (const auto& path : pages) {
    for (const std::string lang : {"", "?lang=en"}) {
      auto res = admin.get(path + lang);
      REQUIRE(res);
      INFO(path << lang);
      CHECK(res->status == 200);
      CHECK(res->body.find(markup) == std::string::npos);
      CHECK(res->body.find("<img src=x") == std::string::npos);
    }
  }
  // Some pages show them: escaped.
  CHECK(admin.get("/portal")->body.find("&lt;img src") != std::string::npos);
  CHECK(admin.get("/portal/tokens")->body.find("&lt;img src") != std::string::npos);
  CHECK(admin.get(draft + "/step/1")->body.find("&lt;img src") != std::string::npos);
}
