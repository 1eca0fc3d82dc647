#pragma once
// Internal to core/index: which ErrorCode a Xapian exception becomes. A full disk is storage_full
// (the server's 507, fixed by freeing space); everything else is io.
#include <cerrno>
#include <cstring>
#include <string>

#include <xapian.h>

#include "common/error.hpp"

namespace rinsho::index::detail {

inline bool is_disk_full(const Xapian::Error& e) {
  const char* system = e.get_error_string();
  return (system && std::strcmp(system, std::strerror(ENOSPC)) == 0) ||
         e.get_description().find(std::strerror(ENOSPC)) != std::string::npos;
}

inline Error xapian_error(const std::string& what, const Xapian::Error& e) {
  return Error{is_disk_full(e) ? ErrorCode::storage_full : ErrorCode::io, what + ": " + e.get_description(), {}};
}

}  // namespace rinsho::index::detail
