#include "linkage/duplicates.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "text/normalizer.hpp"
#include "text/registry_id.hpp"

namespace rinsho::linkage {
namespace {

using nlohmann::json;

// normalize() folds width and case; then only letters and digits count, one space between words,
// so "A Phase 3 Study, of X" and "A phase 3 study of X " compare equal.
std::string comparable(const std::string& s) {
  std::string n = text::normalize(s), out;
  bool space = false;
  for (unsigned char c : n) {
    if (c < 0x80 && !std::isalnum(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(c);
  }
  return out;
}

std::string english(const json& record, const json::json_pointer& ptr) {
  if (!record.contains(ptr) || !record[ptr].is_object()) return {};
  return record[ptr].value("en", "");
}

}  // namespace

Result<std::vector<DuplicateGroup>> find_probable_duplicates(const store::Store& store) {
  struct Seen {
    std::string title, sponsor;
    std::vector<DuplicateTrial> trials;
    std::vector<std::set<std::string>> keys;
  };
  std::map<std::string, Seen> by_key;
  static const json::json_pointer kTitle("/public_title"), kSponsor("/sponsor/primary");
  auto ok = store.for_each_trial([&](const store::StoredTrial& t) {
    const std::string title = english(t.record, kTitle), sponsor = english(t.record, kSponsor);
    if (title.empty() || sponsor.empty()) return true;
    auto& seen = by_key[comparable(title) + '\n' + comparable(sponsor)];
    if (seen.trials.empty()) seen.title = title, seen.sponsor = sponsor;
    DuplicateTrial d{t.id, {}};
    std::set<std::string> keys{text::registry_id_key(t.id)};
    for (const auto& s : t.record.value("secondary_ids", json::array())) {
      d.registry_ids.push_back(s.value("registry", "") + ":" + s.value("id", ""));
      keys.insert(text::registry_id_key(s.value("id", "")));
    }
    seen.trials.push_back(std::move(d));
    seen.keys.push_back(std::move(keys));
    return true;
  });
  if (!ok) return tl::unexpected(ok.error());
  std::vector<DuplicateGroup> out;
  for (auto& [key, seen] : by_key) {
    if (seen.trials.size() < 2) continue;
    DuplicateGroup g{seen.title, seen.sponsor, std::move(seen.trials), false};
    for (std::size_t i = 0; i < seen.keys.size() && !g.cross_referenced; ++i)
      for (std::size_t j = i + 1; j < seen.keys.size() && !g.cross_referenced; ++j)
        for (const auto& k : seen.keys[i])
          if (!k.empty() && seen.keys[j].count(k)) g.cross_referenced = true;
    out.push_back(std::move(g));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.trials[0].id < b.trials[0].id; });
  return out;
}

}  // namespace rinsho::linkage
