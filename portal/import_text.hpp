#pragma once
// "Start from a file": the text of a rinsho trial record or a ClinicalTrials.gov study (API v2 or
// the classic API, one study) made into the first record of a new draft, through the same parser
// and importer rinsho-indexer uses. What the record may not carry from outside (its id, the
// system fields, other registries' bridging data) is dropped: the draft is a new registration.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/error.hpp"

namespace rinsho::portal {

struct ImportedDraft {
  nlohmann::json record;
  std::string format;  // "rinsho" or "ctgov-json"
};

// invalid_argument naming the problem (in ja and en, field "file") for text that is not JSON, not
// an object, or a study the importer cannot map. A record that does not validate is still taken:
// the form's steps show what to fix.
Result<ImportedDraft> draft_from_text(std::string_view text);

}  // namespace rinsho::portal
