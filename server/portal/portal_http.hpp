#pragma once
// What every portal handler shares (portal_routes.cpp, portal_trial_form.cpp): the signed-in
// session, the page response headers, redirects, form values and the audit row.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/http/http_types.hpp"
#include "store/store.hpp"

namespace rinsho::server {

struct AppContext;

using Form = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::string_view kSessionCookie = "rinsho_session";

std::string form_value(const Form& form, std::string_view key);
// `path` with ?lang=en for English pages, and `extra` query parameters.
std::string with_lang(std::string path, const std::string& lang, std::string_view extra = "");
// A page with a person's data and form tokens: never stored by a browser or a proxy.
HttpResponse portal_page(std::string html, const std::string& lang, int status = 200);
HttpResponse see_other(const std::string& location);
// The signed-in person's session, when the session cookie names a live one.
std::optional<store::SessionInfo> current_session(AppContext& app, const HttpRequest& req);
// The sign-in page to go to when there is no session (saying it expired when a cookie was sent).
HttpResponse to_sign_in(const HttpRequest& req, const std::string& lang);
void portal_audit(AppContext& app, const std::string& org_id, const std::string& actor, const std::string& action,
                  const std::string& outcome, const std::string& target = "portal", const std::string& detail = "{}");

}  // namespace rinsho::server
