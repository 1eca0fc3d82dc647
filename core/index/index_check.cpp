#include "index/index_check.hpp"

#include <charconv>

#include <xapian.h>

#include "index/index_layout.hpp"
#include "index/xapian_errors.hpp"
#include "store/store.hpp"

namespace rinsho::index {
namespace {

namespace fs = std::filesystem;

std::uintmax_t directory_bytes(const fs::path& dir) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  return total;
}

std::optional<std::int64_t> parse_seq(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

// Reads what a search reads first: the best document's data, terms and values. Throws on damage.
void read_one_document(const Xapian::Database& db) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(std::string()));  // MatchAll, without sharing the static object
  auto mset = enquire.get_mset(0, 1);
  if (mset.empty()) return;
  const auto doc = mset.begin().get_document();
  (void)doc.get_data();
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) (void)*t;
  for (auto v = doc.values_begin(); v != doc.values_end(); ++v) (void)*v;
}

// The store's sequence and trial count from one moment: read twice around the count, so a write
// in between is noticed (nullopt) instead of comparing a count with the wrong sequence.
Result<std::optional<std::pair<std::int64_t, std::int64_t>>> store_state(const store::Store& store) {
  auto before = store.last_seq();
  if (!before) return tl::unexpected(before.error());
  auto count = store.count_trials();
  if (!count) return tl::unexpected(count.error());
  auto after = store.last_seq();
  if (!after) return tl::unexpected(after.error());
  if (*before != *after) return std::optional<std::pair<std::int64_t, std::int64_t>>();
  return std::optional(std::pair(*after, *count));
}

// Everything but opening: damage Xapian finds, then what the metadata claims against the store.
Result<std::optional<std::string>> examine(const store::Store& store, const fs::path& dir, const Xapian::Database& db,
                                           const IndexCheckOptions& options) {
  try {
    if (directory_bytes(dir) <= options.full_check_max_bytes) {
      if (const auto errors = Xapian::Database::check(dir.string()); errors > 0)
        return std::optional<std::string>("is damaged (" + std::to_string(errors) + " errors in Xapian's check)");
    }
    read_one_document(db);
  } catch (const Xapian::DatabaseLockError& e) {
    return tl::unexpected(detail::xapian_error("cannot check the search index at " + dir.string(), e));
  } catch (const Xapian::Error& e) {
    return std::optional<std::string>("is damaged (" + e.get_description() + ")");
  }
  const auto documents = db.get_doccount();
  const std::string marker = db.get_metadata(kLastSeqKey);
  if (documents > 0 && db.get_metadata(kFormatKey) != kIndexFormat)
    return std::optional<std::string>("was written by an older rinsho");
  if (documents == 0 && marker.empty()) return std::optional<std::string>();
  const auto seq = parse_seq(marker);
  if (!seq) return std::optional<std::string>("has no valid sequence marker (\"" + marker.substr(0, 32) + "\")");
  auto state = store_state(store);
  if (!state) return tl::unexpected(state.error());
  if (!*state) return std::optional<std::string>();  // the store moved meanwhile: judge next time
  const auto [store_seq, trials] = **state;
  if (*seq > store_seq)
    return std::optional<std::string>("says it applied change " + std::to_string(*seq) + " but the registry has only " +
                                      std::to_string(store_seq) + " (an index of another registry or a restored store)");
  if (*seq == store_seq && std::int64_t(documents) != trials)
    return std::optional<std::string>("holds " + std::to_string(documents) + " trials but the registry " +
                                      std::to_string(trials));
  return std::optional<std::string>();
}

}  // namespace

Result<std::optional<std::string>> rebuild_reason(const store::Store& store, const fs::path& dir,
                                                  const IndexCheckOptions& options) {
  std::error_code ec;
  if (!fs::exists(dir, ec) || fs::is_empty(dir, ec)) return std::optional<std::string>();  // created on first open
  try {
    // Holding the write lock: no other process commits while we look.
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_OPEN);
    return examine(store, dir, db, options);
  } catch (const Xapian::DatabaseLockError& e) {
    return fail(ErrorCode::busy, "the search index at " + dir.string() + " is locked by another process: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    return std::optional<std::string>("cannot be opened (" + e.get_description() + ")");
  }
}

}  // namespace rinsho::index
