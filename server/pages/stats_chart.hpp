#pragma once
// The /stats chart, drawn on the server: daily person accesses as bars with the target rate as a
// line. No chart library and no script: plain SVG geometry for the template, plus the text that
// describes the same numbers for people who cannot see it.
#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "metrics/access.hpp"

namespace rinsho::server {

// "1,200,000"
std::string group_digits(std::int64_t n);
// 3287.67 -> "3,288"
std::string group_digits(double v);

// `daily` is the "daily" object of build_stats(). Returns {width, height, bars[{x,y,w,h,date,count}],
// ticks[{y,label}], target{y,label}, x_labels[{x,label}], plot{left,right,top,bottom}, desc}.
nlohmann::json daily_chart_view(const nlohmann::json& daily, metrics::Lang lang);

}  // namespace rinsho::server
