#pragma once
// Access counts as the store keeps them (tables access_daily, access_trial_daily, access_org_daily
// and search_concept_daily, migration 2): counts per Japan-time day, never anything about a person.
// Days are 'YYYY-MM-DD' text and dimensions plain names, so the store knows nothing of how the
// server classifies requests.
#include <cstdint>
#include <string>
#include <vector>

namespace rinsho::store {

struct AccessCell {
  std::string day;  // empty in breakdowns summed over days
  std::string audience, kind, channel, device, lang;
  std::int64_t count = 0;
};
struct TrialViewCount {
  std::string day, trial_id, audience;
  std::int64_t count = 0;
};
struct OrgAccessCount {
  std::string day, org_id, kind;
  std::int64_t count = 0;
};
struct ConceptSearchCount {
  std::string day, concept_id;
  std::int64_t count = 0;
};

// What one flush adds: every count is added to what is stored, in one transaction.
struct AccessBatch {
  std::vector<AccessCell> cells;
  std::vector<TrialViewCount> trials;
  std::vector<OrgAccessCount> orgs;
  std::vector<ConceptSearchCount> concepts;
  bool empty() const { return cells.empty() && trials.empty() && orgs.empty() && concepts.empty(); }
};

struct DailyAudienceCount {
  std::string day, audience;
  std::int64_t count = 0;
};

struct TrialViews {
  std::string trial_id;
  std::int64_t person = 0, program = 0, bot = 0;
};

struct MonthlyActivity {
  std::string month;  // 'YYYY-MM', Japan time
  std::int64_t registrations = 0;  // version 1 written that month
  std::int64_t updates = 0;        // later versions written that month
};

}  // namespace rinsho::store
