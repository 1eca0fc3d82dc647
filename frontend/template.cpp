#include "frontend/template.hpp"

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "frontend/frontend_files.hpp"

namespace rinsho::frontend {
namespace {

namespace mst = kainjow::mustache;

constexpr std::string_view kPrefix = "templates/";
constexpr std::string_view kSuffix = ".mustache";

mst::data to_data(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mst::data d{mst::data::type::object};
      for (const auto& [key, value] : j.items()) d.set(key, to_data(value));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mst::data d{mst::data::type::list};
      for (const auto& value : j) d.push_back(to_data(value));
      return d;
    }
    case nlohmann::json::value_t::string: {
      const auto& s = j.get_ref<const std::string&>();
      if (s.empty()) return mst::data{mst::data::type::bool_false};
      return mst::data{s};
    }
    case nlohmann::json::value_t::boolean:
      return mst::data{j.get<bool>() ? mst::data::type::bool_true : mst::data::type::bool_false};
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return mst::data{j.dump()};
    default:
      return mst::data{mst::data::type::bool_false};
  }
}

std::string_view template_text(std::string_view name) {
  std::string path(kPrefix);
  path += name;
  path += kSuffix;
  auto text = frontend_files::embedded_file(path);
  if (!text) throw std::logic_error("no embedded template " + path);
  return *text;
}

}  // namespace

std::vector<std::string> template_names() {
  std::vector<std::string> names;
  for (const auto& [path, text] : frontend_files::embedded_files()) {
    if (path.substr(0, kPrefix.size()) != kPrefix || path.size() <= kPrefix.size() + kSuffix.size()) continue;
    if (path.substr(path.size() - kSuffix.size()) != kSuffix) continue;
    names.emplace_back(path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size()));
  }
  return names;
}

std::string render_template(std::string_view name, const nlohmann::json& view) {
  return render_template_text(name, template_text(name), view);
}

std::string render_template_text(std::string_view name, std::string_view text, const nlohmann::json& view,
                                 const std::map<std::string, std::string_view>& partials) {
  // kainjow's render() mutates the template object, so each call parses its own copy: templates
  // are a few KB and parse in microseconds, which keeps a shared Renderer free of locks.
  mst::mustache tmpl{std::string(text)};
  if (!tmpl.is_valid()) throw std::logic_error("template " + std::string(name) + ": " + tmpl.error_message());
  mst::data data = to_data(view);
  for (const auto& partial : template_names()) {
    if (partial.empty() || partial[0] != '_') continue;
    const std::string_view body = template_text(partial);
    data.set(partial, mst::partial([body] { return std::string(body); }));
  }
  for (const auto& [partial, partial_text] : partials)
    data.set(partial, mst::partial([text = partial_text] { return std::string(text); }));
  std::string out = tmpl.render(data);
  if (!tmpl.is_valid()) throw std::logic_error("template " + std::string(name) + ": " + tmpl.error_message());
  return out;
}

Result<void> check_templates() {
  for (const auto& name : template_names()) {
    mst::mustache tmpl{std::string(template_text(name))};
    if (!tmpl.is_valid()) return fail(ErrorCode::internal, "template " + name + ": " + tmpl.error_message());
  }
  return {};
}

}  // namespace rinsho::frontend
