#pragma once
// kainjow mustache behind two functions, so no other file depends on its types. View models are
// nlohmann::json: easy to build, easy to inspect in tests.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/error.hpp"

namespace rinsho::frontend {

// Renders templates/<name>.mustache with `view`. Templates named _*.mustache are available to
// every template as partials ({{> _search_box}}). Values that are null, false, "" or [] are falsy
// and, unlike absent keys, do not fall through to an outer context.
std::string render_template(std::string_view name, const nlohmann::json& view);

// Renders a template's text that another front end embeds (the portal), with the same data rules
// and the site's partials plus `partials` (name -> template text). `name` is for error messages.
std::string render_template_text(std::string_view name, std::string_view text, const nlohmann::json& view,
                                 const std::map<std::string, std::string_view>& partials = {});

// Every embedded template parses (checked once at start-up).
Result<void> check_templates();

// Names of the embedded templates, without directory and extension.
std::vector<std::string> template_names();

}  // namespace rinsho::frontend
