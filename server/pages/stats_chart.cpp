#include "server/pages/stats_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace rinsho::server {
namespace {

using nlohmann::json;

// Narrow enough that 14-unit labels stay readable when a phone scales the chart down.
constexpr double kWidth = 480, kHeight = 240;
constexpr double kLeft = 56, kRight = 10, kTop = 12, kBottom = 28;

std::string fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// The smallest 1, 2, 2.5 or 5 × 10^k at or above v, so gridlines fall on round numbers.
double nice_ceiling(double v) {
  if (v <= 0) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * p >= v) return m * p;
  return 10 * p;
}

std::string month_day(const std::string& iso) { return iso.size() == 10 ? iso.substr(5) : iso; }

}  // namespace

std::string group_digits(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string group_digits(double v) { return group_digits(static_cast<std::int64_t>(std::llround(v))); }

json daily_chart_view(const json& daily, metrics::Lang lang) {
  const auto& days = daily.at("days");
  const double target = daily.at("target_daily_rate").get<double>();
  const std::size_t n = std::max<std::size_t>(1, days.size());
  std::int64_t max_count = 0, sum = 0;
  std::string max_date;
  for (const auto& d : days) {
    const auto c = d.at("person").get<std::int64_t>();
    sum += c;
    if (c > max_count || max_date.empty()) {
      max_count = c;
      max_date = d.at("date").get<std::string>();
    }
  }
  const double top = nice_ceiling(std::max<double>(double(max_count), target) * 1.1);
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto y_of = [&](double v) { return kTop + plot_h * (1.0 - v / top); };
  const double slot = plot_w / double(n);

  json bars = json::array();
  for (std::size_t i = 0; i < days.size(); ++i) {
    const auto c = days[i].at("person").get<std::int64_t>();
    const double y = y_of(double(c));
    bars.push_back({{"x", fixed1(kLeft + slot * double(i) + slot * 0.1)}, {"y", fixed1(y)},
                    {"w", fixed1(slot * 0.8)}, {"h", fixed1(kTop + plot_h - y)},
                    {"date", days[i].at("date")}, {"count", group_digits(c)}});
  }
  json ticks = json::array();
  for (int i = 0; i <= 4; ++i) {
    const double v = top * i / 4;
    ticks.push_back({{"y", fixed1(y_of(v))}, {"label", group_digits(v)}});
  }
  json x_labels = json::array();
  if (!days.empty()) {
    // First, middle and last day; the outer ones align to the plot's edges so they are never clipped.
    x_labels.push_back({{"x", fixed1(kLeft)}, {"anchor", "start"}, {"label", month_day(days.front().at("date"))}});
    x_labels.push_back({{"x", fixed1(kLeft + slot * (double(days.size() / 2) + 0.5))}, {"anchor", "middle"},
                        {"label", month_day(days[days.size() / 2].at("date"))}});
    x_labels.push_back({{"x", fixed1(kWidth - kRight)}, {"anchor", "end"}, {"label", month_day(days.back().at("date"))}});
  }

  const std::string from = daily.at("from"), to = daily.at("to");
  const auto mean = group_digits(double(sum) / double(n)), rate = group_digits(target);
  const std::string desc =
      lang == metrics::Lang::ja
          ? from + "〜" + to + " の" + std::to_string(days.size()) + "日間、人によるアクセスは1日平均 " + mean +
                " 件、最多は " + max_date + " の " + group_digits(max_count) + " 件でした。横線は目標ペース（1日 " + rate +
                " 件）です。"
          : "From " + from + " to " + to + " (" + std::to_string(days.size()) + " days), people made " + mean +
                " accesses a day on average, most on " + max_date + " (" + group_digits(max_count) +
                "). The horizontal line is the target rate of " + rate + " a day.";
  return {{"width", int(kWidth)},
          {"height", int(kHeight)},
          {"plot", {{"left", fixed1(kLeft)}, {"right", fixed1(kWidth - kRight)}, {"top", fixed1(kTop)},
                    {"bottom", fixed1(kTop + plot_h)}, {"label_x", fixed1(kLeft - 6)}, {"axis_y", fixed1(kHeight - 8)}}},
          {"bars", bars},
          {"ticks", ticks},
          {"x_labels", x_labels},
          {"target", {{"y", fixed1(y_of(target))}, {"label", rate}}},
          {"desc", desc}};
}

}  // namespace rinsho::server
