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

std::uint16_t bigram(unsigned char a, unsigned char b) { return static_cast<std::uint16_t>((a << 8) | b); }

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

}  // namespace

struct UserAgentClassifier::Impl {
  std::vector<Pattern> patterns;
  // One pass over the header: at each position, the patterns whose first two bytes are there.
  std::bitset<65536> starts;
  std::vector<std::pair<std::uint16_t, std::uint16_t>> by_bigram;  // (bigram, pattern index), sorted

  void index() {
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      const auto& t = patterns[i].text;
      const auto key = bigram(static_cast<unsigned char>(t[0]), static_cast<unsigned char>(t[1]));
      starts.set(key);
      by_bigram.emplace_back(key, static_cast<std::uint16_t>(i));
    }
    std::sort(by_bigram.begin(), by_bigram.end());
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
    std::transform(p.text.begin(), p.text.end(), p.text.begin(), [](unsigned char c) { return std::tolower(c); });
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
  for (std::size_t i = 0; i < n; ++i) buf[i] = static_cast<char>(std::tolower(static_cast<unsigned char>((*user_agent)[i])));
  const std::string_view ua(buf.data(), n);

  const Pattern* library = nullptr;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const auto key = bigram(static_cast<unsigned char>(ua[i]), static_cast<unsigned char>(ua[i + 1]));
    if (!impl_->starts.test(key)) continue;
    auto it = std::lower_bound(impl_->by_bigram.begin(), impl_->by_bigram.end(), std::make_pair(key, std::uint16_t{0}));
    for (; it != impl_->by_bigram.end() && it->first == key; ++it) {
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
  if (contains(ua, "ipad") || contains(ua, "tablet") || contains(ua, "kindle") || contains(ua, "silk/") ||
      contains(ua, "playbook"))
    return Device::tablet;
  if (contains(ua, "android")) return contains(ua, "mobile") ? Device::phone : Device::tablet;
  if (contains(ua, "iphone") || contains(ua, "ipod") || contains(ua, "windows phone") || contains(ua, "mobile") ||
      contains(ua, "opera mini") || contains(ua, "blackberry"))
    return Device::phone;
  return Device::desktop;
}

}  // namespace rinsho::metrics
