#pragma once
// Expected failures travel as values (Result<T>); exceptions are kept for bugs and fatal start-up.
#include <string>
#include <vector>

#include <tl/expected.hpp>

namespace rinsho {

enum class ErrorCode {
  invalid_argument,  // a parameter the caller sent is wrong
  invalid_json,      // the body is not JSON we accept (syntax, UTF-8, duplicates, depth, size)
  validation,        // well-formed JSON that breaks the record contract
  not_found,
  conflict,          // the request clashes with what is stored (e.g. the id exists)
  precondition_failed,  // If-Match names a version that is no longer current
  rate_limited,
  unauthorized,
  forbidden,
  too_large,
  io,                // files, SQLite, Xapian
  storage_full,      // the disk holding the store or the index is full: nothing was written
  busy,              // another process holds the index's write lock for now: try again shortly
  internal,
};

// One invalid field: a JSON Pointer into the request plus a message in both languages.
struct FieldError {
  std::string pointer;
  std::string message_ja;
  std::string message_en;
  bool operator==(const FieldError&) const = default;
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;             // for logs and the problem "detail"
  std::vector<FieldError> fields;  // for validation and parameter errors
};

template <class T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message, std::vector<FieldError> fields = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(fields)});
}

const char* error_code_name(ErrorCode code);

}  // namespace rinsho
