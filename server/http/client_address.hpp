#pragma once
// Whom a request comes from, for rate limits and access counting. Behind nginx every connection
// comes from the proxy; the proxy names the client in X-Forwarded-For. That header is believed
// only from the addresses given with --trusted-proxy, since anyone else can write it.
#include <string>
#include <string_view>
#include <vector>

namespace rinsho::server {

// peer: the socket's address. forwarded_for: the X-Forwarded-For value ("" when absent). The
// client is the last address in the header (the one our proxy appended or set), when it is a valid
// IPv4 or IPv6 address and peer is trusted; otherwise peer.
std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

}  // namespace rinsho::server
