#pragma once
// One WHO ICTRP record as its XML and CSV exports both carry it (internal): field name -> raw text.
// The two exports name fields alike once spaces become underscores ("Public title" and
// <Public_title>), so one mapper serves both.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linkage/record_sink.hpp"

namespace rinsho::linkage {

class IctrpFields {
 public:
  // A repeated field is joined with ";", ICTRP's own list separator.
  void add(std::string_view name, std::string value);
  // "" when absent. Names compare case-insensitively with spaces as underscores.
  const std::string& get(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& all() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;  // original name, value; few, so a scan is fine
};

std::string ictrp_field_key(std::string_view name);

// Maps one record and hands the outcome to `sink`.
void map_ictrp_record(const IctrpFields& fields, RecordSink& sink);

// The list-valued parts of the mapping (ictrp_lists.cpp). Each reads the field and its "_ja"
// sibling, which rinsho's own TRDS export adds for Japanese text (ICTRP's layout is English only).
std::optional<model::LocalizedText> ictrp_text(const IctrpFields& f, std::string_view name);
std::vector<model::LocalizedText> ictrp_text_list(const IctrpFields& f, std::string_view name);
void map_ictrp_conditions(const IctrpFields& f, model::Trial& t, MapLog& log);
void map_ictrp_interventions(const IctrpFields& f, model::Trial& t);
void map_ictrp_outcomes(const IctrpFields& f, model::Trial& t);
void map_ictrp_contacts(const IctrpFields& f, model::Trial& t, MapLog& log);
void map_ictrp_ethics(const IctrpFields& f, model::Trial& t, MapLog& log);
void map_ictrp_criteria(const IctrpFields& f, model::Eligibility& e);

}  // namespace rinsho::linkage
