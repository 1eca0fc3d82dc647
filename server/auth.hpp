#pragma once
// Bearer tokens, shared by the write API and the organisation's own statistics.
#include "common/error.hpp"
#include "server/http_types.hpp"
#include "store/store.hpp"

namespace rinsho::server {

struct AppContext;

// The token in "Authorization: Bearer <token>"; unauthorized when it is missing, unknown or revoked
// (401 never says which).
Result<store::TokenInfo> bearer_token(AppContext& app, const HttpRequest& req);

// 401 with WWW-Authenticate for unauthorized; the mapped status for other errors.
HttpResponse unauthorized_response(const Error& e);

}  // namespace rinsho::server
