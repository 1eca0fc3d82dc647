#include "server/http/http_cache.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>

#include <zlib.h>

namespace rinsho::server {
namespace {

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::optional<long long> utc_seconds(int year, int month, int day, int hour, int minute, int second) {
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<long long>(timegm(&tm));
}

}  // namespace

bool etag_matches(std::string_view header, std::string_view etag) {
  if (etag.rfind("W/", 0) == 0) etag.remove_prefix(2);
  while (true) {
    const auto comma = header.find(',');
    auto tag = trim(header.substr(0, comma));
    if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);
    if (tag == "*" || (!tag.empty() && tag == etag)) return true;
    if (comma == std::string_view::npos) return false;
    header.remove_prefix(comma + 1);
  }
}

std::string body_etag(std::string_view body) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a: a change detector, not a secret
  for (unsigned char c : body) h = (h ^ c) * 1099511628211ull;
  char buf[40];
  std::snprintf(buf, sizeof buf, "W/\"%016llx-%zx\"", static_cast<unsigned long long>(h), body.size());
  return buf;
}

std::optional<long long> parse_rfc3339(std::string_view s) {
  if (s.size() < 20) return std::nullopt;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  const std::string head(s.substr(0, 19));
  char t = 0;
  if (std::sscanf(head.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &y, &mo, &d, &t, &h, &mi, &sec) != 7 || (t != 'T' && t != 't'))
    return std::nullopt;
  if (s.back() != 'Z' && s.back() != 'z') return std::nullopt;
  return utc_seconds(y, mo, d, h, mi, sec);
}

std::string http_date(long long seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon],
                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::optional<long long> parse_http_date(std::string_view s) {
  // IMF-fixdate only: the obsolete RFC 850 and asctime forms may be ignored (RFC 9110, 5.6.7).
  if (s.size() != 29 || s.substr(25) != " GMT") return std::nullopt;
  int d = 0, y = 0, h = 0, mi = 0, sec = 0;
  char mon[4] = {};
  const std::string text(s.substr(5));
  if (std::sscanf(text.c_str(), "%2d %3s %4d %2d:%2d:%2d", &d, mon, &y, &h, &mi, &sec) != 6) return std::nullopt;
  for (int m = 0; m < 12; ++m)
    if (std::string_view(mon) == kMonths[m]) return utc_seconds(y, m + 1, d, h, mi, sec);
  return std::nullopt;
}

bool accepts_gzip(std::string_view header) {
  while (!header.empty()) {
    const auto comma = header.find(',');
    auto entry = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    const auto semi = entry.find(';');
    const auto coding = trim(entry.substr(0, semi));
    if (!iequals(coding, "gzip") && coding != "*") continue;
    if (semi == std::string_view::npos) return true;
    auto param = trim(entry.substr(semi + 1));
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      param.remove_prefix(2);
      // q=0, q=0.0, q=0.00, q=0.000 refuse; anything else accepts.
      if (param.find_first_not_of("0.") == std::string_view::npos) return false;
    }
    return true;
  }
  return false;
}

std::string gzip(std::string_view data) {
  z_stream zs{};
  // windowBits 15 + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

void finish_cacheable(const HttpRequest& req, HttpResponse& r, std::string_view last_modified) {
  const std::string etag = body_etag(r.body);
  r.set_header("ETag", etag);
  r.set_header("Vary", "Accept-Encoding");
  const auto modified = parse_rfc3339(last_modified);
  if (modified) r.set_header("Last-Modified", http_date(*modified));
  bool not_modified = false;
  if (auto inm = req.header("If-None-Match")) {
    not_modified = etag_matches(*inm, etag);
  } else if (auto ims = req.header("If-Modified-Since"); ims && modified) {
    const auto since = parse_http_date(*ims);
    not_modified = since && *modified <= *since;
  }
  if (not_modified) {
    r.status = 304;
    r.body.clear();
    return;
  }
  if (auto ae = req.header("Accept-Encoding"); ae && accepts_gzip(*ae)) {
    auto zipped = gzip(r.body);
    if (!zipped.empty()) {
      r.body = std::move(zipped);
      r.set_header("Content-Encoding", "gzip");
    }
  }
}

}  // namespace rinsho::server
