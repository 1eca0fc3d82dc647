#include "linkage/import_to_store.hpp"

namespace rinsho::linkage {
namespace {

constexpr std::size_t kBatch = 200;

struct Pending {
  std::vector<nlohmann::json> records;
  std::vector<ImportOutcome> outcomes;
};

std::vector<std::string> reasons_of(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back((f.pointer.empty() ? "(record)" : f.pointer) + ": " + f.message_en);
  if (out.empty()) out.push_back(e.message);
  return out;
}

// Gives a record without a rinsho id the id of the trial that already lists its source id.
Result<void> adopt_existing_id(store::Store& store, nlohmann::json& record) {
  if (record.contains("id") || !record.contains("secondary_ids") || record["secondary_ids"].empty()) return {};
  const auto& first = record["secondary_ids"][0];
  auto found = store.find_by_secondary_id(first.value("registry", ""), first.value("id", ""));
  if (!found) return tl::unexpected(found.error());
  if (*found) record["id"] = **found;
  return {};
}

}  // namespace

Result<ImportCounts> import_into_store(store::Store& store, ImportFormat format, std::istream& in,
                                       const ImportOptions& options, const store::WriteContext& ctx,
                                       const std::function<void(const ImportOutcome&)>& report) {
  ImportCounts counts;
  Pending pending;
  std::optional<Error> failure;
  auto flush = [&]() -> Result<void> {
    if (pending.records.empty()) return {};
    auto results = store.put_trials(std::move(pending.records), ctx);
    if (!results) return tl::unexpected(results.error());
    for (std::size_t i = 0; i < results->size(); ++i) {
      auto& outcome = pending.outcomes[i];
      const auto& r = (*results)[i];
      if (!r) {
        outcome.outcome = "failed";
        outcome.reasons = reasons_of(r.error());
        ++counts.failed;
      } else {
        outcome.trial_id = r->id;
        outcome.outcome = r->unchanged ? "unchanged" : r->created ? "imported" : "updated";
        ++(r->unchanged ? counts.unchanged : r->created ? counts.imported : counts.updated);
      }
      report(outcome);
    }
    pending = {};
    return {};
  };
  auto ok = import_stream(format, in, options, [&](ImportedRecord&& rec) {
    if (failure) return;
    ImportOutcome outcome{rec.source_id, "", "", rec.reasons};
    if (rec.outcome != ImportedRecord::Outcome::mapped || !rec.record) {
      outcome.outcome = rec.outcome == ImportedRecord::Outcome::skipped ? "skipped" : "failed";
      ++(rec.outcome == ImportedRecord::Outcome::skipped ? counts.skipped : counts.failed);
      report(outcome);
      return;
    }
    if (auto adopted = adopt_existing_id(store, *rec.record); !adopted) {
      failure = adopted.error();
      return;
    }
    pending.records.push_back(std::move(*rec.record));
    pending.outcomes.push_back(std::move(outcome));
    if (pending.records.size() >= kBatch)
      if (auto f = flush(); !f) failure = f.error();
  });
  if (!ok) return tl::unexpected(ok.error());
  if (failure) return tl::unexpected(*failure);
  if (auto f = flush(); !f) return tl::unexpected(f.error());
  return counts;
}

}  // namespace rinsho::linkage
