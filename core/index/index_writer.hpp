#pragma once
// The only writer of the Xapian index. It records the store sequence number it has applied in the
// same commit as the documents, so a crash between store and index commits is repaired by catching
// up from that number.
#include <cstdint>
#include <filesystem>
#include <memory>

#include <nlohmann/json_fwd.hpp>

#include "common/error.hpp"
#include "text/analyzer.hpp"

namespace rinsho::index {

class IndexWriter {
 public:
  // Creates the database when missing. Fails with ErrorCode::busy when another process holds the lock.
  static Result<IndexWriter> open(const std::filesystem::path& dir, const text::Analyzer& prototype);
  IndexWriter(IndexWriter&&) noexcept;
  IndexWriter& operator=(IndexWriter&&) noexcept;
  ~IndexWriter();

  // Adds or replaces the trial with the record's id. Not visible to readers until commit().
  Result<void> upsert(const nlohmann::json& record);
  // Makes pending changes durable and records `applied_seq` with them.
  Result<void> commit(std::int64_t applied_seq);

  std::int64_t last_applied_seq() const;
  // True when the index holds documents written at another format (index_layout.hpp): applying
  // changes on top would mix the two, so it has to be rebuilt from the store.
  bool needs_rebuild() const;
  std::uint64_t doc_count() const;
  std::size_t pending() const;

 private:
  struct Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rinsho::index
