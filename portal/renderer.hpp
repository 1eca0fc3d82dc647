#pragma once
// Server-side HTML for the researcher portal, inside the public site's layout (frontend) so both
// front ends look and behave as one site. Templates and messages are embedded in the binary.
// Safe to share between threads (const).
#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/error.hpp"
#include "frontend/renderer.hpp"
#include "portal/views.hpp"

namespace rinsho::portal {

class Renderer {
 public:
  // Fails when an embedded template or the message file does not parse (a build defect).
  static Result<Renderer> create(const frontend::Renderer& site);

  std::string sign_in(const SignInView& view, const frontend::PageContext& ctx) const;
  std::string set_password(const SetPasswordView& view, const frontend::PageContext& ctx) const;
  std::string dashboard(const DashboardView& view, const frontend::PageContext& ctx) const;
  // A portal message in `lang`; an unknown key comes back as itself, so a typo shows.
  std::string text(const std::string& key, const std::string& lang) const;
  // Any portal template (templates/<body_template>.mustache) with `view`, the messages as `p` and
  // the title from the message `title_key`: the trial form's pages (portal/form_pages.hpp) use it.
  std::string page(const char* body_template, const std::string& title_key, nlohmann::json view,
                   const frontend::PageContext& ctx) const;

 private:
  struct State;
  explicit Renderer(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;
};

}  // namespace rinsho::portal
