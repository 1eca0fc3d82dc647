#include "linkage/bridging.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "linkage/mapping.hpp"
#include "model/trial.hpp"
#include "text/registry_id.hpp"

namespace rinsho::linkage {
namespace {

using nlohmann::json;

// Fields the merge never takes from one source: ids and linkage are rebuilt from all of them, and
// the system fields belong to the store.
constexpr std::array kManaged = std::to_array<std::string_view>(
    {"id", "secondary_ids", "sources", "source_conflicts", "version", "created_at", "updated_at", "owner_org"});
// Lists where every registration adds what it knows: a country or keyword one registry lists is
// not contradicted by another's silence.
constexpr std::array kUnion = std::to_array<std::string_view>({"countries", "keywords"});
// Objects compared and chosen member by member, so one registry's missing date does not hide
// another's, and a conflict names the member ("/eligibility/max_age_years"), not the whole block.
constexpr std::array kByMember = std::to_array<std::string_view>(
    {"dates", "eligibility", "design", "contacts", "sponsor", "ethics_review", "flags", "burden", "ipd_sharing",
     "outcomes"});

template <class A>
bool in(const A& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// A participant in the merge: the registrant's own record, or one source's last import.
struct Part {
  std::string registry, id;
  const json* record;
};

// Importers write category "other" when the source does not say (README, defaults): that is no
// claim, so it neither wins nor conflicts.
const json* value_at(const Part& p, const json::json_pointer& ptr) {
  if (!p.record->contains(ptr)) return nullptr;
  const json& v = (*p.record)[ptr];
  if (ptr.to_string() == "/category" && v == "other") return nullptr;
  return &v;
}

std::vector<std::string> compared_pointers(const std::vector<Part>& parts) {
  std::vector<std::string> out;
  auto add = [&](std::string p) {
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(std::move(p));
  };
  for (const auto& part : parts)
    for (const auto& [key, value] : part.record->items()) {
      if (in(kManaged, key) || in(kUnion, key)) continue;
      if (in(kByMember, key) && value.is_object()) {
        for (const auto& member : value.items()) add("/" + key + "/" + member.key());
      } else {
        add("/" + key);
      }
    }
  return out;
}

json union_of(const std::vector<Part>& parts, const std::string& key) {
  json out = json::array();
  for (const auto& p : parts)
    if (auto it = p.record->find(key); it != p.record->end() && it->is_array())
      for (const auto& v : *it)
        if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  return out;
}

// Every registration's own id and its secondary ids, first seen first, without the trial's id.
json secondary_ids_of(const std::vector<Part>& parts, const std::string& trial_id) {
  json out = json::array();
  std::set<std::string> seen{text::registry_id_key(trial_id)};
  auto add = [&](const std::string& registry, const std::string& id) {
    auto key = text::registry_id_key(id);
    if (key.empty() || !seen.insert(key).second || out.size() >= 50) return;
    out.push_back({{"registry", registry}, {"id", id}});
  };
  for (const auto& p : parts) {
    add(p.registry, p.id);
    if (auto it = p.record->find("secondary_ids"); it != p.record->end() && it->is_array())
      for (const auto& s : *it) add(s.value("registry", "other"), s.value("id", ""));
  }
  return out;
}

json conflicts_of(const std::vector<Part>& parts, const std::vector<std::string>& pointers) {
  json out = json::array();
  for (const auto& p : pointers) {
    const json::json_pointer ptr(p);
    json values = json::array();
    bool differ = false;
    const json* first = nullptr;
    for (const auto& part : parts) {
      const json* v = value_at(part, ptr);
      if (!v) continue;
      if (!first) first = v;
      else if (*v != *first) differ = true;
      values.push_back({{"registry", part.registry}, {"id", part.id}, {"value", *v}});
    }
    if (differ && out.size() < 500) out.push_back({{"field", p}, {"values", std::move(values)}});
  }
  return out;
}

json strip_managed(json record) {
  for (auto name : kManaged)
    if (name != "id" && name != "secondary_ids") record.erase(std::string(name));
  return record;
}

std::string field_list(const json& conflicts) {
  std::string out;
  for (const auto& c : conflicts) out += (out.empty() ? "" : ", ") + c["field"].get<std::string>();
  return out;
}

// Every source's last import, the incoming one replacing its earlier self, in precedence order.
// Sets out.same_as_before, out.new_link and out.snapshot.record.
std::vector<store::SourceSnapshot> ordered_sources(const LinkedTrial& trial, json incoming, const std::string& now,
                                                   MergedImport& out) {
  std::vector<store::SourceSnapshot> snaps;
  for (const auto& s : trial.snapshots) {
    if (s.key == out.snapshot.key) {
      out.same_as_before = s.record == incoming;
      if (out.same_as_before) out.snapshot.imported_at = s.imported_at;
      continue;
    }
    snaps.push_back(s);
  }
  // A trial imported before sources were kept: its record is what its own registration said.
  if (!trial.id.empty() && !trial.registrant && trial.snapshots.empty())
    if (auto legacy = registration_of(trial.current); legacy && legacy->key != out.snapshot.key) {
      legacy->record = strip_managed(trial.current);
      legacy->imported_at = trial.current.value("updated_at", now);
      snaps.push_back(std::move(*legacy));
    }
  out.new_link = !trial.id.empty() && std::none_of(trial.snapshots.begin(), trial.snapshots.end(),
                                                   [&](const auto& s) { return s.key == out.snapshot.key; });
  out.snapshot.record = std::move(incoming);
  snaps.push_back(out.snapshot);
  std::stable_sort(snaps.begin(), snaps.end(), [](const auto& a, const auto& b) {
    const int ra = registry_rank(a.registry), rb = registry_rank(b.registry);
    return ra != rb ? ra < rb : a.key < b.key;
  });
  return snaps;
}

// An import-only trial: each compared field from the first source that has it, unions for lists.
json merged_values(const std::vector<Part>& parts, const std::vector<std::string>& pointers) {
  json merged = json::object();
  for (const auto& p : pointers) {
    const json::json_pointer ptr(p);
    for (const auto& part : parts)
      if (const json* v = value_at(part, ptr)) {
        merged[ptr] = *v;
        break;
      }
  }
  // "other" was skipped as no claim; when no source says more, it is still the value.
  if (!merged.contains("category")) merged["category"] = "other";
  for (auto key : kUnion) {
    json u = union_of(parts, std::string(key));
    if (!u.empty()) merged[std::string(key)] = std::move(u);
  }
  return merged;
}

std::string import_note(const MergedImport& out, bool registrant, const json& conflicts) {
  const std::string who = out.snapshot.registry + " " + out.snapshot.id;
  if (registrant)
    return "import of " + who + ": linked as another registration of this trial; the registrant's values were kept" +
           (conflicts.empty() ? std::string(".") : "; values that differ are kept in source_conflicts: " + field_list(conflicts));
  if (out.new_link) return "import of " + who + ": linked as another registration of this trial";
  return "import of " + who;
}

}  // namespace

std::optional<store::SourceSnapshot> registration_of(const json& record) {
  std::string registry, id;
  // A server-assigned id (jRCT?09…, store/trial_ids.hpp) is rinsho's, not a registration elsewhere.
  auto it = record.find("id");
  if (it != record.end() && it->is_string() && is_jrct_id(it->get<std::string>()) &&
      it->get<std::string>().compare(5, 2, "09") != 0) {
    id = it->get<std::string>();
    registry = "jRCT";
  } else if (auto s = record.find("secondary_ids"); s != record.end() && s->is_array() && !s->empty()) {
    registry = (*s)[0].value("registry", "other");
    id = (*s)[0].value("id", "");
  }
  auto key = text::registry_id_key(id);
  if (key.empty()) return std::nullopt;
  store::SourceSnapshot out;
  out.key = std::move(key);
  out.url = registration_url(registry, id);
  out.registry = std::move(registry);
  out.id = std::move(id);
  return out;
}

bool is_registry_key(std::string_view key) {
  // The registries' prefixes (ids.cpp) as registry_id_key leaves them: lower case, no hyphens, so
  // full-width and lower-case spellings count too. EudraCT and CTIS numbers are digits only.
  static constexpr std::string_view kPrefixes[] = {
      "nct", "jrct", "umin", "japiccti", "jmaiia", "euctr", "ctis", "isrctn", "actrn", "chictr", "drks", "irct",
      "kct", "ctri", "nlomon", "ntr", "tctr", "pactr", "rbr", "slctr", "lbctr", "itmctr", "rpcec", "per", "u1111"};
  for (auto p : kPrefixes)
    if (key.size() > p.size() + 4 && key.starts_with(p) && std::isdigit(static_cast<unsigned char>(key[p.size()])))
      return true;
  return (key.size() == 12 || key.size() == 14) &&
         std::all_of(key.begin(), key.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::vector<std::string> link_keys(const json& record) {
  std::vector<std::string> keys;
  if (auto own = registration_of(record)) keys.push_back(own->key);
  if (auto s = record.find("secondary_ids"); s != record.end() && s->is_array())
    for (const auto& sid : *s) {
      auto key = text::registry_id_key(sid.value("id", ""));
      if (!is_registry_key(key)) continue;  // no registry's shape: a sponsor's protocol number
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
    }
  return keys;
}

int registry_rank(std::string_view registry) {
  if (registry == "jRCT") return 0;
  if (registry == "UMIN" || registry == "JapicCTI" || registry == "JMA-IIA") return 1;
  return 2;
}

std::string registration_url(std::string_view registry, std::string_view id) {
  const std::string i(id);
  if (registry == "jRCT") return "https://jrct.niph.go.jp/latest-detail/" + i;
  if (registry == "NCT") return "https://clinicaltrials.gov/study/" + i;
  if (registry == "ISRCTN") return "https://www.isrctn.com/" + i;
  if (registry == "DRKS") return "https://drks.de/search/en/trial/" + i;
  // UMIN's pages are addressed by an internal receipt number, JapicCTI's by a search: neither can
  // be built from the id.
  return {};
}

MergedImport merge_import(const LinkedTrial& trial, json incoming, const std::string& now) {
  MergedImport out;
  auto own = registration_of(incoming);
  out.snapshot = own ? *own : store::SourceSnapshot{};
  out.snapshot.imported_at = now;
  const auto snaps = ordered_sources(trial, std::move(incoming), now, out);

  json registrant_record;
  std::vector<Part> parts;
  if (trial.registrant) {
    registrant_record = strip_managed(trial.current);
    parts.push_back({"rinsho", trial.id, &registrant_record});
  }
  for (const auto& s : snaps) parts.push_back({s.registry, s.id, &s.record});

  std::string id = trial.id;
  if (id.empty())
    for (const auto& s : snaps)
      if (s.record.contains("id")) {
        id = s.record["id"].get<std::string>();
        break;
      }

  const auto pointers = compared_pointers(parts);
  // The registrant's values stay as written, even where empty.
  json merged = trial.registrant ? registrant_record : merged_values(parts, pointers);
  if (!id.empty()) merged["id"] = id;
  json ids = secondary_ids_of(parts, id);
  if (!ids.empty()) merged["secondary_ids"] = std::move(ids);
  else merged.erase("secondary_ids");

  json sources = json::array();
  for (const auto& s : snaps) {
    json ref = {{"registry", s.registry}, {"id", s.id}, {"last_imported", s.imported_at}};
    if (!s.url.empty()) ref["url"] = s.url;
    sources.push_back(std::move(ref));
  }
  merged["sources"] = std::move(sources);
  json conflicts = conflicts_of(parts, pointers);
  out.note = import_note(out, trial.registrant, conflicts);
  if (!conflicts.empty()) merged["source_conflicts"] = std::move(conflicts);
  out.record = std::move(merged);
  return out;
}

}  // namespace rinsho::linkage
