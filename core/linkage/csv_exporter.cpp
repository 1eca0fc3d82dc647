// One row per trial. Quoting is libcsv's csv_write (every field quoted, quotes doubled: RFC 4180);
// rows end in CRLF as RFC 4180 says. Lists inside a cell are joined with "; ".
#include <csv.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>
#include <string_view>

#include "linkage/export_common.hpp"

namespace rinsho::linkage {
namespace {

// The columns, in order; README.md describes each.
constexpr auto kColumns = std::to_array<const char*>({
    "id", "secondary_ids", "category", "study_type", "phase", "recruitment_status",
    "public_title_ja", "public_title_en", "scientific_title_ja", "scientific_title_en",
    "conditions_ja", "conditions_en", "icd10", "interventions_ja", "interventions_en",
    "target_enrollment", "min_age_years", "max_age_years", "sex", "healthy_volunteers",
    "registered", "first_enrollment", "completion", "last_updated",
    "sponsor_ja", "sponsor_en", "countries", "prefectures", "contact_email", "contact_phone", "version", "updated_at"});

// A spreadsheet runs a cell that starts with = + - @ (or tab or CR before one) as a formula, so a
// registrant's title such as =HYPERLINK(...) would run on the reader's machine. OWASP's advice:
// prefix such cells with an apostrophe, which spreadsheets show as text. Phone numbers such as
// +81-3-... are prefixed too: unprefixed, a spreadsheet would compute them.
std::string neutralised(const std::string& field) {
  if (field.empty() || std::string_view("=+-@\t\r").find(field.front()) == std::string_view::npos) return field;
  return "'" + field;
}

std::string quoted(const std::string& raw) {
  const std::string field = neutralised(raw);
  std::string out(csv_write(nullptr, 0, field.data(), field.size()), '\0');
  csv_write(out.data(), out.size(), field.data(), field.size());
  return out;
}

std::string line(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + quoted(cells[i]);
  return out + "\r\n";
}

std::string number(double v) {
  std::ostringstream s;
  s << v;  // shortest form that reads back: 20, 0.5
  return s.str();
}

template <class T, class F> std::string joined(const std::vector<T>& items, F&& text) {
  std::string out;
  for (const auto& item : items) {
    auto s = text(item);
    if (!s.empty()) out += (out.empty() ? "" : "; ") + s;
  }
  return out;
}

std::string ja(const model::LocalizedText& t) { return t.ja.value_or(""); }
std::string en(const model::LocalizedText& t) { return t.en.value_or(""); }
std::string opt(const std::optional<std::string>& s) { return s.value_or(""); }

}  // namespace

std::string csv_header_line() { return line(std::vector<std::string>(kColumns.begin(), kColumns.end())); }

std::string csv_row_line(const model::Trial& t) {
  const auto& e = t.eligibility;
  const auto interventions = t.interventions.value_or(std::vector<model::Intervention>{});
  const auto sites = t.sites.value_or(std::vector<model::Site>{});
  const model::Dates dates = t.dates.value_or(model::Dates{});
  std::vector<std::string> prefectures;
  for (const auto& s : sites)
    if (std::find(prefectures.begin(), prefectures.end(), s.prefecture) == prefectures.end()) prefectures.push_back(s.prefecture);
  std::vector<std::string> row = {
      opt(t.id),
      joined(t.secondary_ids.value_or(std::vector<model::SecondaryId>{}), [](const auto& s) { return s.registry + ":" + s.id; }),
      t.category, t.study_type, t.phase, t.recruitment_status,
      ja(t.public_title), en(t.public_title), ja(t.scientific_title), en(t.scientific_title),
      joined(t.conditions, [](const auto& c) { return ja(c.name); }),
      joined(t.conditions, [](const auto& c) { return en(c.name); }),
      joined(t.conditions, [](const auto& c) { return opt(c.icd10); }),
      joined(interventions, [](const auto& i) { return ja(i.name); }),
      joined(interventions, [](const auto& i) { return en(i.name); }),
      t.target_enrollment ? std::to_string(*t.target_enrollment) : "",
      e.min_age_years ? number(*e.min_age_years) : "", e.max_age_years ? number(*e.max_age_years) : "",
      e.sex, e.healthy_volunteers ? (*e.healthy_volunteers ? "true" : "false") : "",
      opt(dates.registered), opt(dates.first_enrollment), opt(dates.completion), opt(dates.last_updated),
      ja(t.sponsor.primary), en(t.sponsor.primary),
      joined(t.countries, [](const auto& c) { return c; }),
      joined(prefectures, [](const auto& p) { return p; }),
      opt(t.contacts.public_contact.email), opt(t.contacts.public_contact.phone),
      t.version ? std::to_string(*t.version) : "", opt(t.updated_at)};
  return line(row);
}

}  // namespace rinsho::linkage
