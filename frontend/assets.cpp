#include "frontend/assets.hpp"

#include <cstdint>
#include <cstdio>

#include "frontend/frontend_files.hpp"

namespace rinsho::frontend {
namespace {

std::string content_type_for(std::string_view name) {
  auto ends_with = [&](std::string_view ext) {
    return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext;
  };
  if (ends_with(".css")) return "text/css; charset=utf-8";
  if (ends_with(".js")) return "text/javascript; charset=utf-8";
  if (ends_with(".svg")) return "image/svg+xml";
  if (ends_with(".json")) return "application/json";
  if (ends_with(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::string content_hash(std::string_view body) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a: stable across builds and platforms
  for (unsigned char c : body) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

std::optional<StaticAsset> static_asset(std::string_view name) {
  if (name.empty()) return std::nullopt;
  auto body = frontend_files::embedded_file("static/" + std::string(name));
  if (!body) return std::nullopt;
  return StaticAsset{*body, content_type_for(name), "\"" + content_hash(*body) + "\""};
}

std::string asset_url(std::string_view name) {
  auto body = frontend_files::embedded_file("static/" + std::string(name));
  std::string url = "/static/" + std::string(name);
  if (body) url += "?v=" + content_hash(*body).substr(0, 10);
  return url;
}

}  // namespace rinsho::frontend
