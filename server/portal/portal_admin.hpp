#pragma once
// An organisation admin's pages of the researcher portal: the organisation's people and
// invitations (portal_people.cpp), and its API tokens (portal_tokens.cpp). Editors are refused
// with 403 on every one of them; every change is audited with the person and the organisation.
#include <vector>

#include "server/routes.hpp"

namespace rinsho::server {

std::vector<Route> portal_people_routes(AppContext& app);
std::vector<Route> portal_token_routes(AppContext& app);

}  // namespace rinsho::server
