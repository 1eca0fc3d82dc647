#include "linkage/export_common.hpp"

#include <cmath>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "model/trial_json.hpp"

namespace rinsho::linkage {

model::Trial trial_for_export(const nlohmann::json& record) {
  auto trial = model::trial_from_json(record);
  if (!trial) throw std::invalid_argument("export needs a valid trial record: " + trial.error().message);
  return std::move(*trial);
}

std::string age_text(double years) {
  auto whole = [](double v) { return std::fabs(v - std::round(v)) < 1e-6; };
  auto fmt = [](double v, const char* unit) {
    return std::to_string(static_cast<long long>(std::llround(v))) + " " + unit;
  };
  if (whole(years)) return fmt(years, "Years");
  if (whole(years * 12)) return fmt(years * 12, "Months");
  // Ages arrive rounded to 4 decimals of a year, so a week count is only nearly whole.
  if (const double weeks = years * 365.25 / 7; std::fabs(weeks - std::round(weeks)) < 0.01) return fmt(weeks, "Weeks");
  return fmt(years * 365.25, "Days");
}

std::string day_first(std::string_view iso) {
  if (iso.size() != 10) return std::string(iso);
  return std::string(iso.substr(8, 2)) + "/" + std::string(iso.substr(5, 2)) + "/" + std::string(iso.substr(0, 4));
}

std::string compact_date(std::string_view iso) {
  if (iso.size() != 10) return std::string(iso);
  return std::string(iso.substr(0, 4)) + std::string(iso.substr(5, 2)) + std::string(iso.substr(8, 2));
}

std::string long_date(std::string_view iso) {
  static const char* months[] = {"January", "February", "March", "April", "May", "June", "July",
                                 "August", "September", "October", "November", "December"};
  if (iso.size() != 10) return std::string(iso);
  const int m = std::stoi(std::string(iso.substr(5, 2)));
  const int d = std::stoi(std::string(iso.substr(8, 2)));
  if (m < 1 || m > 12) return std::string(iso);
  return std::to_string(d) + " " + months[m - 1] + " " + std::string(iso.substr(0, 4));
}

const std::string& english(const model::LocalizedText& t) { return t.in("en"); }

}  // namespace rinsho::linkage
