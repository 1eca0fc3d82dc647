#pragma once
// The HTTP listener. cpp-httplib stays behind this pointer-to-implementation: no other file of
// the server includes httplib.h.
#include <functional>
#include <memory>
#include <vector>

#include "common/error.hpp"
#include "server/runtime/config.hpp"
#include "server/routes.hpp"

namespace rinsho::server {

// Runs around every handler call: rate limits, headers, logging (middleware.cpp).
using Dispatcher = std::function<HttpResponse(const Route&, HttpRequest&)>;
// Answers a request no handler ran for, with the status httplib gave it (404, 405, 400, 413, ...).
using Unhandled = std::function<HttpResponse(const HttpRequest&, int status)>;

class HttpServer {
 public:
  HttpServer(const ServerConfig& config, std::vector<Route> routes, Dispatcher dispatch, Unhandled unhandled);
  ~HttpServer();

  // Binds the socket; returns the port (useful with --port 0).
  Result<int> bind();
  // Serves until stop(); returns when the listener has shut down.
  void serve();
  void stop();
  bool running() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rinsho::server
