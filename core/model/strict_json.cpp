#include "model/strict_json.hpp"

#include <set>
#include <string>
#include <vector>

namespace rinsho::model {
namespace {

using nlohmann::json;

struct TooDeep {};

// Tracks where the parser is, so a duplicate key can be reported with its JSON Pointer.
class DuplicateKeyTracker {
 public:
  explicit DuplicateKeyTracker(int max_depth) : max_depth_(max_depth) {}

  bool on_event(json::parse_event_t event, const json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        if (static_cast<int>(frames_.size()) >= max_depth_) throw TooDeep{};
        frames_.push_back(Frame{event == json::parse_event_t::object_start, {}, {}, 0});
        break;
      case json::parse_event_t::key: {
        auto& top = frames_.back();
        top.key = parsed.get<std::string>();
        if (!top.keys.insert(top.key).second) duplicates_.push_back(pointer());
        break;
      }
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        frames_.pop_back();
        advance();
        break;
      case json::parse_event_t::value:
        advance();
        break;
    }
    return true;
  }
  const std::vector<std::string>& duplicates() const { return duplicates_; }

  // The JSON Pointer of the value being parsed.
  std::string pointer() const {
    std::string p;
    for (const auto& f : frames_) p += "/" + (f.object ? json_pointer_token(f.key) : std::to_string(f.index));
    return p;
  }

 private:
  struct Frame {
    bool object;
    std::set<std::string> keys;
    std::string key;
    std::size_t index;
  };
  void advance() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
  }
  int max_depth_;
  std::vector<Frame> frames_;
  std::vector<std::string> duplicates_;
};

}  // namespace

std::string json_pointer_token(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

Result<json> parse_json_strict(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return fail(ErrorCode::too_large, "body is larger than " + std::to_string(limits.max_bytes) + " bytes",
                {{"", "データが大きすぎます (上限 " + std::to_string(limits.max_bytes) + " バイト)",
                  "is larger than the limit of " + std::to_string(limits.max_bytes) + " bytes"}});
  }
  DuplicateKeyTracker tracker(limits.max_depth);
  json result;
  try {
    result = json::parse(text, [&](int, json::parse_event_t event, json& parsed) {
      return tracker.on_event(event, parsed);
    });
  } catch (const TooDeep&) {
    const auto depth = std::to_string(limits.max_depth);
    return fail(ErrorCode::invalid_json, "JSON is nested deeper than " + depth + " levels",
                {{"", "入れ子が深すぎます (上限 " + depth + " 階層)", "is nested deeper than " + depth + " levels"}});
  } catch (const json::parse_error& e) {
    const std::string what = e.what();
    const auto byte = std::to_string(e.byte);
    if (what.find("UTF-8") != std::string::npos) {
      return fail(ErrorCode::invalid_json, "invalid UTF-8 at byte " + byte,
                  {{"", "UTF-8 として正しくない文字があります (" + byte + " バイト目)",
                    "is not valid UTF-8 (byte " + byte + ")"}});
    }
    return fail(ErrorCode::invalid_json, "malformed JSON at byte " + byte + ": " + what,
                {{"", "JSON の書式が正しくありません (" + byte + " バイト目)", "is not well-formed JSON (byte " + byte + ")"}});
  } catch (const json::out_of_range& e) {
    // nlohmann reports a number beyond double's range (1e400) as out_of_range, not parse_error;
    // uncaught, it escaped every caller that expects a Result (found by tests/fuzz/fuzz_record_json).
    return fail(ErrorCode::invalid_json, std::string("number out of range: ") + e.what(),
                {{tracker.pointer(), "数値が大きすぎます", "is a number too large to represent"}});
  }
  if (!tracker.duplicates().empty()) {
    std::vector<FieldError> fields;
    for (const auto& p : tracker.duplicates()) fields.push_back({p, "項目が重複しています", "appears more than once"});
    return fail(ErrorCode::invalid_json, "duplicate keys in JSON object", std::move(fields));
  }
  return result;
}

}  // namespace rinsho::model
