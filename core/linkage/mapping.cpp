#include "linkage/mapping.hpp"

#include <cmath>
#include <cstdlib>
#include <map>
#include <regex>

#include "linkage/text.hpp"

namespace rinsho::linkage {
namespace {

template <class T> Parsed<T> value(T v, std::string note = {}) { return {std::move(v), {}, std::move(note)}; }
template <class T> Parsed<T> empty() { return {}; }
template <class T> Parsed<T> problem(std::string why) { return {std::nullopt, std::move(why), {}}; }

std::string quoted(std::string_view raw) { return "'" + std::string(trim(raw).substr(0, 200)) + "'"; }

// A 5-digit number where a date or an enum belongs: Excel turned the cell into a date serial.
std::optional<std::string> spreadsheet_damage(std::string_view raw) {
  static const std::regex serial("^[0-9]{5}$");
  const std::string s(trim(raw));
  if (s.size() != 5 || !std::regex_match(s, serial)) return std::nullopt;
  const long n = std::stol(s);
  if (n < 20000 || n > 80000) return std::nullopt;
  return quoted(raw) + " looks like a spreadsheet date serial (" + excel_serial_date(n) +
         " in Excel's 1900 system): the cell was damaged by a spreadsheet and the original value is lost";
}

std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> words(1);
  for (char c : lower_ascii(s)) {
    if (c >= 'a' && c <= 'z') words.back() += c;
    else if (!words.back().empty()) words.emplace_back();
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

// EU CTR writes "Human pharmacology (Phase I): no\nTherapeutic exploratory (Phase II): yes ...".
std::optional<Parsed<std::string>> eu_ctr_phase(std::string_view raw) {
  const auto s = lower_ascii(raw);
  if (s.find("(phase i)") == std::string::npos) return std::nullopt;
  auto yes = [&](const char* label) {
    auto at = s.find(label);
    if (at == std::string::npos) return false;
    auto colon = s.find(':', at);
    return colon != std::string::npos && trim(std::string_view(s).substr(colon + 1)).starts_with("yes");
  };
  const bool p1 = yes("(phase i)"), p2 = yes("(phase ii)"), p3 = yes("(phase iii)"), p4 = yes("(phase iv)");
  const int n = p1 + p2 + p3 + p4;
  if (n == 0) return value<std::string>("na");
  if (n == 1) return value<std::string>(p1 ? "1" : p2 ? "2" : p3 ? "3" : "4");
  if (n == 2 && p1 && p2) return value<std::string>("1/2");
  if (n == 2 && p2 && p3) return value<std::string>("2/3");
  return problem<std::string>("ticks phases the schema cannot combine into one (" + quoted(raw) + ")");
}

// One part of a phase: "PHASE2", "II", "3", "EARLYPHASE1" -> schema digit.
std::optional<std::string> phase_part(std::string part) {
  if (part.starts_with("EARLYPHASE")) return part == "EARLYPHASE1" || part == "EARLYPHASEI" ? std::optional<std::string>("0") : std::nullopt;
  if (part.starts_with("PHASE")) part = part.substr(5);
  static const std::map<std::string, std::string> kParts = {
      {"0", "0"}, {"1", "1"}, {"I", "1"}, {"2", "2"}, {"II", "2"}, {"3", "3"}, {"III", "3"}, {"4", "4"}, {"IV", "4"}};
  auto it = kParts.find(part);
  return it == kParts.end() ? std::nullopt : std::optional<std::string>(it->second);
}

// Where a heading line ("Exclusion Criteria:") starts and where its text begins; npos when absent.
// Written by hand: std::regex recurses per character and a 1 MiB criteria text would overflow.
std::pair<std::size_t, std::size_t> find_heading(const std::string& lower, std::string_view heading) {
  for (auto at = lower.find(heading); at != std::string::npos; at = lower.find(heading, at + 1)) {
    std::size_t line = at;
    while (line > 0 && (lower[line - 1] == ' ' || lower[line - 1] == '\t')) --line;
    if (line != 0 && lower[line - 1] != '\n') continue;
    std::size_t end = at + heading.size();
    if (end < lower.size() && lower[end] == ':') ++end;
    return {line, end};
  }
  return {std::string::npos, std::string::npos};
}

}  // namespace

Parsed<std::string> parse_recruitment_status(std::string_view raw) {
  static const std::map<std::string, std::string> kStatuses = {
      {"RECRUITING", "recruiting"},
      {"NOTRECRUITING", "active_not_recruiting"},  // ICTRP's catch-all; README explains the choice
      {"ACTIVENOTRECRUITING", "active_not_recruiting"},
      {"NOTYETRECRUITING", "pending"}, {"PENDING", "pending"},
      {"ENROLLINGBYINVITATION", "enrolling_by_invitation"},
      {"COMPLETED", "completed"}, {"COMPLETE", "completed"},
      {"SUSPENDED", "suspended"}, {"TEMPORARILYHALTED", "suspended"},
      {"TERMINATED", "terminated"}, {"PREMATURELYENDED", "terminated"},
      {"WITHDRAWN", "withdrawn"}};
  const auto key = enum_key(raw);
  if (key.empty()) return empty<std::string>();
  if (auto it = kStatuses.find(key); it != kStatuses.end()) return value(it->second);
  if (key == "UNKNOWN" || key == "UNKNOWNSTATUS")
    return problem<std::string>("ClinicalTrials.gov marks the status unknown (not verified for two years); "
                                "the schema has no 'unknown' and guessing would mislead patients");
  if (key == "AUTHORISED" || key == "AUTHORIZED")
    return problem<std::string>(quoted(raw) + " is an EU CTR authorisation state and does not say whether the trial recruits");
  return problem<std::string>(quoted(raw) + " is not a recruitment status rinsho knows");
}

Parsed<std::string> parse_site_status(std::string_view raw) {
  auto status = parse_recruitment_status(raw);
  if (status.value == "enrolling_by_invitation")
    return problem<std::string>("'enrolling by invitation' is not a status a site can have in the schema");
  return status;
}

Parsed<std::string> parse_phase(std::string_view raw) {
  if (auto damage = spreadsheet_damage(raw)) return problem<std::string>(*damage);
  if (auto eu = eu_ctr_phase(raw)) return *eu;
  const auto key = enum_key(raw);
  static const char* kNotAPhase[] = {"", "NA", "NOTAPPLICABLE", "NOTSELECTED", "NONE", "OTHER", "OTHERS",
                                     "NOTSPECIFIED", "RETROSPECTIVESTUDY", "NEWTREATMENTMEASURECLINICALSTUDY"};
  for (const char* k : kNotAPhase)
    if (key == k) return value<std::string>("na");
  std::string separated;  // keeps "/" between parts so "I/II" is not read as "III"
  for (char c : raw) {
    if (c == '/' || c == '-' || c == ',' || c == '&') separated += '/';
    else separated += enum_key(std::string(1, c));
  }
  std::vector<std::string> digits;
  for (auto& part : split_keep(separated, '/')) {
    if (part.empty() || part == "PHASE") continue;
    auto d = phase_part(part);
    if (!d) return problem<std::string>(quoted(raw) + " is not a phase rinsho knows");
    digits.push_back(*d);
  }
  if (digits.size() == 1) return value(digits[0]);
  if (digits.size() == 2 && digits[0] == "1" && digits[1] == "2") return value<std::string>("1/2");
  if (digits.size() == 2 && digits[0] == "2" && digits[1] == "3") return value<std::string>("2/3");
  return problem<std::string>(quoted(raw) + " is not a phase rinsho knows");
}

Parsed<std::string> parse_phases(const std::vector<std::string>& raw) {
  std::string joined;
  for (const auto& p : raw) joined += (joined.empty() ? "" : "/") + p;
  return parse_phase(joined);
}

Parsed<std::string> parse_study_type(std::string_view raw) {
  const auto key = enum_key(raw);
  if (key.empty()) return empty<std::string>();
  if (key.starts_with("INTERVENTIONAL")) return value<std::string>("interventional");
  if (key.starts_with("OBSERVATIONAL")) return value<std::string>("observational");
  if (key.starts_with("EXPANDEDACCESS")) return value<std::string>("expanded_access");
  if (key == "OTHERSMETAANALYSISETC")
    return value<std::string>("observational", "UMIN's 'Others, meta-analysis etc.' assigns no intervention, so it is "
                                                "imported as observational");
  return problem<std::string>(quoted(raw) + " is neither interventional nor observational");
}

Parsed<std::string> parse_sex(std::string_view raw) {
  const auto words = words_of(raw);
  if (words.empty()) return empty<std::string>();
  std::optional<bool> female, male;  // EU CTR: "Female: yes Male: no"
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i + 1] != "yes" && words[i + 1] != "no") continue;
    if (words[i] == "female") female = words[i + 1] == "yes";
    if (words[i] == "male") male = words[i + 1] == "yes";
  }
  if (female || male) {
    if (female.value_or(false) && male.value_or(false)) return value<std::string>("all");
    if (female.value_or(false)) return value<std::string>("female");
    if (male.value_or(false)) return value<std::string>("male");
    return problem<std::string>("admits neither sex (" + quoted(raw) + ")");
  }
  bool f = false, m = false;
  for (const auto& w : words) {
    if (w == "all" || w == "both" || w == "any") f = m = true;
    if (w == "female" || w == "females" || w == "women" || w == "woman") f = true;
    if (w == "male" || w == "males" || w == "men" || w == "man") m = true;
  }
  if (f && m) return value<std::string>("all");
  if (f) return value<std::string>("female");
  if (m) return value<std::string>("male");
  return problem<std::string>(quoted(raw) + " is not a sex rinsho knows");
}

Parsed<std::string> parse_intervention_type(std::string_view raw) {
  static const std::map<std::string, std::string> kTypes = {
      {"DRUG", "drug"}, {"BIOLOGICAL", "biological"}, {"BIOLOGIC", "biological"}, {"VACCINE", "biological"},
      {"DEVICE", "device"}, {"PROCEDURE", "procedure"}, {"PROCEDURESURGERY", "procedure"},
      {"BEHAVIORAL", "behavioral"}, {"BEHAVIOURAL", "behavioral"}, {"GENETIC", "genetic"},
      {"RADIATION", "radiation"}, {"DIETARYSUPPLEMENT", "dietary_supplement"},
      {"DIAGNOSTICTEST", "diagnostic_test"}, {"CELL", "cell"}, {"COMBINATIONPRODUCT", "other"}, {"OTHER", "other"}};
  const auto key = enum_key(raw);
  if (key.empty()) return empty<std::string>();
  if (auto it = kTypes.find(key); it != kTypes.end()) return value(it->second);
  return problem<std::string>(quoted(raw) + " is not an intervention type rinsho knows");
}

Parsed<double> parse_age_years(std::string_view raw, bool is_maximum) {
  auto s = lower_ascii(trim(raw));
  if (s.size() > 100) return problem<double>("is too long to be an age");
  for (const char* none : {"no limit", "nolimit", "not stated", "no", "not selected"})
    if (s == none) return empty<double>();
  if (is_placeholder(s)) return empty<double>();
  static const std::regex age(R"(^(>=|<=|>|<|=)?\s*([0-9]+(?:\.[0-9]+)?)\s*(\+)?\s*\(?\s*([a-z -]*?)\s*\)?\s*$)");
  std::smatch m;
  if (!std::regex_match(s, m, age)) return problem<double>(quoted(raw) + " is not an age rinsho can read");
  if (m[3].matched && is_maximum) return problem<double>(quoted(raw) + " is an open range, not an upper age limit");
  double n = std::stod(m[2].str());
  const std::string unit = m[4].str();
  static const std::vector<std::pair<std::vector<std::string>, double>> kUnits = {
      {{"", "y", "yr", "yrs", "year", "years", "years-old", "years old", "year-old", "year old", "age old", "age", "old"}, 1.0},
      {{"month", "months", "mo", "mos"}, 12.0},
      {{"week", "weeks", "wk", "wks"}, 365.25 / 7},
      {{"day", "days"}, 365.25},
      {{"hour", "hours"}, 365.25 * 24},
      {{"minute", "minutes"}, 365.25 * 24 * 60}};
  for (const auto& [names, per_year] : kUnits) {
    for (const auto& name : names) {
      if (unit != name) continue;
      n = std::round(n / per_year * 10000) / 10000;
      if (n > 150) return problem<double>(quoted(raw) + " is more than 150 years");
      return value(n);
    }
  }
  return problem<double>(quoted(raw) + " has a unit rinsho does not know");
}

Parsed<long long> parse_count(std::string_view raw) {
  const auto s = trim(raw);
  if (is_placeholder(s)) return empty<long long>();
  static const std::regex plain("^[0-9]{1,3}(,[0-9]{3})+$|^[0-9]+$");
  static const std::regex group(R"(\s*[^:;]+:\s*([0-9]+)\s*;?)");
  if (s.size() > 1000) return problem<long long>("is too long to be a count");
  const std::string text(s);
  auto checked = [&](long long n) { return n > 100000000 ? problem<long long>(quoted(raw) + " is more than 100,000,000") : value(n); };
  if (std::regex_match(text, plain)) {
    std::string digits;
    for (char c : text)
      if (c != ',') digits += c;
    return digits.size() > 10 ? problem<long long>(quoted(raw) + " is too large") : checked(std::stoll(digits));
  }
  // ChiCTR lists groups ("Experimental group:30;Control group:30;"); the target is their sum.
  long long sum = 0;
  std::size_t covered = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), group); it != std::sregex_iterator(); ++it) {
    if (static_cast<std::size_t>(it->position()) != covered || it->str(1).size() > 9) return problem<long long>(quoted(raw) + " is not a count");
    sum += std::stoll(it->str(1));
    covered += it->length();
  }
  if (covered == text.size() && covered > 0) return checked(sum);
  return problem<long long>(quoted(raw) + " is not a count");
}

std::optional<std::string> contact_email(std::string_view raw, std::string_view field, MapLog& log) {
  static const std::regex email(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)");
  const std::string s(trim(raw));
  if (is_placeholder(s)) return std::nullopt;
  if (s.size() <= 320 && s.find_first_of(" \t\n") == std::string::npos && std::regex_match(s, email)) return s;
  log.note(field, quoted(raw) + " is not an email address; left out");
  return std::nullopt;
}

std::optional<std::string> contact_phone(std::string_view raw, std::string_view field, MapLog& log) {
  static const std::regex phone(R"(^[+0-9][0-9 ()-]{5,39}$)");
  const std::string s(trim(raw));
  if (is_placeholder(s)) return std::nullopt;
  if (s.size() <= 40 && std::regex_match(s, phone)) return s;
  log.note(field, quoted(raw) + " is not a telephone number the schema accepts; left out");
  return std::nullopt;
}

std::optional<std::string> contact_url(std::string_view raw, std::string_view field, MapLog& log) {
  const std::string s(trim(raw));
  if (is_placeholder(s)) return std::nullopt;
  if (s.size() <= 2000 && (s.starts_with("http://") || s.starts_with("https://"))) return s;
  log.note(field, quoted(raw) + " is not an http(s) address; left out");
  return std::nullopt;
}

void split_criteria(std::string_view text, model::Eligibility& out) {
  const auto cleaned = clean_text(text);
  const auto lower = lower_ascii(cleaned);
  std::string inclusion = cleaned, exclusion;
  if (auto at = find_heading(lower, "exclusion criteria"); at.first != std::string::npos) {
    inclusion = cleaned.substr(0, at.first);
    exclusion = cleaned.substr(at.second);
  }
  if (auto at = find_heading(lower_ascii(inclusion), "inclusion criteria"); at.first == 0) inclusion.erase(0, at.second);
  if (auto t = localized(inclusion)) out.inclusion = *t;
  if (auto t = localized(exclusion)) out.exclusion = *t;
}

}  // namespace rinsho::linkage
