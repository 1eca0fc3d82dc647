#pragma once
#include <string>
#include <vector>

namespace rinsho::server {

// Parses the configuration, opens the registry, serves until SIGTERM or SIGINT, then drains.
int server_main(const std::vector<std::string>& args);

}  // namespace rinsho::server
