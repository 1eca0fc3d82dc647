#pragma once
// Shared by the portal's integration tests: forms posted and cookies carried by hand, as a browser
// would, and an organisation with people who set their password through the real link.
#include <doctest/doctest.h>

#include <algorithm>
#include <regex>

#include "api_helpers.hpp"

namespace rinsho::testing {

using namespace std::chrono_literals;

inline constexpr const char* kPassword = "correct horse battery 臨床";

inline std::string cookie_from(const httplib::Result& res, const std::string& name) {
  for (const auto& [k, v] : res->headers) {
    if (k != "Set-Cookie" || v.rfind(name + "=", 0) != 0) continue;
    return v.substr(name.size() + 1, v.find(';') - name.size() - 1);
  }
  return "";
}

inline std::string set_cookie_line(const httplib::Result& res, const std::string& name) {
  for (const auto& [k, v] : res->headers)
    if (k == "Set-Cookie" && v.rfind(name + "=", 0) == 0) return v;
  return "";
}

inline std::string hidden(const std::string& html, const std::string& name) {
  std::smatch m;
  const std::regex re("name=\"" + name + "\" value=\"([^\"]*)\"");
  return std::regex_search(html, m, re) ? m[1].str() : "";
}

inline std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) out += (out.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
  return out;
}

inline httplib::Result post_form(httplib::Client& c, const std::string& path, const std::string& cookies,
                          const std::vector<std::pair<std::string, std::string>>& fields) {
  httplib::Headers h;
  if (!cookies.empty()) h.emplace("Cookie", cookies);
  return c.Post(path.c_str(), h, form_body(fields), "application/x-www-form-urlencoded");
}

inline httplib::Result get_with(httplib::Client& c, const std::string& path, const std::string& cookies) {
  httplib::Headers h;
  if (!cookies.empty()) h.emplace("Cookie", cookies);
  return c.Get(path.c_str(), h);
}

inline rinsho::store::WriteContext portal_org_ctx(const std::string& org) {
  return rinsho::store::WriteContext{org, "alice@" + org, "api", std::nullopt, false};
}

struct Portal {
  TestServer& server;
  httplib::Client client;
  std::string org_id;
  explicit Portal(TestServer& s, const std::string& org_name = "臨床大学病院")
      : server(s), client(s.client()), org_id(s.app().store.create_org(org_name).value().id) {}

  // A person with the given email whose password is set through the link, as they would do it.
  void person_with_password(const std::string& email, const std::string& role = "editor") {
    auto person = server.app().store.create_person(org_id, email, role);
    REQUIRE(person.has_value());
    const auto secret = server.app().store.issue_password_link(person->id, 72h).value();
    auto page = client.Get(("/portal/password?token=" + secret).c_str());
    REQUIRE(page);
    REQUIRE(page->status == 200);
    std::string lower = email;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    CHECK(page->body.find(lower) != std::string::npos);
    const auto form = cookie_from(page, "rinsho_form");
    REQUIRE(form.size() == 64);
    auto set = post_form(client, "/portal/password", "rinsho_form=" + form,
                         {{"csrf", hidden(page->body, "csrf")}, {"token", secret}, {"password", kPassword}, {"confirm", kPassword}});
    REQUIRE(set);
    REQUIRE(set->status == 303);
    CHECK(set->get_header_value("Location") == "/portal/sign-in?done=password-set");
  }

  // Signs in; returns the session cookie ("" when refused) and the response.
  std::pair<std::string, httplib::Result> sign_in(const std::string& email, const std::string& password,
                                                  const std::string& extra_cookie = "") {
    auto page = client.Get("/portal/sign-in");
    REQUIRE(page);
    REQUIRE(page->status == 200);
    const auto form = cookie_from(page, "rinsho_form");
    std::string cookies = "rinsho_form=" + form + (extra_cookie.empty() ? "" : "; " + extra_cookie);
    auto res = post_form(client, "/portal/sign-in", cookies,
                         {{"csrf", hidden(page->body, "csrf")}, {"email", email}, {"password", password}});
    REQUIRE(res);
    return {cookie_from(res, "rinsho_session"), std::move(res)};
  }
};

// A signed-in person of a new organisation, with the dashboard's form token.
struct Member {
  Portal portal;
  std::string cookies, csrf;

  Member(TestServer& server, const std::string& org, const std::string& email, const std::string& role)
      : portal(server, org) {
    portal.person_with_password(email, role);
    sign_in(email);
  }
  // Another person of the same organisation as `colleague`.
  // (Portal always makes an organisation; this one's goes unused.)
  Member(const Member& colleague, const std::string& email, const std::string& role)
      : portal(colleague.portal.server, "unused " + email) {
    portal.org_id = colleague.portal.org_id;
    portal.person_with_password(email, role);
    sign_in(email);
  }
  void sign_in(const std::string& email) {
    auto signed_in = portal.sign_in(email, kPassword);
    REQUIRE(signed_in.first.size() == 68);
    cookies = "rinsho_session=" + signed_in.first;
    auto dash = get("/portal");
    REQUIRE(dash);
    REQUIRE(dash->status == 200);
    csrf = hidden(dash->body, "csrf");
    REQUIRE(csrf.size() == 64);
  }
  httplib::Result get(const std::string& path) { return get_with(portal.client, path, cookies); }
  httplib::Result post(const std::string& path, std::vector<std::pair<std::string, std::string>> fields, bool with_csrf = true) {
    if (with_csrf) fields.insert(fields.begin(), {"csrf", csrf});
    return post_form(portal.client, path, cookies, fields);
  }
};

}  // namespace rinsho::testing
