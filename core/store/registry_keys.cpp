#include "store/registry_keys.hpp"

#include <algorithm>
#include <utility>

#include "store/try.hpp"
#include "text/registry_id.hpp"

namespace rinsho::store::detail {

using nlohmann::json;

std::vector<std::string> registry_keys(const json& record) {
  std::vector<std::string> keys;
  auto add = [&](const json& id) {
    if (!id.is_string()) return;
    auto key = text::registry_id_key(id.get<std::string>());
    if (!key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  };
  if (!record.is_object()) return keys;
  if (auto it = record.find("id"); it != record.end()) add(*it);
  if (auto it = record.find("secondary_ids"); it != record.end() && it->is_array())
    for (const auto& s : *it)
      if (s.is_object() && s.contains("id")) add(s["id"]);
  return keys;
}

Result<void> replace_registry_keys(Connection& conn, const std::string& trial_id, const json& record) {
  auto del = conn.prepare("DELETE FROM trial_registry_ids WHERE trial_id = ?1", "replace a trial's registry ids");
  RINSHO_TRY(del);
  del->bind(1, trial_id);
  RINSHO_TRY(del->run());
  for (const auto& key : registry_keys(record)) {
    auto ins = conn.prepare("INSERT INTO trial_registry_ids(key, trial_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                            "record a trial's registry ids");
    RINSHO_TRY(ins);
    ins->bind(1, key).bind(2, trial_id);
    RINSHO_TRY(ins->run());
  }
  return {};
}

Result<void> fill_registry_keys(Connection& conn) {
  // Read everything first: a PostgreSQL connection streams one statement at a time, so the inserts
  // cannot run while the SELECT is still open. Only ids and keys are kept, not records.
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  {
    auto stmt = conn.prepare("SELECT id, json FROM trials", "read trial ids for the registry id table");
    RINSHO_TRY(stmt);
    for (;;) {
      auto row = stmt->step();
      RINSHO_TRY(row);
      if (!*row) break;
      json record = json::parse(stmt->text(1), nullptr, false);
      rows.emplace_back(stmt->text(0), registry_keys(record));
    }
  }
  for (const auto& [id, keys] : rows)
    for (const auto& key : keys) {
      auto ins = conn.prepare("INSERT INTO trial_registry_ids(key, trial_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                              "fill the registry id table");
      RINSHO_TRY(ins);
      ins->bind(1, key).bind(2, id);
      RINSHO_TRY(ins->run());
    }
  return {};
}

}  // namespace rinsho::store::detail
