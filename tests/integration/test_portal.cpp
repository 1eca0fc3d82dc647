// The researcher portal's accounts: password links, sign-in, sessions, CSRF, throttling and the
// dashboard, through the real server. Cookies are carried by hand, as a browser would.
#include <doctest/doctest.h>

#include <regex>

#include "accounts/password_link.hpp"
#include "api_helpers.hpp"
#include "portal_helpers.hpp"
#include "support/process.hpp"

using nlohmann::json;
using namespace rinsho::testing;
using namespace std::chrono_literals;

TEST_CASE("portal: set a password from the link, sign in, see the organisation's trials, sign out") {
  TestServer server({.ids = {"jRCT2031240001"}});
  Portal portal(server, "臨床<b>大学</b>病院");
  auto& store = server.app().store;
  const auto other = store.create_org("別の製薬").value();
  auto title = [](const std::string& t) {
    auto r = new_record("x");
    r["public_title"]["ja"] = t;
    return r;
  };
  auto mine = store.put_trial(title("自分の機関の試験 <script>alert(1)</script>"), portal_org_ctx(portal.org_id));
  auto theirs = store.put_trial(title("他の機関の試験ですよ"), portal_org_ctx(other.id));
  REQUIRE(mine.has_value());
  REQUIRE(theirs.has_value());

  portal.person_with_password("Hanako@Example.jp");
  auto [session, res] = portal.sign_in("hanako@example.JP", kPassword);
  CHECK(res->status == 303);
  CHECK(res->get_header_value("Location") == "/portal");
  REQUIRE(session.size() == 68);
  const auto line = set_cookie_line(res, "rinsho_session");
  CHECK(line.find("HttpOnly") != std::string::npos);
  CHECK(line.find("SameSite=Lax") != std::string::npos);
  CHECK(line.find("Path=/portal") != std::string::npos);
  CHECK(line.find("Secure") == std::string::npos);  // the test server's base URL is http

  auto dash = get_with(portal.client, "/portal", "rinsho_session=" + session);
  REQUIRE(dash);
  CHECK(dash->status == 200);
  CHECK(dash->get_header_value("Cache-Control") == "no-store");
  CHECK(dash->body.find(mine->id) != std::string::npos);
  CHECK(dash->body.find(theirs->id) == std::string::npos);
  CHECK(dash->body.find("他の機関の試験ですよ") == std::string::npos);
  // Markup in titles and names is shown, not run.
  CHECK(dash->body.find("<script>alert(1)</script>") == std::string::npos);
  CHECK(dash->body.find("&lt;script&gt;") != std::string::npos);
  CHECK(dash->body.find("臨床<b>大学</b>病院") == std::string::npos);
  CHECK(dash->body.find("noindex") != std::string::npos);

  auto english = get_with(portal.client, "/portal?lang=en", "rinsho_session=" + session);
  REQUIRE(english);
  CHECK(english->body.find("Researcher portal") != std::string::npos);
  CHECK(english->body.find("Last updated") != std::string::npos);

  // Sign out with the session's form token; the cookie stops working at once.
  const auto csrf = hidden(dash->body, "csrf");
  REQUIRE(csrf.size() == 64);
  auto out = post_form(portal.client, "/portal/sign-out", "rinsho_session=" + session, {{"csrf", csrf}});
  REQUIRE(out);
  CHECK(out->status == 303);
  CHECK(out->get_header_value("Location") == "/portal/sign-in?done=signed-out");
  CHECK(set_cookie_line(out, "rinsho_session").find("Max-Age=0") != std::string::npos);
  auto stolen = get_with(portal.client, "/portal", "rinsho_session=" + session);
  REQUIRE(stolen);
  CHECK(stolen->status == 303);
  CHECK(stolen->get_header_value("Location").rfind("/portal/sign-in", 0) == 0);

  // Every step is in the audit log with the person and the organisation.
  auto audit = store.recent_audit(20).value();
  std::vector<std::string> actions;
  for (const auto& e : audit)
    if (e.org_id == portal.org_id) actions.push_back(e.action + ":" + e.outcome);
  CHECK(std::find(actions.begin(), actions.end(), "portal_set_password:ok") != actions.end());
  CHECK(std::find(actions.begin(), actions.end(), "portal_sign_in:ok") != actions.end());
  CHECK(std::find(actions.begin(), actions.end(), "portal_sign_out:ok") != actions.end());
}

TEST_CASE("portal: without the right CSRF token nothing happens") {
  TestServer server({.sample_count = 1});
  Portal portal(server);
  portal.person_with_password("a@example.jp");

  SUBCASE("sign-in without the form cookie or with another token is refused and starts no session") {
    auto page = portal.client.Get("/portal/sign-in");
    REQUIRE(page);
    const auto csrf = hidden(page->body, "csrf");
    for (const std::string& cookies : {std::string(), "rinsho_form=" + std::string(64, 'a')}) {
      auto res = post_form(portal.client, "/portal/sign-in", cookies, {{"csrf", csrf}, {"email", "a@example.jp"}, {"password", kPassword}});
      REQUIRE(res);
      CHECK(res->status == 403);
      CHECK(cookie_from(res, "rinsho_session").empty());
    }
  }
  SUBCASE("sign-out with a wrong token keeps the session") {
    auto [session, res] = portal.sign_in("a@example.jp", kPassword);
    REQUIRE(!session.empty());
    auto out = post_form(portal.client, "/portal/sign-out", "rinsho_session=" + session, {{"csrf", std::string(64, '0')}});
    REQUIRE(out);
    CHECK(out->status == 403);
    auto dash = get_with(portal.client, "/portal", "rinsho_session=" + session);
    REQUIRE(dash);
    CHECK(dash->status == 200);
  }
  SUBCASE("setting a password without the token leaves the link usable") {
    auto person = server.app().store.create_person(portal.org_id, "b@example.jp", "editor").value();
    const auto secret = server.app().store.issue_password_link(person.id, 72h).value();
    auto res = post_form(portal.client, "/portal/password", "", {{"token", secret}, {"password", kPassword}, {"confirm", kPassword}});
    REQUIRE(res);
    CHECK(res->status == 403);
    CHECK(server.app().store.peek_password_link(secret)->has_value());
    CHECK_FALSE((*server.app().store.find_person_by_email("b@example.jp"))->has_password);
  }
  SUBCASE("a form post in another media type is refused before it is read") {
    httplib::Headers h{{"Cookie", "rinsho_form=" + std::string(64, 'a')}};
    auto res = portal.client.Post("/portal/sign-in", h, R"({"email":"a@example.jp"})", "application/json");
    REQUIRE(res);
    CHECK(res->status == 415);
  }
}

TEST_CASE("portal: a session planted before sign-in never becomes a signed-in one, and sign-in rotates it") {
  TestServer server({.sample_count = 1});
  Portal portal(server);
  portal.person_with_password("a@example.jp");
  const std::string planted = "ses_" + std::string(64, 'b');
  auto [first, res] = portal.sign_in("a@example.jp", kPassword, "rinsho_session=" + planted);
  REQUIRE(!first.empty());
  CHECK(first != planted);
  auto with_planted = get_with(portal.client, "/portal", "rinsho_session=" + planted);
  REQUIRE(with_planted);
  CHECK(with_planted->status == 303);

  // Signing in again with a live session replaces it.
  auto [second, again] = portal.sign_in("a@example.jp", kPassword, "rinsho_session=" + first);
  REQUIRE(!second.empty());
  CHECK(second != first);
  CHECK(get_with(portal.client, "/portal", "rinsho_session=" + first)->status == 303);
  CHECK(get_with(portal.client, "/portal", "rinsho_session=" + second)->status == 200);
}

TEST_CASE("portal: failed sign-ins are throttled per account, and the answer never tells whether an account exists") {
  TestServer server({.sample_count = 1});
  Portal portal(server);
  portal.person_with_password("a@example.jp");

  auto [s1, known] = portal.sign_in("a@example.jp", "wrong password here");
  auto [s2, unknown] = portal.sign_in("nobody@example.jp", "wrong password here");
  CHECK(s1.empty());
  CHECK(s2.empty());
  CHECK(known->status == 401);
  CHECK(unknown->status == 401);
  auto error_text = [](const std::string& html) {
    const auto at = html.find("class=\"field-error\"");
    return at == std::string::npos ? std::string() : html.substr(at, html.find("</p>", at) - at);
  };
  CHECK(!error_text(known->body).empty());
  CHECK(error_text(known->body) == error_text(unknown->body));
  CHECK(known->body.find("wrong password here") == std::string::npos);  // a password is never echoed

  for (int i = 0; i < 4; ++i) CHECK(portal.sign_in("a@example.jp", "still the wrong one").second->status == 401);
  // Five failures: now even the right password waits.
  auto [s3, throttled] = portal.sign_in("a@example.jp", kPassword);
  CHECK(s3.empty());
  CHECK(throttled->status == 429);
  const int wait = std::stoi(throttled->get_header_value("Retry-After"));
  CHECK(wait > 0);
  CHECK(wait <= 15 * 60 + 1);
}

TEST_CASE("portal: password rules, mismatched confirmation and a used link are explained on the form") {
  TestServer server({.sample_count = 1});
  Portal portal(server);
  auto person = server.app().store.create_person(portal.org_id, "a@example.jp", "editor").value();
  const auto secret = server.app().store.issue_password_link(person.id, 72h).value();
  auto page = portal.client.Get(("/portal/password?token=" + secret).c_str());
  REQUIRE(page);
  const std::string cookies = "rinsho_form=" + cookie_from(page, "rinsho_form");
  const auto csrf = hidden(page->body, "csrf");

  auto short_one = post_form(portal.client, "/portal/password", cookies,
                             {{"csrf", csrf}, {"token", secret}, {"password", "short"}, {"confirm", "short"}});
  REQUIRE(short_one);
  CHECK(short_one->status == 400);
  CHECK(short_one->body.find("id=\"error-summary\"") != std::string::npos);
  CHECK(short_one->body.find("href=\"#password\"") != std::string::npos);
  CHECK(short_one->body.find("aria-invalid=\"true\"") != std::string::npos);
  CHECK(short_one->body.find("12文字以上") != std::string::npos);

  auto mismatch = post_form(portal.client, "/portal/password", cookies,
                            {{"csrf", csrf}, {"token", secret}, {"password", kPassword}, {"confirm", "something else entirely"}});
  REQUIRE(mismatch);
  CHECK(mismatch->status == 400);
  CHECK(mismatch->body.find("href=\"#confirm\"") != std::string::npos);
  CHECK_FALSE((*server.app().store.find_person_by_email("a@example.jp"))->has_password);

  auto ok = post_form(portal.client, "/portal/password", cookies,
                      {{"csrf", csrf}, {"token", secret}, {"password", kPassword}, {"confirm", kPassword}});
  REQUIRE(ok);
  CHECK(ok->status == 303);
  auto reused = portal.client.Get(("/portal/password?token=" + secret).c_str());
  REQUIRE(reused);
  CHECK(reused->status == 404);
  CHECK(reused->body.find("name=\"password\"") == std::string::npos);
}

TEST_CASE("rinsho-admin create-user and reset-user print a one-time link that the portal accepts") {
  const auto dir = fresh_temp_dir("admin-users");
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {binary("rinsho-admin"), "--data-dir", dir.string(), "--base-url", "https://rinsho.example/"});
    return run_process(args);
  };
  auto org = run({"create-org", "臨床大学"});
  REQUIRE(org.exit_code == 0);
  const std::string org_id = org.out.substr(0, org.out.find('\n'));
  auto created = run({"create-user", org_id, "A@Example.jp", "--role", "admin"});
  REQUIRE(created.exit_code == 0);
  const std::regex link("^https://rinsho\\.example/portal/password\\?token=pwl_[0-9a-f]{64}\n$");
  CHECK(std::regex_match(created.out, link));
  CHECK(run({"create-user", org_id, "a@example.jp"}).exit_code == 1);  // the email is taken
  CHECK(run({"create-user", org_id, "b@example.jp", "--role", "owner"}).exit_code == 1);
  auto reset = run({"reset-user", "a@example.JP"});
  REQUIRE(reset.exit_code == 0);
  CHECK(std::regex_match(reset.out, link));
  CHECK(reset.out != created.out);
  CHECK(run({"reset-user", "nobody@example.jp"}).exit_code == 1);
  auto users = run({"list-users", org_id});
  CHECK(users.out.find("a@example.jp\tadmin\tno password yet") != std::string::npos);

  // The printed link is the one the store knows, and the earlier one no longer works.
  auto store = rinsho::store::Store::open({dir});
  REQUIRE(store.has_value());
  const std::string prefix = "https://rinsho.example/portal/password?token=";
  CHECK(store->peek_password_link(reset.out.substr(prefix.size(), 68))->has_value());
  CHECK_FALSE(store->peek_password_link(created.out.substr(prefix.size(), 68))->has_value());
  std::filesystem::remove_all(dir);
}

TEST_CASE("SignInThrottle: limits per account and per address, forgets after the window, stays bounded") {
  auto now = std::chrono::steady_clock::time_point{} + 1h;
  rinsho::server::SignInThrottle throttle({3, 5, std::chrono::seconds(60), 4}, [&] { return now; });
  CHECK(throttle.wait_seconds("a", "10.0.0.1") == 0);
  for (int i = 0; i < 3; ++i) throttle.failed("a", "10.0.0.1");
  CHECK(throttle.wait_seconds("a", "10.0.0.1") == 61);
  CHECK(throttle.wait_seconds("a", "10.0.0.2") == 61);  // the account, from anywhere
  CHECK(throttle.wait_seconds("b", "10.0.0.2") == 0);
  now += 30s;
  CHECK(throttle.wait_seconds("a", "10.0.0.2") == 31);
  now += 31s;
  CHECK(throttle.wait_seconds("a", "10.0.0.2") == 0);  // the failures left the window

  // Per address: five accounts from one address.
  for (const char* account : {"p", "q", "r", "s", "t"}) throttle.failed(account, "10.0.0.9");
  CHECK(throttle.wait_seconds("u", "10.0.0.9") > 0);
  CHECK(throttle.wait_seconds("u", "10.0.0.8") == 0);

  // A success clears the account's count.
  throttle.failed("v", "10.0.0.7");
  throttle.failed("v", "10.0.0.7");
  throttle.succeeded("v");
  throttle.failed("v", "10.0.0.7");
  CHECK(throttle.wait_seconds("v", "10.0.0.6") == 0);
}
