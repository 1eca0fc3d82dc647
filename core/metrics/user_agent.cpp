#include "metrics/user_agent.hpp"

#include <algorithm>
#include <array>
#include <bitset>

#include "metrics_files.hpp"

namespace rinsho::metrics {
namespace {

constexpr std::size_t kMaxScanned = 512;

struct Pattern {
  std::string text;      // lowercase
  std::string category;
  bool library = false;
};

// Patterns are at least 3 bytes: a hashed bitset of their first three bytes rejects almost every
// position of an ordinary browser's user agent with one bit test.
std::uint32_t trigram(std::string_view s, std::size_t i) {
  return (std::uint32_t(static_cast<unsigned char>(s[i])) << 16) | (std::uint32_t(static_cast<unsigned char>(s[i + 1])) << 8) |
         std::uint32_t(static_cast<unsigned char>(s[i + 2]));
}
std::uint16_t bucket(std::uint32_t key) { return static_cast<std::uint16_t>((key * 2654435761u) >> 16); }

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

}  // namespace

struct UserAgentClassifier::Impl {
  std::vector<Pattern> patterns;
  // One pass over the header: at each position, a bit test; on a hit, the patterns starting there.
  std::bitset<65536> starts;
  std::vector<std::pair<std::uint32_t, std::uint16_t>> by_trigram;  // (first three bytes, pattern index), sorted

  void index() {
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      const auto key = trigram(patterns[i].text, 0);
      starts.set(bucket(key));
      by_trigram.emplace_back(key, static_cast<std::uint16_t>(i));
    }
    std::sort(by_trigram.begin(), by_trigram.end());
  }
};

Result<UserAgentClassifier> UserAgentClassifier::builtin() {
  auto text = metrics_files::embedded_file("data/bot_patterns.txt");
  if (!text) return fail(ErrorCode::internal, "bot_patterns.txt is not compiled into this program");
  return parse(*text);
}

Result<UserAgentClassifier> UserAgentClassifier::parse(std::string_view text, std::string_view source) {
  auto impl = std::make_shared<Impl>();
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const auto where = std::string(source) + ":" + std::to_string(line_no) + ": ";
    auto tab = line.find('\t');
    if (tab == std::string_view::npos) return fail(ErrorCode::invalid_argument, where + "expected category<TAB>pattern");
    Pattern p{std::string(line.substr(tab + 1)), std::string(line.substr(0, tab)), false};
    if (p.category.empty()) return fail(ErrorCode::invalid_argument, where + "empty category");
    if (p.text.size() < 3) return fail(ErrorCode::invalid_argument, where + "pattern shorter than 3 characters");
    std::transform(p.text.begin(), p.text.end(), p.text.begin(), ascii_lower);
    p.library = p.category == "library";
    impl->patterns.push_back(std::move(p));
  }
  if (impl->patterns.size() > 65535) return fail(ErrorCode::invalid_argument, std::string(source) + ": too many patterns");
  impl->index();
  return UserAgentClassifier(std::move(impl));
}

std::size_t UserAgentClassifier::pattern_count() const { return impl_->patterns.size(); }

ClientClass UserAgentClassifier::classify(std::optional<std::string_view> user_agent) const {
  if (!user_agent || user_agent->empty()) return {Audience::bot, Device::other, "missing"};
  std::array<char, kMaxScanned> buf;
  const std::size_t n = std::min(user_agent->size(), kMaxScanned);
  for (std::size_t i = 0; i < n; ++i) buf[i] = ascii_lower((*user_agent)[i]);
  const std::string_view ua(buf.data(), n);

  const Pattern* library = nullptr;
  std::uint32_t key = n >= 2 ? (std::uint32_t(static_cast<unsigned char>(ua[0])) << 8) | static_cast<unsigned char>(ua[1]) : 0;
  for (std::size_t i = 0; i + 2 < n; ++i) {
    key = ((key << 8) | static_cast<unsigned char>(ua[i + 2])) & 0xFFFFFF;  // rolling: bytes i, i+1, i+2
    if (!impl_->starts.test(bucket(key))) continue;
    auto it = std::lower_bound(impl_->by_trigram.begin(), impl_->by_trigram.end(), std::make_pair(key, std::uint16_t{0}));
    for (; it != impl_->by_trigram.end() && it->first == key; ++it) {
      const auto& p = impl_->patterns[it->second];
      if (ua.compare(i, p.text.size(), p.text) != 0) continue;
      if (!p.library) return {Audience::bot, Device::other, p.category};
      if (!library) library = &p;
    }
  }
  if (library) return {Audience::program, Device::other, library->category};
  // Every browser in use sends "Mozilla/..." (old Opera sent "Opera/..."); anything else is a program.
  if (!ua.starts_with("mozilla/") && !ua.starts_with("opera/")) return {Audience::program, Device::other, "non-browser"};
  return {Audience::person, device_class(ua), ""};
}

Device device_class(std::string_view ua) {
  // The platform is the first parenthesised part: "(iPhone; CPU iPhone OS 17_4 like Mac OS X)",
  // "(Linux; Android 14; Pixel 8)". Searching it rather than the whole header keeps this cheap.
  std::string_view platform = ua;
  if (auto open = ua.find('('); open != std::string_view::npos) {
    auto close = ua.find(')', open);
    platform = ua.substr(open, close == std::string_view::npos ? std::string_view::npos : close - open);
  }
  if (contains(platform, "ipad") || contains(platform, "tablet") || contains(platform, "kindle") ||
      contains(platform, "playbook") || contains(ua, "silk/"))
    return Device::tablet;
  const bool mobile = contains(ua, "mobile");
  if (contains(platform, "android")) return mobile ? Device::phone : Device::tablet;
  if (mobile || contains(platform, "iphone") || contains(platform, "ipod") || contains(platform, "windows phone") ||
      contains(platform, "blackberry") || contains(platform, "opera mini"))
    return Device::phone;
  return Device::desktop;
}

}  // namespace rinsho::metrics
