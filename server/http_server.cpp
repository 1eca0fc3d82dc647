#include "server/http_server.hpp"

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "server/problem.hpp"

namespace rinsho::server {
namespace {

HttpRequest convert(const httplib::Request& in, const Route& route) {
  HttpRequest out;
  out.method = in.method;
  out.path = in.path;
  out.route = route.route_template;
  for (std::size_t i = 1; i < in.matches.size(); ++i) out.path_params.push_back(in.matches[i].str());
  for (const auto& [k, v] : in.params) out.query.emplace_back(k, v);
  for (const auto& [k, v] : in.headers) out.headers.emplace(k, v);
  out.body = in.body;
  out.remote_addr = in.remote_addr;
  return out;
}

void apply(const HttpResponse& in, httplib::Response& out) {
  out.status = in.status;
  for (const auto& [k, v] : in.headers) out.set_header(k, v);
  if (in.stream) {
    auto stream = in.stream;
    out.set_chunked_content_provider(in.content_type, [stream](std::size_t, httplib::DataSink& sink) {
      stream([&sink](std::string_view chunk) { return sink.write(chunk.data(), chunk.size()); });
      sink.done();
      return true;
    });
  } else if (!in.body.empty() || in.status != 304) {
    out.set_content(in.body, in.content_type);
  }
}

}  // namespace

struct HttpServer::Impl {
  ServerConfig config;
  httplib::Server server;
  int port = 0;
};

HttpServer::HttpServer(const ServerConfig& config, std::vector<Route> routes, Dispatcher dispatch, Handler not_found)
    : impl_(std::make_unique<Impl>()) {
  impl_->config = config;
  auto& srv = impl_->server;
  // Without TCP_NODELAY every keep-alive request after the first waits ~40 ms for a delayed ACK;
  // this callback replaces httplib's defaults, so SO_REUSEADDR is set here too.
  srv.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
  });
  const int threads = config.threads;
  srv.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  srv.set_keep_alive_max_count(static_cast<std::size_t>(config.keep_alive_max_count));
  srv.set_keep_alive_timeout(config.keep_alive_timeout_seconds);
  srv.set_payload_max_length(config.body_limit);
  srv.set_read_timeout(10, 0);
  srv.set_write_timeout(30, 0);

  for (auto& route : routes) {
    auto handler = [route, dispatch](const httplib::Request& req, httplib::Response& res) {
      HttpRequest request = convert(req, route);
      apply(dispatch(route, request), res);
    };
    if (route.method == "GET") srv.Get(route.pattern, handler);
    else if (route.method == "POST") srv.Post(route.pattern, handler);
    else if (route.method == "PUT") srv.Put(route.pattern, handler);
  }
  // httplib answers unmatched paths, oversized bodies and malformed requests itself with empty
  // bodies; give those the same problem+json or HTML pages as our own errors.
  srv.set_error_handler([not_found](const httplib::Request& req, httplib::Response& res) {
    // httplib calls this for every status >= 400, our handlers' answers included: keep those.
    if (!res.body.empty() || res.content_provider_) return;
    if (res.status == 404) {
      HttpRequest request;
      request.method = req.method;
      request.path = req.path;
      request.route = "(unmatched)";
      for (const auto& [k, v] : req.headers) request.headers.emplace(k, v);
      for (const auto& [k, v] : req.params) request.query.emplace_back(k, v);  // ?lang=en for the 404 page
      apply(not_found(request), res);
      return;
    }
    const std::string detail = res.status == 413 ? "request body is larger than the limit"
                             : res.status == 414 ? "request line is too long"
                             : "the request could not be read";
    apply(problem_response(res.status, detail), res);
  });
  srv.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    apply(problem_response(500, "internal error"), res);
  });
}

HttpServer::~HttpServer() = default;

Result<int> HttpServer::bind() {
  const auto& c = impl_->config;
  int port = c.port == 0 ? impl_->server.bind_to_any_port(c.listen_address) :
             (impl_->server.bind_to_port(c.listen_address, c.port) ? c.port : -1);
  if (port < 0)
    return fail(ErrorCode::io, "cannot listen on " + c.listen_address + ":" + std::to_string(c.port) +
                                   " (is another server running there?)");
  impl_->port = port;
  return port;
}

void HttpServer::serve() { impl_->server.listen_after_bind(); }
void HttpServer::stop() { impl_->server.stop(); }
bool HttpServer::running() const { return impl_->server.is_running(); }

}  // namespace rinsho::server
