#pragma once
// A trial a person of the researcher portal is writing or changing, saved after every step of the
// guided form (store_drafts.cpp, table trial_drafts). Drafts are private to their organisation:
// never public, never searched, indexed, exported or listed in the sitemap (nothing that reads
// trials reads this table).
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace rinsho::store {

struct TrialDraft {
  std::string id;          // "drf_" + 16 hex digits, assigned by create_draft
  std::string org_id;      // only this organisation's people see it
  std::string created_by;  // person ids
  std::string updated_by;
  std::optional<std::string> trial_id;  // the published trial it changes; nullopt for a new trial
  std::int64_t base_version = 0;        // the trial's version it started from (0 for a new trial)
  nlohmann::json record = nlohmann::json::object();  // the record so far; may be incomplete or invalid
  int step = 1;                         // the last step of the form reached
  std::string created_at, updated_at;   // RFC 3339 UTC, assigned by the store
};

}  // namespace rinsho::store
