#include "server/pages/stats_page.hpp"

#include <cstdio>
#include <kainjow/mustache.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "server/pages/stats_chart.hpp"
#include "server_files.hpp"

namespace rinsho::server {
namespace {

using nlohmann::json;
using metrics::Lang;
namespace mu = kainjow::mustache;

struct Label {
  const char* ja;
  const char* en;
};

// Every fixed word on the page, in both languages.
const std::map<std::string, Label>& labels() {
  static const std::map<std::string, Label> l = {
      {"title", {"アクセス状況と登録状況", "Access and registry statistics"}},
      {"description", {"rinsho へのアクセス数の年度目標に対する進み具合と、登録されている研究の概況。",
                       "Progress of rinsho's yearly access target and an overview of the registered trials."}},
      {"skip", {"本文へ移動", "Skip to content"}},
      {"nav_label", {"言語", "Language"}},
      {"as_of", {"集計時点:", "As of"}},
      {"not_counting", {"このサーバーは現在アクセスを数えていません", "this server is not counting accesses now"}},
      {"fytd", {"今年度の累計（人）", "This fiscal year so far (people)"}},
      {"target", {"年間目標", "Yearly target"}},
      {"projection", {"年度末の見込み", "Projected for the full year"}},
      {"progress", {"目標に対する達成率", "Share of the target reached"}},
      {"formula", {"見込み = 4月1日から昨日までの累計 + 直近28日間（集計開始が遅い場合はその日から）の1日平均 × 今日から3月31日までの日数。今日の途中の数は見込みに使いません。",
                   "Projection = accesses from 1 April through yesterday + the mean a day over the last 28 complete days (fewer if counting began later) × days from today to 31 March. Today's partial count is not used for the projection."}},
      {"chart_heading", {"直近90日間の1日ごとのアクセス", "Daily accesses over the last 90 days"}},
      {"chart_title", {"人による1日ごとのアクセス数と目標ペース", "Accesses by people per day, with the target rate"}},
      {"legend_people", {"人によるアクセス", "Accesses by people"}},
      {"legend_target", {"目標ペース（1日あたり）", "Target rate a day"}},
      {"chart_table", {"表で見る", "Show as a table"}},
      {"date", {"日付", "Date"}},
      {"people", {"人", "People"}},
      {"programs", {"プログラム", "Programs"}},
      {"bots", {"ボット", "Bots"}},
      {"split_heading", {"アクセスの内訳", "Who reads and how"}},
      {"accesses", {"アクセス数", "Accesses"}},
      {"share", {"割合", "Share"}},
      {"conditions_heading", {"よく検索される病気・症状", "Most searched conditions"}},
      {"conditions_none", {"表示できるほど多く検索された病気・症状はまだありません。", "No condition has been searched often enough to show yet."}},
      {"registry_heading", {"登録されている研究", "Registered trials"}},
      {"by_status", {"募集状況別の研究数", "Trials by recruitment status"}},
      {"status", {"募集状況", "Status"}},
      {"trials", {"研究数", "Trials"}},
      {"feature", {"特徴", "Feature"}},
      {"monthly", {"月ごとの新規登録と更新", "Registrations and updates per month"}},
      {"month", {"月", "Month"}},
      {"registrations", {"新規登録", "Registrations"}},
      {"updates", {"更新", "Updates"}},
      {"about_heading", {"この数字について", "About these numbers"}},
      {"about_access", {"アクセスとは、研究の詳細・検索・その他のページの表示と API からの読み出しのうち、成功したもの（再表示の 304 を含む）です。ヘルスチェック、CSS などの静的ファイル、/metrics、転送、入力中の候補表示は数えません。",
                        "An access is a successful page view or API read of a trial, a search or another page (304 re-validations included). Health checks, static files, /metrics, redirects and type-ahead suggestions are not counted."}},
      {"about_audience", {"ブラウザからのアクセスを「人」、curl などのプログラムを「プログラム」、検索エンジンのクローラー・リンクプレビュー・監視・ヘッドレスブラウザを「ボット」として分けて数えます。目標に対する数は「人」だけです。",
                          "Browsers count as people; HTTP libraries and scripts as programs; crawlers, link previews, monitors and headless browsers as bots. Only people count toward the target."}},
      {"about_privacy", {"数だけを記録します。IP アドレス、Cookie、ユーザーエージェントの文字列は保存しません。",
                         "Only counts are kept: no IP address, cookie or user-agent string is stored."}},
      {"about_day", {"日付は日本時間、年度は4月1日から3月31日までです。", "Days are Japan time; the fiscal year runs from 1 April to 31 March."}},
      {"json_link", {"同じ数字を JSON で取得する（/api/v1/stats）", "The same numbers as JSON (/api/v1/stats)"}},
  };
  return l;
}

const char* pick(const Label& l, Lang lang) { return lang == Lang::ja ? l.ja : l.en; }

std::string value_label(const std::string& group, const std::string& value, Lang lang) {
  static const std::map<std::string, Label> v = {
      {"status:pending", {"募集前", "Not yet recruiting"}},
      {"status:recruiting", {"募集中", "Recruiting"}},
      {"status:enrolling_by_invitation", {"招待による募集", "Enrolling by invitation"}},
      {"status:active_not_recruiting", {"募集終了・実施中", "Active, not recruiting"}},
      {"status:completed", {"終了", "Completed"}},
      {"status:suspended", {"一時中断", "Suspended"}},
      {"status:terminated", {"中止", "Terminated"}},
      {"status:withdrawn", {"取り下げ", "Withdrawn"}},
      {"flag:dct", {"分散型治験（DCT）の要素あり", "Decentralised (DCT) elements"}},
      {"flag:single_irb", {"一括審査（単一の IRB）", "Single IRB"}},
      {"flag:international", {"国際共同試験", "International co-trial"}},
      {"flag:fih", {"ヒト初回投与（FIH）", "First in human"}},
      {"flag:pediatric", {"小児が対象", "Paediatric"}},
      {"flag:orphan", {"希少疾病", "Orphan (rare disease)"}},
      {"audience:person", {"人（ブラウザ）", "People (browsers)"}},
      {"audience:program", {"プログラム（API クライアントなど）", "Client programs"}},
      {"audience:bot", {"ボット・クローラー", "Bots and crawlers"}},
      {"device:phone", {"スマートフォン", "Phone"}},
      {"device:tablet", {"タブレット", "Tablet"}},
      {"device:desktop", {"パソコン", "Desktop"}},
      {"lang:ja", {"日本語", "Japanese"}},
      {"lang:en", {"英語", "English"}},
      {"kind:detail", {"研究の詳細", "Trial details"}},
      {"kind:search", {"検索", "Searches"}},
      {"kind:other", {"その他のページ", "Other pages"}},
      {"channel:page", {"ウェブページ", "Web pages"}},
      {"channel:api", {"API", "API"}},
  };
  auto it = v.find(group + ":" + value);
  return it == v.end() ? value : pick(it->second, lang);
}

std::string percent(double ratio) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", ratio * 100);
  return buf;
}

std::int64_t integer(const json& j) { return j.is_number() ? j.get<std::int64_t>() : 0; }

// nlohmann -> mustache data: objects, lists, strings; numbers as grouped integers; booleans as is.
mu::data to_data(const json& j) {
  if (j.is_object()) {
    mu::data d(mu::data::type::object);
    for (const auto& [k, v] : j.items()) d.set(k, to_data(v));
    return d;
  }
  if (j.is_array()) {
    mu::data d(mu::data::type::list);
    for (const auto& v : j) d.push_back(to_data(v));
    return d;
  }
  if (j.is_boolean()) return mu::data(j.get<bool>());
  if (j.is_number_integer() || j.is_number_unsigned()) return mu::data(group_digits(j.get<std::int64_t>()));
  if (j.is_number()) return mu::data(group_digits(j.get<double>()));
  if (j.is_string()) return mu::data(j.get<std::string>());
  return mu::data(false);
}

json kpi_view(const json& k, Lang lang) {
  const auto fy = std::to_string(k.at("fiscal_year").get<int>());
  const auto from = k.at("fiscal_year_start").get<std::string>(), to = k.at("fiscal_year_end").get<std::string>();
  const auto target = integer(k.at("target")), fytd = integer(k.at("fytd"));
  const auto projection = integer(k.at("projection").at("accesses"));
  const auto window = integer(k.at("projection").at("window").at("days"));
  const auto mean = group_digits(k.at("projection").at("recent_daily_mean").get<double>());
  const auto needed = group_digits(k.at("required_daily_rate").get<double>());
  const bool on_track = k.at("on_track").get<bool>();
  std::string sentence;
  if (window == 0)
    sentence = lang == Lang::ja ? "見込みを出すには、まる1日分以上の集計が必要です。" : "A projection needs at least one complete day of counts.";
  else if (lang == Lang::ja)
    sentence = "直近" + std::to_string(window) + "日間の1日平均は " + mean + " 件です。" +
               (on_track ? "このペースなら年間目標に届く見込みです。" : "目標に届くには、残りの期間に1日平均 " + needed + " 件が必要です。");
  else
    sentence = "The mean over the last " + std::to_string(window) + " days is " + mean + " a day. " +
               (on_track ? "At this rate the yearly target will be reached."
                         : "Reaching the target needs " + needed + " a day for the rest of the year.");
  return {{"heading", lang == Lang::ja ? fy + "年度の目標に対する進み具合" : "Progress toward the FY" + fy + " target"},
          {"period", lang == Lang::ja ? fy + "年度: " + from + " 〜 " + to : "FY" + fy + ": " + from + " to " + to},
          {"fytd", fytd}, {"target", target}, {"projection", projection},
          {"baseline_label", lang == Lang::ja ? std::to_string(integer(k.at("baseline").at("fiscal_year"))) + "年度の実績"
                                              : "FY" + std::to_string(integer(k.at("baseline").at("fiscal_year"))) + " (baseline)"},
          {"baseline", integer(k.at("baseline").at("accesses"))},
          {"target_raw", std::to_string(target)}, {"fytd_capped", std::to_string(std::min(fytd, target))},
          {"progress", percent(k.at("progress").get<double>())}, {"sentence", sentence}};
}

json split_view(const json& b, Lang lang) {
  const auto total = integer(b.at("total"));
  // Rows in a fixed, meaningful order (JSON objects come back sorted by key).
  auto table = [&](const std::string& caption, const std::string& head, const std::string& group, const json& counts,
                   std::initializer_list<const char*> order) {
    std::int64_t sum = 0;
    for (const char* k : order) sum += integer(counts.value(k, json(0)));
    json rows = json::array();
    for (const char* k : order) {
      const auto n = integer(counts.value(k, json(0)));
      rows.push_back({{"label", value_label(group, k, lang)}, {"count", n},
                      {"share", percent(sum > 0 ? double(n) / double(sum) : 0)}});
    }
    return json{{"caption", caption}, {"head", head}, {"rows", rows}};
  };
  const bool ja = lang == Lang::ja;
  const auto& p = b.at("person");
  json tables = json::array(
      {table(ja ? "利用者の種類" : "Audience", ja ? "種類" : "Audience", "audience", b.at("audience"), {"person", "program", "bot"}),
       table(ja ? "人によるアクセスの端末" : "Devices people used", ja ? "端末" : "Device", "device", p.at("device"),
             {"phone", "tablet", "desktop"}),
       table(ja ? "人によるアクセスの言語" : "Languages people read in", ja ? "言語" : "Language", "lang", p.at("lang"), {"ja", "en"}),
       table(ja ? "人によるアクセスの内容" : "What people opened", ja ? "内容" : "Kind", "kind", p.at("kind"),
             {"detail", "search", "other"}),
       table(ja ? "人によるアクセスの経路" : "How people reached it", ja ? "経路" : "Channel", "channel", p.at("channel"),
             {"page", "api"})});
  const auto bot = percent(b.at("bot_share").get<double>()), program = percent(b.at("program_share").get<double>());
  const auto from = b.at("from").get<std::string>(), to = b.at("to").get<std::string>();
  return {{"period", ja ? "集計期間: " + from + " 〜 " + to : "Period: " + from + " to " + to},
          {"bot_sentence", ja ? "全 " + group_digits(total) + " 件のうち、ボットは " + bot + "、プログラムは " + program + " でした。"
                              : "Of " + group_digits(total) + " accesses, " + bot + " came from bots and " + program + " from client programs."},
          {"tables", tables}};
}

json conditions_view(const json& c, Lang lang) {
  json items = json::array();
  for (const auto& i : c.at("items"))
    items.push_back({{"label", i.at("label").at(lang == Lang::ja ? "ja" : "en")}, {"searches", integer(i.at("searches"))}});
  const auto k = std::to_string(integer(c.at("min_searches")));
  const auto from = c.at("from").get<std::string>(), to = c.at("to").get<std::string>();
  return {{"any", !items.empty()}, {"items", items},
          {"note", lang == Lang::ja ? from + " 〜 " + to + "。人による検索のうち、" + k + " 回以上検索された病気・症状だけを表示します。"
                                    : from + " to " + to + ". Searches by people; a condition shows only when at least " + k + " searches asked for it."}};
}

json registry_view(const json& r, Lang lang) {
  json statuses = json::array(), flags = json::array(), monthly = json::array();
  for (const char* k : {"recruiting", "enrolling_by_invitation", "pending", "active_not_recruiting", "completed",
                        "suspended", "terminated", "withdrawn"})
    statuses.push_back({{"label", value_label("status", k, lang)}, {"count", integer(r.at("by_status").value(k, json(0)))}});
  for (const char* f : {"dct", "single_irb", "international", "fih", "pediatric", "orphan"})
    flags.push_back({{"label", value_label("flag", f, lang)}, {"count", integer(r.at("recruiting_flags").at(f))}});
  for (const auto& m : r.at("monthly")) monthly.push_back(m);
  const auto recruiting = group_digits(integer(r.at("recruiting")));
  return {{"statuses", statuses}, {"flags", flags}, {"monthly", monthly},
          {"flags_caption", lang == Lang::ja ? "募集中の研究 " + recruiting + " 件の特徴" : "Features of the " + recruiting + " recruiting trials"}};
}

// "2026-04-01T09:30:00+09:00" -> "2026-04-01 09:30 JST"
std::string display_time(const std::string& rfc3339) {
  return rfc3339.size() >= 16 ? rfc3339.substr(0, 10) + " " + rfc3339.substr(11, 5) + " JST" : rfc3339;
}

const mu::mustache& page_template() {
  static const mu::mustache tmpl{std::string(server_files::embedded_file("pages/assets/stats.mustache").value())};
  if (!tmpl.is_valid()) throw std::runtime_error("pages/assets/stats.mustache: " + tmpl.error_message());
  return tmpl;
}

}  // namespace

std::string render_stats_page(const json& stats, Lang lang) {
  json t = json::object();
  for (const auto& [key, l] : labels()) t[key] = pick(l, lang);
  const bool ja = lang == Lang::ja;
  json daily = json::array();
  for (const auto& d : stats.at("daily").at("days")) daily.push_back(d);
  json view = {{"lang", ja ? "ja" : "en"}, {"other_lang", ja ? "en" : "ja"},
               {"other_lang_name", ja ? "English" : "日本語"}, {"other_href", ja ? "/stats?lang=en" : "/stats?lang=ja"},
               {"generated_at", stats.at("generated_at")}, {"counting", stats.at("counting")}, {"t", t},
               {"generated_display", display_time(stats.at("generated_at").get<std::string>())},
               {"kpi", kpi_view(stats.at("kpi"), lang)}, {"chart", daily_chart_view(stats.at("daily"), lang)},
               {"daily", daily}, {"split", split_view(stats.at("breakdown"), lang)},
               {"conditions", conditions_view(stats.at("top_conditions"), lang)},
               {"registry", registry_view(stats.at("registry"), lang)}};
  auto copy = page_template();  // render() is not const; the parsed template is copied, not re-parsed
  return copy.render(to_data(view));
}

HttpResponse stats_stylesheet() {
  HttpResponse r;
  r.content_type = "text/css; charset=utf-8";
  r.body = std::string(server_files::embedded_file("pages/assets/stats.css").value());
  r.set_header("Cache-Control", "public, max-age=3600");
  return r;
}

}  // namespace rinsho::server
