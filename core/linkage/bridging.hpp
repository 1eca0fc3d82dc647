#pragma once
// Bridging (ICTRP's word): one trial, however many registries list it. An imported record that
// shares an id with a stored trial (either side's own id or any secondary id, compared by
// text::registry_id_key) becomes another source of that trial instead of a second trial. The
// trial's record is recomputed from every source's last imported record by the precedence table in
// README.md ("One trial, however many registries list it"); values the sources disagree on are
// kept, each with its registration, in source_conflicts. A trial a registrant wrote keeps the
// registrant's values: imports add sources, ids and conflicts only, in a version whose note says so.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/store.hpp"

namespace rinsho::linkage {

// The registration a mapped record is: its rinsho id when it has one (jRCT), else secondary_ids[0]
// (the importers put the source's own id there). nullopt for a record with neither.
std::optional<store::SourceSnapshot> registration_of(const nlohmann::json& record);

// The keys a record is linked by: its own registration and every secondary id whose shape names a
// registry (NCT…, jRCT…, UMIN…, JapicCTI-…, EudraCT numbers, …). A sponsor's protocol number is
// not a key: two sponsors may number different trials alike.
std::vector<std::string> link_keys(const nlohmann::json& record);
// Whether a text::registry_id_key has a registry's shape (nct…, jrct…, umin…, an EudraCT number).
bool is_registry_key(std::string_view key);

// Lower wins: jRCT 0; UMIN, JapicCTI and JMA-IIA 1 (Japan's primary registries before jRCT);
// every other registry 2. The registrant's own record stands above all of them.
int registry_rank(std::string_view registry);

// The registry's public page for an id, when its address can be built from the id alone.
std::string registration_url(std::string_view registry, std::string_view id);

// What the store holds for the trial an imported record links to.
struct LinkedTrial {
  std::string id;                 // empty: no trial yet
  nlohmann::json current;         // the current record (null when id is empty)
  std::int64_t version = 0;
  bool registrant = false;        // some version came from the API, the portal or an ingest
  std::vector<store::SourceSnapshot> snapshots;
};

struct MergedImport {
  nlohmann::json record;           // the trial's new record
  store::SourceSnapshot snapshot;  // the incoming source, to save with it
  std::string note;                // for the version
  bool same_as_before = false;     // the source sent exactly what it sent last time
  bool new_link = false;           // an existing trial gained this source
};

// `incoming` is a mapped, valid record; `now` is RFC 3339 UTC (a source's last_imported moves only
// when what it sent changed, so a re-import leaves the record unchanged).
MergedImport merge_import(const LinkedTrial& trial, nlohmann::json incoming, const std::string& now);

}  // namespace rinsho::linkage
