#pragma once
#include "server/http_types.hpp"
#include "server/routes.hpp"

namespace rinsho::server {

struct AppContext;

// Rate limits, security headers and the access log around one handler call.
HttpResponse dispatch(AppContext& app, const Route& route, HttpRequest& request);

// 404 for paths no route matches: problem+json under /api, a helpful page elsewhere.
HttpResponse not_found(AppContext& app, const HttpRequest& request);

void add_security_headers(HttpResponse& response);

}  // namespace rinsho::server
