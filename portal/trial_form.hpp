#pragma once
// The guided trial form of the researcher portal: which fields of schema/trial.schema.json each of
// its ten steps asks for, how a step's form values become the draft record, and what a step page
// shows (inputs with the schema's own ja/en descriptions as help, and the validator's messages
// beside the fields). Plain data in and out: no store or HTTP here.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "frontend/i18n.hpp"
#include "portal/views.hpp"

namespace rinsho::portal {

using FormValues = std::vector<std::pair<std::string, std::string>>;

inline constexpr int kStepCount = 10;

// The message key of a step's title (1..kStepCount), e.g. "step_1".
std::string step_title_key(int step);

// `record` with the step's fields replaced by what the form says: empty inputs remove a field,
// blank rows of a list are dropped, numbers that do not parse stay text (so the validator names
// them and the page shows what was typed). Fields of other steps are left as they are.
nlohmann::json apply_step(const nlohmann::json& record, int step, const FormValues& form);

// Whether a JSON Pointer (from the validator) is one of the step's fields or inside one.
bool pointer_in_step(const std::string& pointer, int step);
// The step a pointer belongs to; 0 when no step asks for it (e.g. a system field).
int step_of_pointer(const std::string& pointer);

// The input's id (and the error summary's link target) for a pointer: "f-public_title-ja".
std::string field_id(const std::string& pointer);

struct StepPage {
  nlohmann::json sections;               // for templates/trial_step.mustache
  std::vector<FieldMessage> errors;      // summary entries, each linked to an input on the page
};

// The sections of a step's page for `record` and the step's validation `errors`, in `lang`. Each
// error is shown beside the first input it concerns (an error about a whole list or a missing
// object goes to that list's or object's first input).
StepPage step_page(const nlohmann::json& record, int step, const nlohmann::json& schema, const frontend::Messages& labels,
                   const std::string& lang, const std::vector<FieldError>& errors);

// A field's label in plain words for the change preview: the schema's description of the
// pointer's field (without list indexes), in `lang`; the pointer itself when it has none.
std::string field_label(const nlohmann::json& schema, const std::string& pointer, const std::string& lang);

// A JSON value as a reader would write it: text as it is, lists and objects as "a; b" of their
// leaf values, true/false as yes/no in `lang`, nothing as "—".
std::string plain_value(const nlohmann::json& value, const std::string& lang);

}  // namespace rinsho::portal
