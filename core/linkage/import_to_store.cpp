#include "linkage/import_to_store.hpp"

#include <algorithm>
#include <ctime>
#include <set>

#include "common/utc_time.hpp"
#include "linkage/bridging.hpp"

namespace rinsho::linkage {
namespace {

constexpr std::size_t kBatch = 200;

std::vector<std::string> reasons_of(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back((f.pointer.empty() ? "(record)" : f.pointer) + ": " + f.message_en);
  if (out.empty()) out.push_back(e.message);
  return out;
}

// The records of one batch, and the ids they touch: a record that links to a trial (or shares a
// key with a record) already in the batch waits for the batch to be written, so it is merged
// with what that write produced.
struct Pending {
  std::vector<store::ImportWrite> writes;
  std::vector<ImportOutcome> outcomes;
  std::vector<bool> new_links;
  std::set<std::string> keys, trials;
  bool touches(const std::vector<std::string>& k, const std::vector<std::string>& t) const {
    return std::any_of(k.begin(), k.end(), [&](const auto& x) { return keys.count(x) > 0; }) ||
           std::any_of(t.begin(), t.end(), [&](const auto& x) { return trials.count(x) > 0; });
  }
};

class Importer {
 public:
  Importer(store::Store& store, const store::WriteContext& ctx, const std::function<void(const ImportOutcome&)>& report,
           const ImportRun& run)
      : store_(store), ctx_(ctx), report_(report), run_(run), now_(run.imported_at.empty() ? utc_now_rfc3339() : run.imported_at) {}

  void take(ImportedRecord&& rec) {
    if (failure_ || stopped_) return;
    ImportOutcome outcome{rec.source_id, "", "", rec.reasons};
    if (rec.outcome != ImportedRecord::Outcome::mapped || !rec.record) {
      const bool skipped = rec.outcome == ImportedRecord::Outcome::skipped;
      outcome.outcome = skipped ? "skipped" : "failed";
      ++(skipped ? counts_.skipped : counts_.failed);
      report_(outcome);
      return;
    }
    if (auto ok = link(std::move(*rec.record), std::move(outcome)); !ok) failure_ = ok.error();
    else if (pending_.writes.size() >= kBatch) finish_batch();
  }

  Result<ImportResult> finish() {
    if (!failure_ && !stopped_) finish_batch();
    if (failure_) return tl::unexpected(*failure_);
    return ImportResult{counts_, stopped_};
  }
  bool stopped() const { return stopped_ || failure_.has_value(); }

 private:
  void finish_batch() {
    if (auto f = flush(); !f) failure_ = f.error();
    else if (run_.stop && run_.stop->load()) stopped_ = true;
  }

  Result<void> link(nlohmann::json record, ImportOutcome outcome) {
    const auto keys = link_keys(record);
    auto matches = store_.find_trials_by_registry_keys(keys);
    if (!matches) return tl::unexpected(matches.error());
    if (pending_.touches(keys, *matches)) {
      if (auto f = flush(); !f) return f;
      matches = store_.find_trials_by_registry_keys(keys);
      if (!matches) return tl::unexpected(matches.error());
    }
    LinkedTrial trial;
    if (!matches->empty()) {
      trial.id = choose(*matches, keys, outcome);
      auto snaps = store_.source_snapshots(trial.id);
      if (!snaps) return tl::unexpected(snaps.error());
      trial.snapshots = std::move(*snaps);
      // Resuming or re-importing: the source sent what it sent last time; nothing to merge.
      const auto own = keys.empty() ? std::string() : keys.front();
      for (const auto& s : trial.snapshots)
        if (s.key == own && s.record == record) {
          outcome.outcome = "unchanged";
          outcome.trial_id = trial.id;
          ++counts_.unchanged;
          report_(outcome);
          return {};
        }
      auto current = store_.get_trial(trial.id);
      if (!current) return tl::unexpected(current.error());
      if (*current) {
        trial.current = (*current)->record;
        trial.version = (*current)->version;
      }
      auto registrant = store_.has_registrant_version(trial.id);
      if (!registrant) return tl::unexpected(registrant.error());
      trial.registrant = *registrant;
    }
    auto merged = merge_import(trial, std::move(record), now_);
    pending_.keys.insert(keys.begin(), keys.end());
    if (!trial.id.empty()) pending_.trials.insert(trial.id);
    std::optional<std::int64_t> expected;
    if (!trial.id.empty()) expected = trial.version;
    pending_.writes.push_back({std::move(merged.record), std::move(merged.snapshot), std::move(merged.note), expected});
    pending_.outcomes.push_back(std::move(outcome));
    pending_.new_links.push_back(merged.new_link);
    return {};
  }

  // Several trials share the record's ids: the one holding its own registration id wins; the
  // others are named so an operator can look (rinsho-indexer duplicates lists them too). Two
  // stored trials are never merged by an import.
  std::string choose(const std::vector<std::string>& matches, const std::vector<std::string>& keys,
                     ImportOutcome& outcome) {
    std::string chosen = matches.front();
    if (matches.size() > 1 && !keys.empty())
      if (auto own = store_.find_trials_by_registry_keys({keys.front()}); own && !own->empty()) chosen = own->front();
    for (const auto& m : matches)
      if (m != chosen)
        outcome.reasons.push_back("also shares an id with trial " + m + "; linked to " + chosen +
                                  " only: the two trials were not merged (see rinsho-indexer duplicates)");
    return chosen;
  }

  Result<void> flush() {
    if (pending_.writes.empty()) return {};
    auto results = store_.put_imported(std::move(pending_.writes), ctx_);
    if (!results) return tl::unexpected(results.error());
    for (std::size_t i = 0; i < results->size(); ++i) {
      auto& outcome = pending_.outcomes[i];
      const auto& r = (*results)[i];
      if (!r) {
        outcome.outcome = "failed";
        auto reasons = reasons_of(r.error());
        outcome.reasons.insert(outcome.reasons.begin(), reasons.begin(), reasons.end());
        ++counts_.failed;
      } else {
        outcome.trial_id = r->id;
        outcome.outcome = r->unchanged ? "unchanged" : r->created ? "imported" : pending_.new_links[i] ? "linked" : "updated";
        ++(r->unchanged ? counts_.unchanged : r->created ? counts_.imported : counts_.updated);
        if (!r->unchanged && pending_.new_links[i]) ++counts_.linked;
      }
      report_(outcome);
    }
    pending_ = {};
    if (run_.on_batch) run_.on_batch(counts_);
    return {};
  }

  store::Store& store_;
  const store::WriteContext& ctx_;
  const std::function<void(const ImportOutcome&)>& report_;
  const ImportRun& run_;
  std::string now_;
  ImportCounts counts_;
  Pending pending_;
  std::optional<Error> failure_;
  bool stopped_ = false;
};

}  // namespace

Result<ImportResult> import_into_store(store::Store& store, ImportFormat format, std::istream& in,
                                       const ImportOptions& options, const store::WriteContext& ctx,
                                       const std::function<void(const ImportOutcome&)>& report,
                                       const ImportRun& run) {
  Importer importer(store, ctx, report, run);
  ImportOptions opts = options;
  std::function<bool()> previous = opts.should_stop;
  // The reader stops at the next record once the importer has stopped, instead of reading the
  // rest of the file for nothing.
  opts.should_stop = [&] { return importer.stopped() || (previous && previous()); };
  auto ok = import_stream(format, in, opts, [&](ImportedRecord&& rec) { importer.take(std::move(rec)); });
  auto result = importer.finish();
  if (!ok && !(result && result->stopped)) return tl::unexpected(ok.error());
  return result;
}

}  // namespace rinsho::linkage
