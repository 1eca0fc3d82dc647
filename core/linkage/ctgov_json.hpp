#pragma once
// ClinicalTrials.gov JSON readers (internal): API v2 studies and the retired classic API's
// studies, each into a CtgovStudy.
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "linkage/ctgov_study.hpp"

namespace rinsho::linkage {

CtgovStudy read_v2_study(const nlohmann::json& study);          // {"protocolSection": ...}
CtgovStudy read_classic_study(const nlohmann::json& study);     // {"ProtocolSection": ...}

// Tolerant accessors: a missing key or a value of another type reads as empty, never throws.
namespace ctgov_json {
using nlohmann::json;

inline const json& at(const json& j, std::initializer_list<const char*> path) {
  static const json null;
  const json* cur = &j;
  for (const char* key : path) {
    if (!cur->is_object()) return null;
    auto it = cur->find(key);
    if (it == cur->end()) return null;
    cur = &*it;
  }
  return *cur;
}

inline const json& items(const json& j) {
  static const json empty = json::array();
  return j.is_array() ? j : empty;
}

inline std::string str(const json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number_integer()) return std::to_string(j.get<long long>());
  if (j.is_number()) return j.dump();
  return {};
}

inline std::vector<std::string> strs(const json& j) {
  std::vector<std::string> out;
  for (const auto& x : items(j)) out.push_back(str(x));
  return out;
}

inline std::optional<bool> yes_no(const json& j) {
  if (j.is_boolean()) return j.get<bool>();
  const auto s = str(j);
  if (s == "Accepts Healthy Volunteers" || s == "Yes") return true;
  if (s == "No") return false;
  return std::nullopt;
}

inline std::optional<double> number(const json& j) {
  return j.is_number() ? std::optional<double>(j.get<double>()) : std::nullopt;
}

}  // namespace ctgov_json

}  // namespace rinsho::linkage
