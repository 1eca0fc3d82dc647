#pragma once
// What one access is, in the dimensions rinsho counts (and nothing else: no address, cookie or
// user-agent string is kept). The rules are in README.md, "What counts as an access".
#include <cstdint>
#include <optional>
#include <string_view>

namespace rinsho::metrics {

// person: a browser that matches no bot pattern. program: an HTTP library or other client program.
// bot: crawlers, link previews, monitors, headless browsers, and requests with no user agent.
enum class Audience : std::uint8_t { person, program, bot };
enum class Device : std::uint8_t { phone, tablet, desktop, other };  // other: not a person
enum class AccessKind : std::uint8_t { detail, search, other };
enum class Channel : std::uint8_t { page, api };
enum class Lang : std::uint8_t { ja, en };

inline constexpr std::size_t kAudiences = 3, kDevices = 4, kKinds = 3, kChannels = 2, kLangs = 2;

std::string_view name(Audience a);
std::string_view name(Device d);
std::string_view name(AccessKind k);
std::string_view name(Channel c);
std::string_view name(Lang l);
std::optional<Audience> parse_audience(std::string_view s);

// How a route counts. Only GET and HEAD reads are accesses; health checks, static assets,
// /metrics, robots/sitemaps, type-ahead suggestions and unmatched paths never are.
struct RouteClass {
  bool counted = false;
  AccessKind kind = AccessKind::other;
  Channel channel = Channel::page;
  bool trial_view = false;  // the first path parameter is the trial id
};
RouteClass classify_route(std::string_view method, std::string_view route_template);

// 2xx and 304 (a cached page the reader saw again) count; redirects and errors do not.
inline bool counted_status(int status) { return (status >= 200 && status < 300) || status == 304; }

// ?lang=en or ?lang=ja wins; otherwise the Accept-Language entry with the highest q among ja and en;
// otherwise ja, the site's default.
Lang request_language(std::optional<std::string_view> lang_param, std::optional<std::string_view> accept_language);

}  // namespace rinsho::metrics
