#include "server/api/auth.hpp"

#include <algorithm>
#include <cctype>

#include "server/runtime/app_context.hpp"
#include "server/http/problem.hpp"

namespace rinsho::server {

Result<std::optional<store::TokenInfo>> bearer_token(AppContext& app, const HttpRequest& req) {
  const auto header = req.header("Authorization").value_or("");
  // The scheme is case-insensitive (RFC 9110 §11.1); the token is everything after the space.
  const std::string scheme = "bearer ";
  if (header.size() <= scheme.size() ||
      !std::equal(scheme.begin(), scheme.end(), header.begin(),
                  [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); }))
    return std::optional<store::TokenInfo>();
  return app.store.verify_token(header.substr(scheme.size()));
}

HttpResponse unauthorized() {
  auto r = problem_response(401, "a valid API token is required",
                            {{"Authorization", "有効な API トークンを Bearer 方式で指定してください",
                              "must be \"Bearer\" followed by a valid API token"}});
  r.set_header("WWW-Authenticate", "Bearer realm=\"rinsho\"");
  return r;
}

}  // namespace rinsho::server
