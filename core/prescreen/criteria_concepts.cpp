#include "prescreen/criteria_concepts.hpp"

#include <nlohmann/json.hpp>

#include "text/dictionary.hpp"

namespace rinsho::prescreen {

std::vector<FieldError> unknown_concept_errors(const nlohmann::json& record, const text::Dictionary& dictionary) {
  std::vector<FieldError> errors;
  if (!record.is_object()) return errors;
  const auto e = record.find("eligibility");
  if (e == record.end() || !e->is_object()) return errors;
  const auto criteria = e->find("criteria");
  if (criteria == e->end() || !criteria->is_array()) return errors;
  for (std::size_t i = 0; i < criteria->size(); ++i) {
    const auto& c = (*criteria)[i];
    if (!c.is_object() || !c.contains("concept") || !c["concept"].is_string()) continue;
    const auto& id = c["concept"].get_ref<const std::string&>();
    if (!dictionary.find_id(id))
      errors.push_back({"/eligibility/criteria/" + std::to_string(i) + "/concept",
                        "辞書にない概念 ID です: " + id, "is not a concept id in the dictionary: " + id});
  }
  return errors;
}

}  // namespace rinsho::prescreen
