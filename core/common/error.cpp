#include "common/error.hpp"

namespace rinsho {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_argument: return "invalid_argument";
    case ErrorCode::invalid_json: return "invalid_json";
    case ErrorCode::validation: return "validation";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::precondition_failed: return "precondition_failed";
    case ErrorCode::rate_limited: return "rate_limited";
    case ErrorCode::unauthorized: return "unauthorized";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::too_large: return "too_large";
    case ErrorCode::io: return "io";
    case ErrorCode::storage_full: return "storage_full";
    case ErrorCode::busy: return "busy";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

}  // namespace rinsho
