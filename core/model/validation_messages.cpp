#include "model/validation_messages.hpp"

#include <regex>

#include "model/strict_json.hpp"

namespace rinsho::model {
namespace {

using nlohmann::json;

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// valijson context tokens look like "[name]"; whether "[0]" is an index depends on the instance.
std::string to_pointer(const std::vector<std::string>& path, const json& record) {
  std::string pointer;
  const json* node = &record;
  for (const auto& raw : path) {
    if (raw == "<root>") continue;
    std::string token = raw;
    if (token.size() >= 2 && token.front() == '[' && token.back() == ']') token = token.substr(1, token.size() - 2);
    pointer += "/" + json_pointer_token(token);
    if (node == nullptr) continue;
    if (node->is_object()) {
      auto it = node->find(token);
      node = it == node->end() ? nullptr : &*it;
    } else if (node->is_array()) {
      std::size_t index = 0;
      try {
        index = std::stoul(token);
      } catch (...) {
        node = nullptr;
        continue;
      }
      node = index < node->size() ? &(*node)[index] : nullptr;
    } else {
      node = nullptr;
    }
  }
  return pointer;
}

const json* resolve_ref(const json& root, const json* node) {
  for (int hops = 0; node && node->is_object() && node->contains("$ref") && hops < 8; ++hops) {
    const std::string ref = (*node)["$ref"].get<std::string>();
    if (!starts_with(ref, "#")) return nullptr;
    try {
      node = &root.at(json::json_pointer(ref.substr(1)));
    } catch (const json::exception&) {
      return nullptr;
    }
  }
  return node;
}

std::string join_enum(const json& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    out += v.is_string() ? v.get<std::string>() : v.dump();
  }
  return out;
}

FieldError type_error(const std::string& pointer, const json* schema) {
  const std::string type = schema && schema->contains("type") && (*schema)["type"].is_string()
                               ? (*schema)["type"].get<std::string>()
                               : "";
  if (type == "string") return {pointer, "文字列で指定してください", "must be a string"};
  if (type == "integer") return {pointer, "整数で指定してください", "must be an integer"};
  if (type == "number") return {pointer, "数値で指定してください", "must be a number"};
  if (type == "boolean") return {pointer, "true または false で指定してください", "must be true or false"};
  if (type == "array") return {pointer, "配列で指定してください", "must be an array"};
  if (type == "object") return {pointer, "オブジェクトで指定してください", "must be an object"};
  return {pointer, "型が正しくありません", "has the wrong type"};
}

std::string trailing_number(const std::string& description) {
  static const std::regex number(R"(([0-9]+(\.[0-9]+)?))");
  std::string last;
  for (auto it = std::sregex_iterator(description.begin(), description.end(), number); it != std::sregex_iterator(); ++it)
    last = (*it)[1].str();
  // std::to_string(double) in valijson gives "150.000000"; show 150.
  if (auto dot = last.find('.'); dot != std::string::npos && last.find_first_not_of('0', dot + 1) == std::string::npos)
    last = last.substr(0, dot);
  return last;
}

std::string quoted_name(const std::string& description) {
  auto end = description.rfind('\'');
  auto begin = end == std::string::npos || end == 0 ? std::string::npos : description.rfind('\'', end - 1);
  if (begin == std::string::npos) return "";
  return description.substr(begin + 1, end - begin - 1);
}

}  // namespace

const json* schema_at(const json& root, const std::string& pointer) {
  const json* node = resolve_ref(root, &root);
  std::size_t pos = 0;
  while (node && pos < pointer.size()) {
    auto next = pointer.find('/', pos + 1);
    std::string token = pointer.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1);
    pos = next == std::string::npos ? pointer.size() : next;
    for (std::size_t i = 0; (i = token.find("~1", i)) != std::string::npos;) token.replace(i, 2, "/");
    for (std::size_t i = 0; (i = token.find("~0", i)) != std::string::npos;) token.replace(i, 2, "~");
    if (node->contains("properties") && (*node)["properties"].contains(token)) {
      node = resolve_ref(root, &(*node)["properties"][token]);
    } else if (node->contains("items")) {
      node = resolve_ref(root, &(*node)["items"]);
    } else {
      return nullptr;
    }
  }
  return node;
}

std::optional<FieldError> translate_validation_error(const std::vector<std::string>& path,
                                                     const std::string& d, const json& record,
                                                     const json& schema) {
  const std::string pointer = to_pointer(path, record);
  const json* sub = schema_at(schema, pointer);
  if (starts_with(d, "Failed to validate against schema associated with") || starts_with(d, "Failed to validate item #") ||
      starts_with(d, "Cannot validate item #") || starts_with(d, "Failed to validate against child schema") ||
      starts_with(d, "Failed to validate against additional properties"))
    return std::nullopt;
  if (starts_with(d, "Missing required property")) {
    return FieldError{pointer + "/" + json_pointer_token(quoted_name(d)), "必須項目です", "is required"};
  }
  if (starts_with(d, "Object contains a property that could not be validated")) {
    return FieldError{pointer + "/" + json_pointer_token(quoted_name(d)), "定義されていない項目です",
                      "is not a field of the trial record"};
  }
  if (starts_with(d, "Value type not permitted")) return type_error(pointer, sub);
  if (starts_with(d, "Failed to match against any enum values")) {
    const std::string allowed = sub && sub->contains("enum") ? join_enum((*sub)["enum"]) : "";
    return FieldError{pointer, "次のいずれかを指定してください: " + allowed, "must be one of: " + allowed};
  }
  if (starts_with(d, "Failed to match regex")) {
    const std::string pattern = sub && sub->contains("pattern") ? (*sub)["pattern"].get<std::string>() : "";
    if (pointer == "/id")
      return FieldError{pointer, "jRCT番号の形式 (例: jRCT2031240001) で指定してください",
                        "must look like a jRCT id, e.g. jRCT2031240001"};
    return FieldError{pointer, "形式が正しくありません (" + pattern + ")", "does not match the format " + pattern};
  }
  if (starts_with(d, "String should be a valid date")) {
    return FieldError{pointer, "正しい日付 (YYYY-MM-DD) で指定してください", "must be a real date in the form YYYY-MM-DD"};
  }
  const std::string n = trailing_number(d);
  if (starts_with(d, "String should be no more than"))
    return FieldError{pointer, n + "文字以内で指定してください", "must be at most " + n + " characters long"};
  if (starts_with(d, "String should be no fewer than"))
    return FieldError{pointer, "空にはできません", "must not be empty"};
  if (starts_with(d, "Expected number greater than or equal to"))
    return FieldError{pointer, n + "以上で指定してください", "must be at least " + n};
  if (starts_with(d, "Expected number less than or equal to"))
    return FieldError{pointer, n + "以下で指定してください", "must be at most " + n};
  if (starts_with(d, "Array should contain no fewer than"))
    return FieldError{pointer, n + "件以上指定してください", "needs at least " + n + " item(s)"};
  if (starts_with(d, "Array should contain no more than"))
    return FieldError{pointer, n + "件以内で指定してください", "allows at most " + n + " items"};
  if (starts_with(d, "Object should have no fewer than"))
    return FieldError{pointer, "ja (日本語) か en (英語) の少なくとも一方を指定してください",
                      "needs at least one of ja (Japanese) or en (English)"};
  if (d.find("uniqueness") != std::string::npos)
    return FieldError{pointer, "同じ値が重複しています", "must not repeat a value"};
  if (d.find("'contains' constraint") != std::string::npos) {
    std::string required = "JP";
    if (sub && sub->contains("contains") && (*sub)["contains"].contains("const"))
      required = (*sub)["contains"]["const"].get<std::string>();
    return FieldError{pointer, required + " を含めてください", "must include " + required};
  }
  return FieldError{pointer, "値が正しくありません", d};
}

}  // namespace rinsho::model
