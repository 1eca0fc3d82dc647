#include "model/trial_json.hpp"

#include <cmath>
#include <concepts>
#include <nlohmann/json.hpp>

#include "model/trial_fields.hpp"

namespace rinsho::model {
namespace {

using nlohmann::json;

template <class T>
concept Record = requires(T& t) { visit_fields(t, [](const char*, auto&) {}); };

// Declared up front: the calls below are resolved at instantiation, where ADL alone would not find
// these overloads for std:: member types.
template <class T> void read_value(const json& j, T& out);
template <class T> void read_value(const json& j, std::vector<T>& out);
template <class T> void read_value(const json& j, std::optional<T>& out);
template <class T> void read(const json& j, const char* key, T& member);
template <class T> json write_value(const T& v);
template <class T> json write_value(const std::vector<T>& v);
template <class T> void write(json& j, const char* key, const T& member);
template <class T> void write(json& j, const char* key, const std::optional<T>& member);

template <class T> void read_value(const json& j, T& out) {
  if constexpr (Record<T>) {
    if (!j.is_object()) throw json::type_error::create(302, "expected an object", &j);
    visit_fields(out, [&](const char* key, auto& member) { read(j, key, member); });
  } else if constexpr (std::same_as<T, double>) {
    out = j.get<double>();
  } else {
    j.get_to(out);
  }
}
template <class T> void read_value(const json& j, std::vector<T>& out) {
  if (!j.is_array()) throw json::type_error::create(302, "expected an array", &j);
  out.clear();
  for (const auto& item : j) read_value(item, out.emplace_back());
}
template <class T> void read_value(const json& j, std::optional<T>& out) { read_value(j, out.emplace()); }

template <class T> void read(const json& j, const char* key, T& member) {
  auto it = j.find(key);
  if (it != j.end()) read_value(*it, member);
}

template <class T> void write(json& j, const char* key, const T& member) { j[key] = write_value(member); }
template <class T> void write(json& j, const char* key, const std::optional<T>& member) {
  if (member) j[key] = write_value(*member);
}

template <class T> json write_value(const T& v) {
  if constexpr (Record<T>) {
    json j = json::object();
    visit_fields(v, [&](const char* key, const auto& member) { write(j, key, member); });
    return j;
  } else if constexpr (std::same_as<T, double>) {
    // Ages such as 20 read back as 20, not 20.0; 0.5 (six months) stays fractional.
    double whole = 0;
    if (std::modf(v, &whole) == 0.0 && std::fabs(v) < 9e15) return json(static_cast<std::int64_t>(v));
    return json(v);
  } else {
    return json(v);
  }
}
template <class T> json write_value(const std::vector<T>& v) {
  json j = json::array();
  for (const auto& item : v) j.push_back(write_value(item));
  return j;
}

}  // namespace

const std::string& LocalizedText::in(std::string_view lang) const {
  static const std::string empty;
  const auto& first = lang == "en" ? en : ja;
  const auto& second = lang == "en" ? ja : en;
  if (first) return *first;
  if (second) return *second;
  return empty;
}

bool DctFlags::any() const {
  return remote_visits.value_or(false) || home_visits.value_or(false) || econsent.value_or(false) ||
         direct_to_patient_delivery.value_or(false) || wearables.value_or(false);
}

Result<Trial> trial_from_json(const json& j) {
  try {
    Trial t;
    read_value(j, t);
    return t;
  } catch (const json::exception& e) {
    return fail(ErrorCode::validation, std::string("record does not match the trial structure: ") + e.what());
  }
}

json trial_to_json(const Trial& trial) { return write_value(trial); }

}  // namespace rinsho::model
