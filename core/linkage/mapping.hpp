#pragma once
// Value mappings every importer shares: statuses, phases, sex, ages, dates, counts, countries,
// registry ids and prefectures (internal to rinsho_linkage; the tables are in README.md).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/trial.hpp"

namespace rinsho::linkage {

// The outcome of reading one source value.
template <class T>
struct Parsed {
  std::optional<T> value;  // empty with no error: the source left it blank or wrote a placeholder
  std::string error;       // the value exists but cannot be mapped faithfully
  std::string note;        // mapped through a documented fallback the user should hear about
};

// What mapping one record found: errors fail the record, notes travel with it.
struct MapLog {
  std::vector<std::string> errors, notes;

  // A value the record cannot do without: a problem fails the record.
  template <class T> std::optional<T> required(Parsed<T> p, std::string_view field) {
    if (!p.error.empty()) errors.push_back(std::string(field) + ": " + p.error);
    if (!p.note.empty()) notes.push_back(std::string(field) + ": " + p.note);
    return std::move(p.value);
  }
  // A value the record can do without: a problem drops the value and says so.
  template <class T> std::optional<T> optional(Parsed<T> p, std::string_view field) {
    if (!p.error.empty()) notes.push_back(std::string(field) + ": " + p.error + "; left out");
    if (!p.note.empty()) notes.push_back(std::string(field) + ": " + p.note);
    return std::move(p.value);
  }
  void error(std::string_view field, std::string_view message) { errors.push_back(std::string(field) + ": " + std::string(message)); }
  void note(std::string_view field, std::string_view message) { notes.push_back(std::string(field) + ": " + std::string(message)); }
};

// Schema enum values.
Parsed<std::string> parse_recruitment_status(std::string_view raw);
Parsed<std::string> parse_site_status(std::string_view raw);
// One phase string ("Phase 2/Phase 3", "III", "2-3", EU CTR's yes/no list) or several phase
// values that together name one phase (ClinicalTrials.gov: [PHASE1, PHASE2]).
Parsed<std::string> parse_phase(std::string_view raw);
Parsed<std::string> parse_phases(const std::vector<std::string>& raw);
// "interventional", "observational", or "expanded_access", which callers skip.
Parsed<std::string> parse_study_type(std::string_view raw);
Parsed<std::string> parse_sex(std::string_view raw);
Parsed<std::string> parse_intervention_type(std::string_view raw);

// "20 Years", "6 Months", ">= 20age old", "16years-old", "60(Year)", "N/A" -> years.
Parsed<double> parse_age_years(std::string_view raw, bool is_maximum);

// A calendar date as YYYY-MM-DD from "2020-03-15", "2020/03/15", "20200315", "15/03/2020"
// (day first, as ICTRP writes; month first only when the day cannot be a month), "March 15, 2020",
// "15 March 2020". Month-only dates ("March 2020", "2006-11") become the 1st with a note.
// Spreadsheet serials (43862) are refused: the reader cannot know the workbook's epoch.
Parsed<std::string> parse_date(std::string_view raw);
// The calendar date a spreadsheet serial stands for in the 1900 system, for messages.
std::string excel_serial_date(long serial);

// "600", "1,000", or ChiCTR's groups "Experimental group:30;Control group:30;" (summed).
Parsed<long long> parse_count(std::string_view raw);

// ISO 3166-1 alpha-2 for a country name as registries write it ("Korea, Republic of", "USA",
// "Türkiye", "The Netherlands"); nullopt for regions ("Asia except Japan") and unknown names.
std::optional<std::string> country_code(std::string_view name);
bool is_region(std::string_view name);
// The English short name for an alpha-2 code ("JP" -> "Japan"); empty when unknown.
std::string_view country_name(std::string_view code);
// Splits a Countries field (";" and, where a name is not whole, ","), maps, de-duplicates in
// order, and notes regions and unknown names it had to leave out.
std::vector<std::string> map_countries(std::string_view raw, std::string_view field, MapLog& log);
void add_country(std::vector<std::string>& codes, const std::string& code);

// Names the registry an identifier belongs to from its shape (NCT, UMIN, JapicCTI, jRCT,
// EudraCT, ...), else `fallback_registry`, else "other". Strips ICTRP's "JPRN-" prefix.
model::SecondaryId classify_id(std::string_view id, std::string_view fallback_registry = {});
// The id matches ^jRCT[0-9a-z][0-9]{9}$, the only form the schema accepts as a rinsho id.
bool is_jrct_id(std::string_view id);

// The prefecture code for a Japanese address from its state and city fields ("Aichi",
// "Nagoya-shi", "Isehara City, Kanagawa"); nullopt when neither names a place rinsho knows.
std::optional<std::string> site_prefecture(std::string_view state, std::string_view city);

// Contact values the schema constrains by pattern: nullopt (and a note) when they do not fit.
std::optional<std::string> contact_email(std::string_view raw, std::string_view field, MapLog& log);
std::optional<std::string> contact_phone(std::string_view raw, std::string_view field, MapLog& log);
std::optional<std::string> contact_url(std::string_view raw, std::string_view field, MapLog& log);

// Splits ClinicalTrials.gov's one criteria text at its "Exclusion Criteria:" heading.
void split_criteria(std::string_view text, model::Eligibility& out);

}  // namespace rinsho::linkage
