#pragma once
// The files under frontend/static/, served from the binary at /static/<name>.
#include <optional>
#include <string>
#include <string_view>

namespace rinsho::frontend {

struct StaticAsset {
  std::string_view body;
  std::string content_type;
  std::string etag;  // quoted strong validator derived from the content
};

// Only exact embedded names match ("site.css"): "../", "%2e%2e" or "templates/x" find nothing.
std::optional<StaticAsset> static_asset(std::string_view name);

// "/static/site.css?v=<hash>": the query changes with the content, so pages can let browsers
// cache assets for a day without serving stale CSS after a deploy.
std::string asset_url(std::string_view name);

}  // namespace rinsho::frontend
