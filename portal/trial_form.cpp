#include "portal/trial_form.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>

#include "model/prefectures.hpp"

namespace rinsho::portal {
namespace {

using nlohmann::json;

enum class Kind { text, textarea, localized, localized_area, choice, integer, number, yes_no, date, lines, prefecture, list };

// One input or group of inputs. `path` is a JSON Pointer from the record (top level) or from a list
// item ("" for a list whose items are themselves ja/en text, such as secondary sponsors).
struct Field {
  std::string path;
  Kind kind;
  std::string labels;         // labels.json kind of a choice's values
  std::vector<Field> items;   // a list's item fields
  std::string input_type = "text";  // email, tel, url for text inputs
};

Field f(std::string path, Kind kind, std::string labels = "") { return Field{std::move(path), kind, std::move(labels), {}}; }
Field typed(std::string path, std::string input_type) {
  Field out = f(std::move(path), Kind::text);
  out.input_type = std::move(input_type);
  return out;
}
Field list(std::string path, std::vector<Field> items) { return Field{std::move(path), Kind::list, "", std::move(items)}; }

std::vector<Field> contact(const std::string& base) {
  return {f(base + "/name", Kind::localized), f(base + "/organization", Kind::localized),
          f(base + "/department", Kind::localized), typed(base + "/email", "email"), typed(base + "/phone", "tel"),
          typed(base + "/url", "url")};
}

std::vector<Field> join(std::vector<Field> a, const std::vector<Field>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The ten steps, in the order a registrant thinks about a trial; every field a registrant writes
// is in exactly one of them. Fields the system or the importers keep (id, dates.registered,
// sources, ...) are in none and pass through a draft untouched.
const std::vector<std::vector<Field>>& steps() {
  static const std::vector<std::vector<Field>> all = {
      {f("/public_title", Kind::localized), f("/scientific_title", Kind::localized), f("/category", Kind::choice, "category"),
       f("/study_type", Kind::choice, "study_type"), f("/phase", Kind::choice, "phase"),
       f("/recruitment_status", Kind::choice, "status"), f("/plain_summary", Kind::localized_area),
       f("/target_enrollment", Kind::integer), f("/design/allocation", Kind::choice, "allocation"),
       f("/design/masking", Kind::choice, "masking"), f("/design/control", Kind::choice, "control"),
       f("/design/purpose", Kind::choice, "purpose"), f("/design/arms", Kind::integer),
       f("/dates/first_enrollment", Kind::date), f("/dates/completion", Kind::date),
       list("/secondary_ids", {f("/registry", Kind::text), f("/id", Kind::text)})},
      {list("/conditions", {f("/name", Kind::localized), f("/icd10", Kind::text)}), f("/keywords", Kind::lines)},
      {list("/interventions", {f("/type", Kind::choice, "intervention_type"), f("/name", Kind::localized),
                               f("/description", Kind::localized_area), f("/approval_status", Kind::choice, "approval_status")})},
      {f("/eligibility/min_age_years", Kind::number), f("/eligibility/max_age_years", Kind::number),
       f("/eligibility/sex", Kind::choice, "sex"), f("/eligibility/healthy_volunteers", Kind::yes_no),
       f("/eligibility/inclusion", Kind::localized_area), f("/eligibility/exclusion", Kind::localized_area),
       // Structured criteria for the "Could I join?" pre-screen, beside the free text that stays the authority.
       list("/eligibility/criteria", {f("/kind", Kind::choice, "criterion_kind"), f("/type", Kind::choice, "criterion_type"),
                                      f("/concept", Kind::text), f("/text", Kind::localized), f("/stages", Kind::lines),
                                      f("/min_ecog", Kind::integer), f("/max_ecog", Kind::integer)})},
      {list("/sites", {f("/name", Kind::localized), f("/prefecture", Kind::prefecture), f("/city", Kind::localized),
                       f("/status", Kind::choice, "site_status"), f("/core_hospital", Kind::yes_no)}),
       f("/countries", Kind::lines)},
      {f("/flags/dct/remote_visits", Kind::yes_no), f("/flags/dct/home_visits", Kind::yes_no),
       f("/flags/dct/econsent", Kind::yes_no), f("/flags/dct/direct_to_patient_delivery", Kind::yes_no),
       f("/flags/dct/wearables", Kind::yes_no), f("/flags/single_irb", Kind::yes_no), f("/flags/international", Kind::yes_no),
       f("/flags/fih", Kind::yes_no), f("/flags/pediatric", Kind::yes_no), f("/flags/orphan", Kind::yes_no),
       f("/flags/drug_loss", Kind::yes_no), f("/modality", Kind::choice, "modality")},
      join(contact("/contacts/public"), contact("/contacts/scientific")),
      {list("/outcomes/primary", {f("/measure", Kind::localized_area), f("/time_frame", Kind::localized)}),
       list("/outcomes/secondary", {f("/measure", Kind::localized_area), f("/time_frame", Kind::localized)})},
      {f("/burden/visits", Kind::integer), f("/burden/overnight_stays", Kind::integer),
       f("/burden/placebo_possible", Kind::yes_no), f("/burden/compensation", Kind::localized_area),
       f("/burden/cost", Kind::localized_area)},
      {f("/sponsor/primary", Kind::localized), list("/sponsor/secondary", {f("", Kind::localized)}),
       list("/sponsor/funding", {f("", Kind::localized)}), f("/ethics_review/committee", Kind::localized),
       f("/ethics_review/certification_number", Kind::text), f("/ethics_review/approval_date", Kind::date),
       f("/ethics_review/status", Kind::choice, "ethics_status"), f("/coi", Kind::localized_area),
       f("/ipd_sharing/plan", Kind::choice, "ipd_plan"), f("/ipd_sharing/description", Kind::localized_area)},
  };
  return all;
}

const std::vector<Field>& step_fields(int step) {
  static const std::vector<Field> none;
  return step >= 1 && step <= kStepCount ? steps()[static_cast<std::size_t>(step - 1)] : none;
}

std::vector<std::string> tokens(const std::string& pointer) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < pointer.size()) {
    const auto next = pointer.find('/', at + 1);
    out.push_back(pointer.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1));
    at = next == std::string::npos ? pointer.size() : next;
  }
  return out;
}

bool is_index(const std::string& t) { return !t.empty() && t.size() < 6 && std::all_of(t.begin(), t.end(), ::isdigit); }

const json* get(const json& root, const std::string& pointer) {
  const json* node = &root;
  for (const auto& t : tokens(pointer)) {
    if (node->is_object()) {
      auto it = node->find(t);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array() && is_index(t) && std::stoul(t) < node->size()) {
      node = &(*node)[std::stoul(t)];
    } else {
      return nullptr;
    }
  }
  return node;
}

// Removes the field and then any object above it that it left empty.
void erase(json& root, const std::string& pointer) {
  const auto path = tokens(pointer);
  if (path.empty()) {
    root = json();
    return;
  }
  std::vector<json*> chain{&root};
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    json* node = chain.back();
    if (!node->is_object() || !node->contains(path[i])) return;
    chain.push_back(&(*node)[path[i]]);
  }
  if (!chain.back()->is_object()) return;
  chain.back()->erase(path.back());
  for (std::size_t i = chain.size() - 1; i > 0; --i) {
    if (!chain[i]->is_object() || !chain[i]->empty()) break;
    chain[i - 1]->erase(path[i - 1]);
  }
}

void set(json& root, const std::string& pointer, json value) {
  const auto path = tokens(pointer);
  if (path.empty()) {
    root = std::move(value);
    return;
  }
  json* node = &root;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    if (!node->is_object()) *node = json::object();
    node = &(*node)[path[i]];
  }
  if (!node->is_object()) *node = json::object();
  (*node)[path.back()] = std::move(value);
}

std::string trim(std::string s) {
  for (auto& c : s)
    if (c == '\r') c = '\n';
  const auto first = s.find_first_not_of(" \t\n");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\n");
  return s.substr(first, last - first + 1);
}

// Textareas send CRLF; a record keeps LF.
std::string text_value(std::string s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!(s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) out += s[i] == '\r' ? '\n' : s[i];
  const auto first = out.find_first_not_of(" \t\n");
  if (first == std::string::npos) return "";
  return out.substr(first, out.find_last_not_of(" \t\n") - first + 1);
}

json typed_value(const std::string& v, Kind kind) {
  if (kind == Kind::integer || kind == Kind::number) {
    const bool integral = v.size() < 16 && std::all_of(v.begin() + (v[0] == '-' ? 1 : 0), v.end(), ::isdigit) && v != "-";
    if (integral) return std::stoll(v);
    if (kind == Kind::number) {
      char* end = nullptr;
      const double d = std::strtod(v.c_str(), &end);
      if (end && *end == '\0') return d;
    }
    return v;  // the validator says it is not a number; the page shows it as typed
  }
  if (kind == Kind::yes_no) {
    if (v == "true") return true;
    if (v == "false") return false;
  }
  return v;
}

using Values = std::map<std::string, std::string>;

bool any_value_under(const Values& values, const std::string& prefix) {
  for (auto it = values.lower_bound(prefix); it != values.end() && it->first.rfind(prefix, 0) == 0; ++it)
    if (!trim(it->second).empty()) return true;
  return false;
}

// Rows a list's inputs were sent for: one more than the highest index seen, at most 100.
std::size_t sent_rows(const Values& values, const std::string& prefix) {
  std::size_t rows = 0;
  for (auto it = values.lower_bound(prefix); it != values.end() && it->first.rfind(prefix, 0) == 0; ++it) {
    const auto rest = it->first.substr(prefix.size());
    const auto index = rest.substr(0, rest.find('/'));
    if (is_index(index)) rows = std::max<std::size_t>(rows, std::stoul(index) + 1);
  }
  return std::min<std::size_t>(rows, 100);
}

// `name` is the form's name for this field: its pointer from the record, list indexes included.
void apply_field(json& target, const std::string& rel, const Field& field, const Values& values, const std::string& name) {
  auto value_of = [&values](const std::string& key) {
    auto it = values.find(key);
    return it == values.end() ? std::string() : text_value(it->second);
  };
  switch (field.kind) {
    case Kind::localized:
    case Kind::localized_area: {
      erase(target, rel);
      json text = json::object();
      for (const char* lang : {"ja", "en"})
        if (auto v = value_of(name + "/" + lang); !v.empty()) text[lang] = v;
      if (!text.empty()) set(target, rel, std::move(text));
      return;
    }
    case Kind::lines: {
      erase(target, rel);
      json items = json::array();
      std::string all = value_of(name) + "\n";
      for (std::size_t at = 0, next; (next = all.find('\n', at)) != std::string::npos; at = next + 1)
        if (auto line = trim(all.substr(at, next - at)); !line.empty()) items.push_back(line);
      if (!items.empty()) set(target, rel, std::move(items));
      return;
    }
    case Kind::list: {
      const json* old = get(target, rel);
      const json before = old && old->is_array() ? *old : json::array();
      erase(target, rel);
      json items = json::array();
      const std::size_t rows = sent_rows(values, name + "/");
      for (std::size_t i = 0; i < rows; ++i) {
        const std::string row = name + "/" + std::to_string(i);
        if (!any_value_under(values, row + "/")) continue;  // a blank row: nothing to keep
        // Keys no input shows (a site's coordinates) stay with their row.
        json item = i < before.size() && before[i].is_object() ? before[i] : json::object();
        for (const auto& sub : field.items) apply_field(item, sub.path, sub, values, row + sub.path);
        if (!item.is_null() && !(item.is_object() && item.empty())) items.push_back(std::move(item));
      }
      if (!items.empty()) set(target, rel, std::move(items));
      return;
    }
    default: {
      erase(target, rel);
      if (auto v = trim(value_of(name)); !v.empty()) set(target, rel, typed_value(v, field.kind));
      return;
    }
  }
}

bool covers(const std::string& field_path, const std::string& pointer) {
  if (pointer.empty()) return false;
  auto under = [](const std::string& a, const std::string& b) { return a == b || a.rfind(b + "/", 0) == 0; };
  return under(pointer, field_path) || under(field_path, pointer);
}

// --- the page ----------------------------------------------------------------------------

std::string schema_path(const std::string& pointer) {
  std::string out;
  for (const auto& t : tokens(pointer)) out += "/" + (is_index(t) ? std::string("0") : t);
  return out;
}

const json* resolve(const json& schema, const json* node) {
  for (int i = 0; node && node->contains("$ref") && i < 8; ++i) {
    const auto ref = (*node)["$ref"].get<std::string>();
    node = ref.rfind("#/", 0) == 0 ? get(schema, ref.substr(1)) : nullptr;
  }
  return node;
}

// The field's schema node as written (its own description) and resolved (its type and enum).
std::pair<const json*, const json*> schema_node(const json& schema, const std::string& pointer) {
  const json* node = &schema;
  const json* written = node;
  for (const auto& t : tokens(pointer)) {
    node = resolve(schema, node);
    if (!node) return {nullptr, nullptr};
    if (is_index(t) && node->contains("items")) node = &(*node)["items"];
    else if (node->contains("properties") && (*node)["properties"].contains(t)) node = &(*node)["properties"][t];
    else return {nullptr, nullptr};
    written = node;
  }
  return {written, resolve(schema, node)};
}

// "日本語 / English": the half in `lang`.
std::string description(const json& schema, const std::string& pointer, const std::string& lang) {
  const auto nodes = schema_node(schema, schema_path(pointer));
  const json* node = nodes.first && nodes.first->contains("description") ? nodes.first : nodes.second;
  if (!node || !node->contains("description") || !(*node)["description"].is_string()) return "";
  const std::string d = (*node)["description"];
  const auto slash = d.find(" / ");
  if (slash == std::string::npos) return d;
  return lang == "en" ? d.substr(slash + 3) : d.substr(0, slash);
}

std::string shown(const json* v) {
  if (!v || v->is_null()) return "";
  if (v->is_string()) return v->get<std::string>();
  if (v->is_boolean()) return v->get<bool>() ? "true" : "false";
  return v->dump();
}

struct PageBuilder {
  const json& record;
  const json& schema;
  const frontend::Messages& labels;
  const std::string& lang;
  json sections = json::array();

  std::string word(const char* ja, const char* en) const { return lang == "en" ? en : ja; }

  // Every key the template asks a section for, so that none is looked up in the page around it.
  static json section() {
    return {{"heading", ""}, {"hint", ""}, {"fieldset", false}, {"legend", ""}, {"pair", false}, {"inputs", json::array()}};
  }

  json input(const std::string& name, const std::string& label, const std::string& hint, Kind kind) {
    const std::string id = field_id(name);
    json in = {{"id", id}, {"name", name}, {"label", label}, {"hint", hint}, {"hint_id", id + "-hint"}, {"lang", ""},
               {"error", ""}, {"error_id", id + "-error"}, {"value", shown(get(record, name))}};
    in["textarea"] = kind == Kind::localized_area || kind == Kind::lines;
    in["select"] = kind == Kind::choice || kind == Kind::yes_no || kind == Kind::prefecture;
    in["input"] = !in["textarea"].get<bool>() && !in["select"].get<bool>();
    in["type"] = kind == Kind::integer || kind == Kind::number ? "text" : kind == Kind::date ? "date" : "text";
    in["inputmode"] = kind == Kind::integer ? "numeric" : kind == Kind::number ? "decimal" : "";
    // How portal_form.js types the value when it checks the field (as apply_step does).
    in["kind"] = kind == Kind::integer ? "integer" : kind == Kind::number ? "number" : kind == Kind::yes_no ? "bool"
               : kind == Kind::lines ? "lines" : "";
    if (kind == Kind::lines) {
      std::string joined;
      if (const json* items = get(record, name); items && items->is_array())
        for (const auto& item : *items) joined += (joined.empty() ? "" : "\n") + shown(&item);
      in["value"] = joined;
    }
    return in;
  }

  void options(json& in, const Field& field, const std::string& name) {
    json opts = json::array({{{"value", ""}, {"text", word("(未選択)", "(not chosen)")}}});
    if (field.kind == Kind::yes_no) {
      opts.push_back({{"value", "true"}, {"text", word("はい", "Yes")}});
      opts.push_back({{"value", "false"}, {"text", word("いいえ", "No")}});
    } else if (field.kind == Kind::prefecture) {
      for (const auto& p : model::prefectures())
        opts.push_back({{"value", std::string(p.code)}, {"text", std::string(lang == "en" ? p.name_en : p.name_ja)}});
    } else {
      const auto nodes = schema_node(schema, schema_path(name));
      if (nodes.second && nodes.second->contains("enum"))
        for (const auto& v : (*nodes.second)["enum"])
          opts.push_back({{"value", v.get<std::string>()}, {"text", labels.label(field.labels, v.get<std::string>(), lang)}});
    }
    const std::string current = in["value"];
    bool found = current.empty();
    for (auto& o : opts) {
      o["selected"] = o["value"] == current;
      found = found || o["value"] == current;
    }
    // A value the list does not offer (from an import or an older record) stays choosable.
    if (!found) opts.push_back({{"value", current}, {"text", current}, {"selected", true}});
    in["options"] = std::move(opts);
  }

  // Label of a field: the site's own word for a top-level field, else the schema's description.
  std::string label_of(const std::string& name) const {
    const auto path = tokens(name);
    if (path.size() == 1 && labels.has_label("field", path[0])) return labels.label("field", path[0], lang);
    return description(schema, name, lang);
  }

  void add(const Field& field, const std::string& name, const std::string& row_label) {
    const std::string label = label_of(name);
    const std::string hint = description(schema, name, lang);
    const std::string prefix = row_label.empty() ? "" : row_label + ": ";
    if (field.kind == Kind::localized || field.kind == Kind::localized_area) {
      json sec = section();
      sec["fieldset"] = true;
      sec["legend"] = prefix + label;
      sec["hint"] = hint == label ? "" : hint;
      sec["pair"] = true;
      json inputs = json::array();
      for (const char* l : {"ja", "en"}) {
        auto in = input(name + "/" + l, label + (std::string(l) == "ja" ? word(" (日本語)", " (Japanese)") : word(" (英語)", " (English)")),
                        "", field.kind);
        in["lang"] = l;
        inputs.push_back(std::move(in));
      }
      sec["inputs"] = std::move(inputs);
      sections.push_back(std::move(sec));
      return;
    }
    if (field.kind == Kind::list) {
      const json* items = get(record, name);
      const std::size_t rows = (items && items->is_array() ? items->size() : 0) + 1;  // and one blank row
      const std::string list_label = label_of(name);
      json heading = section();
      heading["heading"] = list_label;
      heading["hint"] = description(schema, name, lang);
      sections.push_back(std::move(heading));
      for (std::size_t i = 0; i < rows; ++i) {
        const std::string row = name + "/" + std::to_string(i);
        const std::string row_name = list_label + " " + std::to_string(i + 1) + (i + 1 == rows ? word(" (追加)", " (new)") : "");
        for (const auto& sub : field.items) add(sub, row + sub.path, row_name);
      }
      return;
    }
    auto in = input(name, prefix + label, hint == label ? "" : hint, field.kind);
    if (field.kind == Kind::text) in["type"] = field.input_type;
    if (in["select"].get<bool>()) options(in, field, name);
    json sec = section();
    sec["inputs"].push_back(std::move(in));
    sections.push_back(std::move(sec));
  }
};

}  // namespace

std::string step_title_key(int step) { return "step_" + std::to_string(step); }

json apply_step(const json& record, int step, const FormValues& form) {
  Values values;
  for (const auto& kv : form) values[kv.first] = kv.second;
  json out = record.is_object() ? record : json::object();
  for (const auto& field : step_fields(step)) apply_field(out, field.path, field, values, field.path);
  return out;
}

bool pointer_in_step(const std::string& pointer, int step) {
  return std::any_of(step_fields(step).begin(), step_fields(step).end(),
                     [&pointer](const Field& field) { return covers(field.path, pointer); });
}

int step_of_pointer(const std::string& pointer) {
  for (int s = 1; s <= kStepCount; ++s)
    if (pointer_in_step(pointer, s)) return s;
  return 0;
}

std::string field_id(const std::string& pointer) {
  std::string id = "f";
  for (char c : pointer) id += (c == '/' || c == '~') ? '-' : c;
  return id;
}

StepPage step_page(const json& record, int step, const json& schema, const frontend::Messages& labels,
                   const std::string& lang, const std::vector<FieldError>& errors) {
  PageBuilder b{record, schema, labels, lang};
  for (const auto& field : step_fields(step)) b.add(field, field.path, "");
  StepPage page;
  // The summary lists problems in the order of the fields on the page, as a reader meets them.
  std::vector<std::pair<std::size_t, FieldMessage>> found;
  for (const auto& e : errors) {
    json* target = nullptr;
    std::size_t position = 0;
    for (auto& sec : b.sections) {
      for (auto& in : sec["inputs"]) {
        const std::string name = in["name"].get<std::string>();
        if (name == e.pointer || name.rfind(e.pointer + "/", 0) == 0 || e.pointer.rfind(name + "/", 0) == 0) {
          target = &in;
          break;
        }
        ++position;
      }
      if (target) break;
    }
    if (!target) continue;  // not this step's
    const std::string& text = lang == "en" ? e.message_en : e.message_ja;
    std::string& beside = (*target)["error"].get_ref<std::string&>();
    beside += (beside.empty() ? "" : " ") + text;
    found.emplace_back(position, FieldMessage{(*target)["id"].get<std::string>(), (*target)["label"].get<std::string>() + ": " + text});
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& entry : found) page.errors.push_back(std::move(entry.second));
  for (auto& sec : b.sections)
    for (auto& in : sec["inputs"]) {
      std::string by = in["hint"].get<std::string>().empty() ? "" : in["hint_id"].get<std::string>();
      if (!in["error"].get<std::string>().empty()) by += (by.empty() ? "" : " ") + in["error_id"].get<std::string>();
      in["describedby"] = by;
      in["invalid"] = !in["error"].get<std::string>().empty();
    }
  page.sections = std::move(b.sections);
  return page;
}

std::string field_label(const json& schema, const std::string& pointer, const std::string& lang) {
  std::string out;
  std::string partial;
  for (const auto& t : tokens(pointer)) {
    partial += "/" + t;
    if (is_index(t)) {
      out += " " + std::to_string(std::stoul(t) + 1);
      continue;
    }
    const auto d = description(schema, partial, lang);
    out += (out.empty() ? "" : " › ") + (d.empty() ? t : d);
  }
  return out.empty() ? pointer : out;
}

std::string plain_value(const json& value, const std::string& lang) {
  if (value.is_null()) return "—";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? (lang == "en" ? "yes" : "はい") : (lang == "en" ? "no" : "いいえ");
  if (value.is_number()) return value.dump();
  std::string out;
  for (const auto& item : value) {
    const auto part = plain_value(item, lang);
    if (!part.empty()) out += (out.empty() ? "" : "; ") + part;
  }
  return out.empty() ? "—" : out;
}

}  // namespace rinsho::portal
