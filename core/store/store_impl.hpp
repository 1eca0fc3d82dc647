#pragma once
// Internal: what a Store holds, shared by the store_*.cpp files that implement its parts.
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "model/validator.hpp"
#include "store/connection_pool.hpp"
#include "store/pg_connection.hpp"
#include "store/try.hpp"
#include "store/store.hpp"

namespace rinsho::store {

struct Store::Impl {
  std::filesystem::path file;  // SQLite only
  std::string url;             // PostgreSQL only
  detail::ConnectionPool pool;
  model::RecordValidator validator;
  // PostgreSQL only: the connection that LISTENs for other nodes' writes (wait_for_change).
  std::mutex listen_mutex;
  std::unique_ptr<detail::PgConnection> listener;
};

namespace detail {

// The public API promises that no exception escapes: nlohmann, the standard library and user
// callbacks can throw, so every entry point runs its body through this.
template <class F>
auto guarded(std::string_view op, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const std::exception& e) {
    return fail(ErrorCode::internal, "cannot " + std::string(op) + ": " + e.what());
  } catch (...) {
    return fail(ErrorCode::internal, "cannot " + std::string(op) + ": unknown exception");
  }
}

}  // namespace detail
}  // namespace rinsho::store
