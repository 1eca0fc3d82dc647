#pragma once
// Server-side HTML for the patient-facing site. Templates, messages and labels are embedded in the
// binary; a Renderer is built once at start-up and is safe to share between threads (const).
#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/error.hpp"
#include "frontend/views.hpp"

namespace rinsho::frontend {

class Messages;
struct MapOutlines;

class Renderer {
 public:
  // Fails when an embedded template or message file does not parse (a build defect).
  static Result<Renderer> create();

  std::string top(const TopView& view, const PageContext& ctx) const;
  std::string results(const ResultsView& view, const PageContext& ctx) const;
  std::string trial(const TrialView& view, const PageContext& ctx) const;
  std::string glossary(const PageContext& ctx) const;
  std::string about(const PageContext& ctx) const;
  std::string not_found(const PageContext& ctx) const;
  std::string error(const ErrorView& view, const PageContext& ctx) const;

  const Messages& messages() const;
  const MapOutlines& map_outlines() const;

  // The site's layout around a body another front end rendered (the researcher portal). `view`
  // carries "title" and may carry "noindex"; the layout's own keys are added here.
  std::string wrap(std::string body_html, nlohmann::json view, const PageContext& ctx) const;

 private:
  struct State;
  explicit Renderer(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  // Renders `body_template` with `view`, then the layout around it. `view` carries "title",
  // "description" and optionally "json_ld", "noindex", "header_search".
  std::string page(const char* body_template, nlohmann::json view, const PageContext& ctx) const;
  // Adds the layout's keys to `view` and makes its title "<title> | <site>".
  void prepare(nlohmann::json& view, const PageContext& ctx) const;
  std::shared_ptr<const State> state_;
};

}  // namespace rinsho::frontend
