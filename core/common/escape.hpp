#pragma once
// Escaping for text we write into markup ourselves (snippets, the sitemap); templates escape their
// own variables.
#include <string>
#include <string_view>

namespace rinsho {

// & < > " ' as entities (&#39; for the apostrophe, which both HTML and XML accept), so the result is
// safe in element text and in quoted attribute values of either.
std::string html_escape(std::string_view s);

}  // namespace rinsho
