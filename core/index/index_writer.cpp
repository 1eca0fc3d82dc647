#include "index/index_writer.hpp"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "index/document_builder.hpp"
#include "index/index_layout.hpp"
#include "index/xapian_errors.hpp"

namespace rinsho::index {

struct IndexWriter::Impl {
  Xapian::WritableDatabase db;
  DocumentBuilder builder;
  std::size_t pending = 0;
  bool fresh;  // empty when opened: every document in it is written at this format
  Impl(Xapian::WritableDatabase d, const text::Analyzer& a)
      : db(std::move(d)), builder(a), fresh(db.get_doccount() == 0) {}
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;
IndexWriter::~IndexWriter() = default;

Result<IndexWriter> IndexWriter::open(const std::filesystem::path& dir, const text::Analyzer& prototype) {
  try {
    std::filesystem::create_directories(dir.parent_path().empty() ? "." : dir.parent_path());
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OPEN);
    return IndexWriter(std::make_unique<Impl>(std::move(db), prototype));
  } catch (const Xapian::DatabaseLockError& e) {
    return fail(ErrorCode::busy, "the search index at " + dir.string() + " is locked by another process: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    return tl::unexpected(detail::xapian_error("cannot open the search index at " + dir.string(), e));
  } catch (const std::filesystem::filesystem_error& e) {
    return fail(e.code() == std::errc::no_space_on_device ? ErrorCode::storage_full : ErrorCode::io,
                std::string("cannot create the index directory: ") + e.what());
  }
}

Result<void> IndexWriter::upsert(const nlohmann::json& record) {
  auto doc = impl_->builder.build(record);
  if (!doc) return tl::unexpected(doc.error());
  try {
    impl_->db.replace_document(term(prefix::id, record.at("id").get<std::string>()), *doc);
    ++impl_->pending;
    return {};
  } catch (const Xapian::Error& e) {
    return tl::unexpected(detail::xapian_error("cannot index " + record.value("id", ""), e));
  }
}

Result<void> IndexWriter::commit(std::int64_t applied_seq) {
  try {
    impl_->db.set_metadata(kLastSeqKey, std::to_string(applied_seq));
    if (impl_->fresh) impl_->db.set_metadata(kFormatKey, kIndexFormat);
    // WritableDatabase's destructor swallows errors, so every commit is explicit and checked.
    impl_->db.commit();
    impl_->pending = 0;
    return {};
  } catch (const Xapian::Error& e) {
    return tl::unexpected(detail::xapian_error("cannot commit the search index", e));
  }
}

std::int64_t IndexWriter::last_applied_seq() const {
  const std::string v = impl_->db.get_metadata(kLastSeqKey);
  return v.empty() ? 0 : std::stoll(v);
}

bool IndexWriter::needs_rebuild() const {
  return !impl_->fresh && impl_->db.get_metadata(kFormatKey) != kIndexFormat;
}

std::uint64_t IndexWriter::doc_count() const { return impl_->db.get_doccount(); }
std::size_t IndexWriter::pending() const { return impl_->pending; }

}  // namespace rinsho::index
