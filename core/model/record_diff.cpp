#include "model/record_diff.hpp"

#include <algorithm>
#include <string_view>

#include "model/strict_json.hpp"
#include "model/trial.hpp"

namespace rinsho::model {
namespace {

using nlohmann::json;

bool is_system_field(std::string_view key) {
  return std::any_of(std::begin(kSystemFields), std::end(kSystemFields),
                     [&](const char* f) { return key == f; });
}

void diff_value(const json& a, const json& b, const std::string& pointer, std::vector<FieldChange>& out);

void diff_object(const json& a, const json& b, const std::string& pointer, bool top,
                 std::vector<FieldChange>& out) {
  // Both objects use std::map, so walking the two key sequences in step visits keys in order.
  auto ia = a.begin(), ib = b.begin();
  while (ia != a.end() || ib != b.end()) {
    const bool take_a = ib == b.end() || (ia != a.end() && ia.key() <= ib.key());
    const bool take_b = ia == a.end() || (ib != b.end() && ib.key() <= ia.key());
    const std::string& key = take_a ? ia.key() : ib.key();
    if (!(top && is_system_field(key))) {
      const std::string child = pointer + "/" + json_pointer_token(key);
      if (take_a && take_b) diff_value(*ia, *ib, child, out);
      else if (take_a) out.push_back({child, *ia, nullptr});
      else out.push_back({child, nullptr, *ib});
    }
    if (take_a) ++ia;
    if (take_b) ++ib;
  }
}

void diff_value(const json& a, const json& b, const std::string& pointer, std::vector<FieldChange>& out) {
  if (a.is_object() && b.is_object()) {
    diff_object(a, b, pointer, false, out);
  } else if (a.is_array() && b.is_array() && a.size() == b.size()) {
    for (std::size_t i = 0; i < a.size(); ++i) diff_value(a[i], b[i], pointer + "/" + std::to_string(i), out);
  } else if (a != b) {
    out.push_back({pointer, a, b});
  }
}

}  // namespace

std::vector<FieldChange> diff_records(const json& before, const json& after) {
  std::vector<FieldChange> out;
  if (before.is_object() && after.is_object()) diff_object(before, after, "", true, out);
  else diff_value(before, after, "", out);
  return out;
}

}  // namespace rinsho::model
