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
  // Where the parser is now: the member or element being read.
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
  // nlohmann's lexer takes a NUL byte for the end of input, so `{...}\0anything` would parse as the
  // object alone. A raw NUL is never valid JSON (strings must escape it), so refuse it here.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    const auto byte = std::to_string(nul + 1);
    return fail(ErrorCode::invalid_json, "malformed JSON at byte " + byte + ": a NUL byte",
                {{"", "JSON の書式が正しくありません (" + byte + " バイト目に NUL)", "is not well-formed JSON (NUL at byte " + byte + ")"}});
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
  } catch (const json::out_of_range&) {
    // 1e400, -1e400 or a 400-digit integer: valid JSON syntax, but no number a record can hold.
    const std::string at = tracker.pointer();
    return fail(ErrorCode::invalid_json, "number out of range at " + (at.empty() ? std::string("/") : at),
                {{at, "数値が大きすぎます", "is a number too large to represent"}});
  } catch (const json::exception& e) {
    return fail(ErrorCode::invalid_json, std::string("JSON could not be read: ") + e.what(),
                {{tracker.pointer(), "JSON を読み取れません", "could not be read as JSON"}});
  }
  if (!tracker.duplicates().empty()) {
    std::vector<FieldError> fields;
    for (const auto& p : tracker.duplicates()) fields.push_back({p, "項目が重複しています", "appears more than once"});
    return fail(ErrorCode::invalid_json, "duplicate keys in JSON object", std::move(fields));
  }
  return result;
}

}  // namespace rinsho::model
