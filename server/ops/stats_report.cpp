#include "server/ops/stats_report.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "server/runtime/app_context.hpp"
#include "text/dictionary.hpp"

namespace rinsho::server {
namespace {

using nlohmann::json;
using metrics::Day;
using std::chrono::days;

int day_number(Day d) { return static_cast<int>(d.time_since_epoch().count()); }

double ratio(std::int64_t part, std::int64_t whole) { return whole > 0 ? double(part) / double(whole) : 0.0; }

std::string japan_timestamp(std::chrono::system_clock::time_point t) {
  const auto local = t + metrics::kJapanOffset;
  const auto day = std::chrono::floor<days>(local);
  const std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::seconds>(local - day)};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d+09:00", metrics::iso_date(day).c_str(), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buf;
}

bool ascii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// The dictionary lists spellings, not labels: the first Japanese and the first Latin one serve.
json concept_label(const text::Concept& c) {
  json label = {{"ja", c.id}, {"en", c.id}};
  bool ja = false, en = false;
  for (const auto& v : c.variants) {
    if (!ja && !ascii(v)) {
      label["ja"] = v;
      ja = true;
    } else if (!en && ascii(v) && v.size() > 2) {
      label["en"] = v;
      en = true;
    }
  }
  if (!ja && en) label["ja"] = label["en"];
  if (!en && ja) label["en"] = label["ja"];
  return label;
}

json kpi_json(const metrics::Kpi& k, const metrics::KpiTargets& t) {
  return {{"fiscal_year", k.fiscal_year},
          {"fiscal_year_start", metrics::iso_date(k.fy_start)},
          {"fiscal_year_end", metrics::iso_date(k.fy_end)},
          {"days_in_year", k.days_in_year},
          {"days_complete", k.days_complete},
          {"days_remaining", k.days_remaining},
          {"audience", "person"},
          {"target", t.target},
          {"baseline", {{"fiscal_year", t.baseline_year}, {"accesses", t.baseline}}},
          {"fytd", k.fytd},
          {"fytd_complete_days", k.fytd_complete},
          {"today", k.today_count},
          {"progress", k.progress},
          {"target_daily_rate", k.target_daily_rate},
          {"required_daily_rate", k.required_daily_rate},
          {"projection",
           {{"accesses", k.projection},
            {"recent_daily_mean", k.recent_daily_mean},
            {"window", {{"from", metrics::iso_date(k.window_from)}, {"to", metrics::iso_date(k.window_to)},
                        {"days", k.window_days}, {"accesses", k.window_sum}}},
            {"formula", "A + r * R: A = person accesses from 1 April through yesterday; r = mean person accesses a "
                        "day over the last 28 complete days (fewer when counting began later); R = days from today "
                        "to 31 March inclusive"}}},
          {"on_track", k.on_track}};
}

Result<void> access_sections(AppContext& app, Day today, const StatsOptions& o, json& out) {
  const Day fy_start = metrics::fiscal_year_start(metrics::fiscal_year(today));
  const Day chart_from = today - days{o.chart_days - 1};
  const Day from = std::min({fy_start, chart_from, today - days{o.targets.window_days}});
  auto rows = app.store.daily_access(metrics::iso_date(from), metrics::iso_date(today));
  if (!rows) return tl::unexpected(rows.error());
  auto first = app.store.first_access_day();
  if (!first) return tl::unexpected(first.error());

  std::map<int, std::uint64_t> person;
  std::map<int, std::array<std::int64_t, metrics::kAudiences>> by_day;
  for (const auto& r : *rows) {
    auto d = metrics::parse_iso_date(r.day);
    auto a = metrics::parse_audience(r.audience);
    if (!d || !a) continue;
    by_day[day_number(*d)][static_cast<std::size_t>(*a)] += r.count;
    if (*a == metrics::Audience::person) person[day_number(*d)] += static_cast<std::uint64_t>(r.count);
  }
  std::optional<Day> first_day = *first ? metrics::parse_iso_date(**first) : std::nullopt;
  const auto kpi = metrics::compute_kpi(person, today, first_day, o.targets);
  out["kpi"] = kpi_json(kpi, o.targets);

  json series = json::array();
  for (Day d = chart_from; d <= today; d += days{1}) {
    const auto it = by_day.find(day_number(d));
    const auto counts = it == by_day.end() ? std::array<std::int64_t, metrics::kAudiences>{} : it->second;
    series.push_back({{"date", metrics::iso_date(d)}, {"person", counts[0]}, {"program", counts[1]}, {"bot", counts[2]}});
  }
  out["daily"] = {{"from", metrics::iso_date(chart_from)}, {"to", metrics::iso_date(today)},
                  {"target_daily_rate", kpi.target_daily_rate}, {"days", series}};
  return {};
}

Result<void> breakdown_section(AppContext& app, Day today, json& out) {
  const auto from = metrics::iso_date(metrics::fiscal_year_start(metrics::fiscal_year(today)));
  const auto to = metrics::iso_date(today);
  auto cells = app.store.access_breakdown(from, to);
  if (!cells) return tl::unexpected(cells.error());
  auto token_reads = app.store.org_access_total(from, to);
  if (!token_reads) return tl::unexpected(token_reads.error());
  json audience = {{"person", 0}, {"program", 0}, {"bot", 0}};
  json person = {{"kind", {{"detail", 0}, {"search", 0}, {"other", 0}}},
                 {"channel", {{"page", 0}, {"api", 0}}},
                 {"device", {{"phone", 0}, {"tablet", 0}, {"desktop", 0}}},
                 {"lang", {{"ja", 0}, {"en", 0}}}};
  std::int64_t total = 0;
  for (const auto& c : *cells) {
    if (!audience.contains(c.audience)) continue;
    audience[c.audience] = audience[c.audience].get<std::int64_t>() + c.count;
    total += c.count;
    if (c.audience != "person") continue;
    for (auto [dim, value] : {std::pair{"kind", &c.kind}, {"channel", &c.channel}, {"device", &c.device}, {"lang", &c.lang}}) {
      auto& slot = person[dim][*value];
      slot = (slot.is_null() ? 0 : slot.get<std::int64_t>()) + c.count;
    }
  }
  out["breakdown"] = {{"from", from}, {"to", to}, {"total", total}, {"audience", audience},
                      {"bot_share", ratio(audience["bot"].get<std::int64_t>(), total)},
                      {"program_share", ratio(audience["program"].get<std::int64_t>(), total)},
                      {"person", person}, {"token_reads", *token_reads}};
  return {};
}

Result<void> concepts_section(AppContext& app, Day today, const StatsOptions& o, json& out) {
  const auto from = metrics::iso_date(today - days{o.concept_days - 1});
  const auto to = metrics::iso_date(today);
  auto top = app.store.top_search_concepts(from, to, o.min_concept_searches, o.top_concepts);
  if (!top) return tl::unexpected(top.error());
  json items = json::array();
  for (const auto& t : *top) {
    const auto* c = app.dictionary->find_id(t.concept_id);
    items.push_back({{"concept", t.concept_id}, {"label", c ? concept_label(*c) : json{{"ja", t.concept_id}, {"en", t.concept_id}}},
                     {"searches", t.count}});
  }
  out["top_conditions"] = {{"from", from}, {"to", to}, {"min_searches", o.min_concept_searches}, {"items", items}};
  return {};
}

Result<void> registry_section(AppContext& app, const StatsOptions& o, json& out) {
  auto statuses = app.store.count_trials_by_status();
  if (!statuses) return tl::unexpected(statuses.error());
  auto monthly = app.store.monthly_activity(o.months);
  if (!monthly) return tl::unexpected(monthly.error());
  json by_status = json::object();
  std::int64_t trials = 0;
  for (const auto& [status, n] : *statuses) {
    by_status[status] = n;
    trials += n;
  }
  json months = json::array();
  for (const auto& m : *monthly) months.push_back({{"month", m.month}, {"registrations", m.registrations}, {"updates", m.updates}});

  // Recruiting trials with each design flag: one search for status=recruiting, read off its flags facet.
  search::SearchRequest request;
  request.status = {"recruiting"};
  request.page_size = 1;
  request.snippets = false;
  auto searcher = app.searchers.acquire();
  if (!searcher) return tl::unexpected(searcher.error());
  auto result = (*searcher)->search(request);
  if (!result) return tl::unexpected(result.error());
  json flags = {{"dct", 0}, {"single_irb", 0}, {"international", 0}, {"fih", 0}, {"pediatric", 0}, {"orphan", 0}};
  if (auto it = result->facets.find("flags"); it != result->facets.end())
    for (const auto& v : it->second)
      if (flags.contains(v.value)) flags[v.value] = v.count;
  out["registry"] = {{"trials", trials}, {"by_status", by_status}, {"recruiting", result->total_estimated},
                     {"recruiting_flags", flags}, {"monthly", months}};
  return {};
}

}  // namespace

Result<json> build_stats(AppContext& app, const StatsOptions& o) {
  const auto now = app.access.now();
  const Day today = metrics::japan_day(now);
  json out = {{"generated_at", japan_timestamp(now)}, {"today", metrics::iso_date(today)}, {"time_zone", "UTC+09:00"},
              {"counting", app.access.enabled()}};
  if (auto ok = access_sections(app, today, o, out); !ok) return tl::unexpected(ok.error());
  if (auto ok = breakdown_section(app, today, out); !ok) return tl::unexpected(ok.error());
  if (auto ok = concepts_section(app, today, o, out); !ok) return tl::unexpected(ok.error());
  if (auto ok = registry_section(app, o, out); !ok) return tl::unexpected(ok.error());
  return out;
}

Result<std::shared_ptr<const json>> StatsCache::get(const std::string& key, const std::function<Result<json>()>& build) {
  std::lock_guard lock(mutex_);
  if (value_ && key == key_) return value_;
  auto built = build();
  if (!built) return tl::unexpected(built.error());
  value_ = std::make_shared<const json>(std::move(*built));
  key_ = key;
  return value_;
}

Result<std::shared_ptr<const json>> cached_stats(AppContext& app) {
  auto seq = app.store.last_seq();
  if (!seq) return tl::unexpected(seq.error());
  const auto key = metrics::iso_date(app.access.today()) + "/" + std::to_string(app.access.flushes()) + "/" +
                   std::to_string(*seq);
  return app.stats_cache.get(key, [&app] { return build_stats(app); });
}

Result<json> build_org_trial_stats(AppContext& app, const std::string& org_id, Day from, Day to) {
  const auto f = metrics::iso_date(from), t = metrics::iso_date(to);
  auto views = app.store.trial_views_for_org(org_id, f, t);
  if (!views) return tl::unexpected(views.error());
  auto reads = app.store.org_access(org_id, f, t);
  if (!reads) return tl::unexpected(reads.error());
  json trials = json::array();
  for (const auto& v : *views)
    trials.push_back({{"id", v.trial_id}, {"url", app.config.base_url + "/api/v1/trials/" + v.trial_id},
                      {"views", {{"person", v.person}, {"program", v.program}, {"bot", v.bot},
                                 {"total", v.person + v.program + v.bot}}}});
  json token_reads = {{"detail", 0}, {"search", 0}, {"other", 0}, {"total", 0}};
  std::int64_t total = 0;
  for (const auto& r : *reads) {
    token_reads[r.kind] = r.count;
    total += r.count;
  }
  token_reads["total"] = total;
  return json{{"org_id", org_id}, {"from", f}, {"to", t}, {"trials", trials}, {"token_reads", token_reads}};
}

}  // namespace rinsho::server
