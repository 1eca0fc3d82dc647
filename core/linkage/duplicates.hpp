#pragma once
// Probable duplicates for an operator to look at: trials with the same English public title and
// the same primary sponsor (compared after text::normalize, with punctuation and spacing ignored)
// that are stored apart. They are listed, never merged: two registrations with one title may be
// a study and its extension, and only a person can tell.
#include <string>
#include <vector>

#include "common/error.hpp"
#include "store/store.hpp"

namespace rinsho::linkage {

struct DuplicateTrial {
  std::string id;
  std::vector<std::string> registry_ids;  // the trial's secondary ids, as "registry:id"
};

struct DuplicateGroup {
  std::string title, sponsor;  // as the first trial writes them
  std::vector<DuplicateTrial> trials;  // id order
  // Some of them share a registry id: an import found more than one trial for one record
  // (import_to_store names them) and linked it to one of them only.
  bool cross_referenced = false;
};

// One pass over the store; memory grows with the number of trials (one short key each).
Result<std::vector<DuplicateGroup>> find_probable_duplicates(const store::Store& store);

}  // namespace rinsho::linkage
