#pragma once
// Bearer tokens, shared by the write API, imports and the organisation's own statistics.
#include <optional>

#include "common/error.hpp"
#include "server/http/http_types.hpp"
#include "store/store.hpp"

namespace rinsho::server {

struct AppContext;

// The token in "Authorization: Bearer <token>". nullopt when it is missing, malformed, unknown or
// revoked; an error only when the store failed (503), which is not the caller's fault.
Result<std::optional<store::TokenInfo>> bearer_token(AppContext& app, const HttpRequest& req);

// One answer for every token problem, so no response tells a caller whether some token exists.
HttpResponse unauthorized();

}  // namespace rinsho::server
