#pragma once
// Internal: a connection to the store's database outside any Store, for tests that must set up a
// state no API call can make (a full id block, say). Nothing in the programs uses it.
#include <memory>

#include "store/db_connection.hpp"
#include "store/store.hpp"

namespace rinsho::store::detail {

Result<std::unique_ptr<Connection>> open_raw_connection(const StoreOptions& options);

}  // namespace rinsho::store::detail
