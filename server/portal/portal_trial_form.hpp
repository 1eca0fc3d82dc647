#pragma once
// The researcher portal's guided trial form (portal_trial_form.cpp): drafts made new or from a
// published trial, ten steps saved one by one, a review page with the changes and the version
// history, and publishing through the store's put_trial like POST/PUT /api/v1/trials.
#include <vector>

#include "server/routes.hpp"

namespace rinsho::server {

std::vector<Route> portal_trial_form_routes(AppContext& app);

}  // namespace rinsho::server
