#pragma once
// User agent -> audience (person, program, bot) and device class. Bot patterns come from
// data/bot_patterns.txt (compiled into the binary); the header is read and forgotten, never stored.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "metrics/access.hpp"

namespace rinsho::metrics {

struct ClientClass {
  Audience audience = Audience::person;
  Device device = Device::other;  // phone, tablet or desktop for people; other for programs and bots
  std::string_view category;      // the pattern category that decided it ("crawler", "library", ...), or ""
};

class UserAgentClassifier {
 public:
  // data/bot_patterns.txt as compiled into the binary.
  static Result<UserAgentClassifier> builtin();
  // Errors name the line: "bot_patterns.txt:12: pattern shorter than 3 characters".
  static Result<UserAgentClassifier> parse(std::string_view text, std::string_view source_name = "bot_patterns.txt");

  // A missing header is a bot. Cost is one pass over the (first 512 bytes of the) header.
  ClientClass classify(std::optional<std::string_view> user_agent) const;
  std::size_t pattern_count() const;

 private:
  struct Impl;
  explicit UserAgentClassifier(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// Device class of a browser user agent: iPad, Android without "Mobile", Kindle/Silk and "Tablet"
// are tablets; iPhone, Android with "Mobile", Windows Phone and other "Mobile" browsers are phones;
// the rest are desktops (iPadOS in desktop mode sends a Mac user agent and counts as desktop).
Device device_class(std::string_view lowercase_user_agent);

}  // namespace rinsho::metrics
