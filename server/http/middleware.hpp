#pragma once
#include "server/http/http_types.hpp"
#include "server/routes.hpp"

namespace rinsho::server {

struct AppContext;

// Rate limits, security headers and the access log around one handler call.
HttpResponse dispatch(AppContext& app, const Route& route, HttpRequest& request);

// Answers for requests no handler ran for, as httplib reports them: 404 (no route matches), 405 (a
// route takes the path but not the method), 400, 413, 414 and 431 (the request could not be read
// whole) and 500. Page paths get the site's HTML pages, the API and health checks problem+json; so
// does a request whose path httplib never read (an over-long request line).
HttpResponse unhandled(AppContext& app, const HttpRequest& request, int status);

void add_security_headers(HttpResponse& response);

}  // namespace rinsho::server
