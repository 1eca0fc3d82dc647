#pragma once
// The /stats page: a self-contained renderer (kainjow mustache, template and stylesheet compiled in
// from server/pages/assets/) over the JSON of build_stats(). When the site's frontend/ lands, the template
// can move to frontend/templates/stats.mustache and use the shared layout.
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "metrics/access.hpp"
#include "server/http/http_types.hpp"

namespace rinsho::server {

std::string render_stats_page(const nlohmann::json& stats, metrics::Lang lang);
HttpResponse stats_stylesheet();

}  // namespace rinsho::server
