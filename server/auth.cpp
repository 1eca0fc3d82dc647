#include "server/auth.hpp"

#include "server/app_context.hpp"
#include "server/problem.hpp"

namespace rinsho::server {

Result<store::TokenInfo> bearer_token(AppContext& app, const HttpRequest& req) {
  const auto header = req.header("Authorization").value_or("");
  const std::string scheme = "Bearer ";
  if (header.size() <= scheme.size() || header.compare(0, scheme.size(), scheme) != 0)
    return fail(ErrorCode::unauthorized, "a bearer token is required");
  auto token = app.store.verify_token(header.substr(scheme.size()));
  if (!token) return tl::unexpected(token.error());
  if (!*token) return fail(ErrorCode::unauthorized, "a bearer token is required");
  return **token;
}

HttpResponse unauthorized_response(const Error& e) {
  auto r = problem_response(e.code == ErrorCode::unauthorized ? 401 : http_status_for(e.code), e.message);
  if (r.status == 401) r.set_header("WWW-Authenticate", "Bearer realm=\"rinsho\"");
  return r;
}

}  // namespace rinsho::server
