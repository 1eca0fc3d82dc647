#include "frontend/sitemap.hpp"

#include "common/escape.hpp"

namespace rinsho::frontend {

std::string sitemap_begin() {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
}

std::string sitemap_url(std::string_view loc, std::string_view lastmod) {
  std::string out = "<url><loc>" + html_escape(loc) + "</loc>";
  if (lastmod.size() >= 10) out += "<lastmod>" + html_escape(lastmod.substr(0, 10)) + "</lastmod>";
  return out + "</url>\n";
}

std::string sitemap_end() { return "</urlset>\n"; }

std::string sitemap_index(const std::vector<std::string>& urls) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const auto& u : urls) out += "<sitemap><loc>" + html_escape(u) + "</loc></sitemap>\n";
  return out + "</sitemapindex>\n";
}

std::vector<std::string> static_page_paths() {
  return {"/", "/?lang=en", "/glossary", "/glossary?lang=en", "/about", "/about?lang=en"};
}

std::vector<std::string> trial_page_paths(std::string_view id) {
  const std::string path = "/trials/" + std::string(id);
  return {path, path + "?lang=en"};
}

std::string robots_txt(std::string_view base_url) {
  // The API is for programs and has its own export; pages are all crawlable.
  return "User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: " + std::string(base_url) + "/sitemap.xml\n";
}

}  // namespace rinsho::frontend
