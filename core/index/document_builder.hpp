#pragma once
// Trial record -> Xapian document (see index_layout.hpp for the terms and slots it writes).
#include <memory>

#include <nlohmann/json_fwd.hpp>
#include <xapian.h>

#include "common/error.hpp"
#include "text/analyzer.hpp"

namespace rinsho::index {

// Not thread-safe (owns an Analyzer); one per indexing thread.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(const text::Analyzer& prototype);
  // The record must have an id and have passed validation.
  Result<Xapian::Document> build(const nlohmann::json& record) const;

 private:
  text::Analyzer analyzer_;
};

// The fields a result list shows, kept as the document's data: all of it comes from the store.
nlohmann::json display_data(const nlohmann::json& record);

}  // namespace rinsho::index
