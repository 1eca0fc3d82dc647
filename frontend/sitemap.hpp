#pragma once
// sitemap.xml (https://www.sitemaps.org/protocol.html) and robots.txt. The sitemap is written in
// pieces so the server can stream one entry per trial without holding them all in memory.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rinsho::frontend {

// A sitemap file may list at most this many URLs; past it, /sitemap.xml becomes an index.
inline constexpr std::size_t kSitemapMaxUrls = 50000;

std::string sitemap_begin();
// One <url>; `lastmod` (YYYY-MM-DD) is left out when empty.
std::string sitemap_url(std::string_view loc, std::string_view lastmod = {});
std::string sitemap_end();
// <sitemapindex> listing the given sitemap URLs.
std::string sitemap_index(const std::vector<std::string>& sitemap_urls);

// Pages besides trials, as paths: the top page, glossary and about, in both languages.
std::vector<std::string> static_page_paths();
// A trial page in both languages.
std::vector<std::string> trial_page_paths(std::string_view id);

std::string robots_txt(std::string_view base_url);

}  // namespace rinsho::frontend
