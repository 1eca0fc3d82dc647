#include "model/registration_checks.hpp"

#include <nlohmann/json.hpp>

namespace rinsho::model {
namespace {

using nlohmann::json;

const json* at(const json& r, const std::string& pointer) {
  try {
    const auto& v = r.at(json::json_pointer(pointer));
    return &v;
  } catch (const json::exception&) {
    return nullptr;
  }
}

bool filled(const json* v) {
  if (!v || v->is_null()) return false;
  if (v->is_string()) return !v->get_ref<const std::string&>().empty();
  if (v->is_array() || v->is_object()) return !v->empty();
  return true;
}

}  // namespace

std::vector<FieldError> registration_warnings(const json& r, const std::string& today) {
  std::vector<FieldError> w;
  if (!r.is_object()) return w;
  if (!filled(at(r, "/plain_summary")))
    w.push_back({"/plain_summary", "患者さん向けの平易な概要がありません", "has no plain-language summary for patients"});
  if (!filled(at(r, "/public_title/en")))
    w.push_back({"/public_title/en", "英語の試験名がありません (海外の患者・研究者が検索できません)",
                 "has no English title, so people abroad cannot find the trial"});
  if (!filled(at(r, "/public_title/ja")))
    w.push_back({"/public_title/ja", "日本語の試験名がありません", "has no Japanese title"});
  if (!filled(at(r, "/eligibility/min_age_years")) && !filled(at(r, "/eligibility/max_age_years")))
    w.push_back({"/eligibility", "対象年齢の範囲がありません", "gives no age range"});
  if (r.value("recruitment_status", "") == "recruiting") {
    bool recruiting_site = false;
    for (const auto& s : r.value("sites", json::array())) recruiting_site = recruiting_site || s.value("status", "") == "recruiting";
    if (!recruiting_site)
      w.push_back({"/sites", "募集中ですが、募集中の実施医療機関がありません", "is recruiting but lists no recruiting site"});
  }
  if (!filled(at(r, "/contacts/public/phone")) && !filled(at(r, "/contacts/public/email")))
    w.push_back({"/contacts/public", "患者さんが連絡できる電話番号かメールアドレスがありません",
                 "has neither a phone number nor an email for patients"});
  if (const auto* updated = at(r, "/dates/last_updated"); updated && updated->is_string() && today.size() == 10) {
    // 12 months without an update is when WHO registry criteria call a record stale.
    const std::string year_ago = std::to_string(std::stoi(today.substr(0, 4)) - 1) + today.substr(4);
    if (updated->get<std::string>() < year_ago)
      w.push_back({"/dates/last_updated", "12か月以上更新されていません", "has not been updated for more than 12 months"});
  }
  return w;
}

TrdsCompleteness trds_completeness(const json& r) {
  TrdsCompleteness c;
  c.items = {
      {1, "Primary Registry and Trial Identifying Number", "/id"},
      {2, "Date of Registration in Primary Registry", "/dates/registered"},
      {3, "Secondary Identifying Numbers", "/secondary_ids"},
      {4, "Source(s) of Monetary or Material Support", "/sponsor/funding"},
      {5, "Primary Sponsor", "/sponsor/primary"},
      {6, "Secondary Sponsor(s)", "/sponsor/secondary"},
      {7, "Contact for Public Queries", "/contacts/public"},
      {8, "Contact for Scientific Queries", "/contacts/scientific"},
      {9, "Public Title", "/public_title"},
      {10, "Scientific Title", "/scientific_title"},
      {11, "Countries of Recruitment", "/countries"},
      {12, "Health Condition(s) or Problem(s) Studied", "/conditions"},
      {13, "Intervention(s)", "/interventions"},
      {14, "Key Inclusion and Exclusion Criteria", "/eligibility/inclusion"},
      {15, "Study Type", "/study_type"},
      {16, "Date of First Enrollment", "/dates/first_enrollment"},
      {17, "Sample Size", "/target_enrollment"},
      {18, "Recruitment Status", "/recruitment_status"},
      {19, "Primary Outcome(s)", "/outcomes/primary"},
      {20, "Key Secondary Outcomes", "/outcomes/secondary"},
      {21, "Ethics Review", "/ethics_review"},
      {22, "Completion Date", "/dates/completion"},
      {23, "Summary Results", "/results_summary"},
      {24, "IPD Sharing Statement", "/ipd_sharing"},
  };
  for (auto& item : c.items) {
    item.present = filled(at(r, item.pointer));
    c.present += item.present;
  }
  return c;
}

}  // namespace rinsho::model
