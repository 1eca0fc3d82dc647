#pragma once
// RFC 9457 problem+json responses, and the one place where an Error becomes an HTTP status.
#include <string>

#include "common/error.hpp"
#include "server/http/http_types.hpp"

namespace rinsho::server {

int http_status_for(ErrorCode code);

// {"type","title","status","detail","errors":[{"pointer","message":{"ja","en"}}]}
HttpResponse problem_response(const Error& error);
HttpResponse problem_response(int status, const std::string& detail, std::vector<FieldError> fields = {});

}  // namespace rinsho::server
