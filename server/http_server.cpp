#include "server/http_server.hpp"

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <memory>
#include <regex>

#include "server/problem.hpp"

namespace rinsho::server {
namespace {

// Browsers send about 20 headers in a few KB; httplib adds four of its own (REMOTE_ADDR, ...).
constexpr std::size_t kMaxHeaderCount = 100;
constexpr std::size_t kMaxHeaderBytes = 32 * 1024;

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

// What an error answer needs of a request httplib refused or could not route: no body, and a route
// label that is never the raw path.
HttpRequest unrouted(const httplib::Request& in, const std::string& route) {
  HttpRequest out;
  out.method = in.method;
  out.path = in.path;
  out.route = route;
  for (const auto& [k, v] : in.headers) out.headers.emplace(k, v);
  for (const auto& [k, v] : in.params) out.query.emplace_back(k, v);  // ?lang=en for the error page
  out.remote_addr = in.remote_addr;
  return out;
}

// The methods some route takes for `path` ("GET, HEAD"), for 405 and its Allow header; httplib
// itself answers a known path with the wrong method as 404.
struct MethodTable {
  std::vector<std::pair<std::string, std::regex>> routes;
  std::string allowed(const std::string& path) const {
    std::vector<std::string> methods;
    for (const auto& [method, pattern] : routes)
      if (std::find(methods.begin(), methods.end(), method) == methods.end() && std::regex_match(path, pattern))
        methods.push_back(method);
    std::string out;
    for (const auto& m : methods) out += (out.empty() ? "" : ", ") + m + (m == "GET" ? ", HEAD" : "");
    return out;
  }
};

}  // namespace

struct HttpServer::Impl {
  ServerConfig config;
  httplib::Server server;
  int port = 0;
};

HttpServer::HttpServer(const ServerConfig& config, std::vector<Route> routes, Dispatcher dispatch, Unhandled unhandled)
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

  // httplib bounds each header line but not how many there are; a request with hundreds of them
  // is refused before its body is read.
  srv.set_pre_routing_handler([unhandled](const httplib::Request& req, httplib::Response& res) {
    std::size_t bytes = 0;
    for (const auto& [k, v] : req.headers) bytes += k.size() + v.size() + 4;
    if (req.headers.size() <= kMaxHeaderCount && bytes <= kMaxHeaderBytes)
      return httplib::Server::HandlerResponse::Unhandled;
    apply(unhandled(unrouted(req, "(unread)"), 431), res);
    res.set_header("Connection", "close");
    return httplib::Server::HandlerResponse::Handled;
  });

  auto methods = std::make_shared<MethodTable>();
  for (auto& route : routes) {
    methods->routes.emplace_back(route.method, std::regex(route.pattern));
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
  srv.set_error_handler([unhandled, methods](const httplib::Request& req, httplib::Response& res) {
    // httplib calls this for every status >= 400, our handlers' answers included: keep those.
    if (!res.body.empty() || res.content_provider_) return;
    // httplib parses multipart bodies itself and answers 400 when it cannot; no route takes them.
    if (res.status == 400 && req.is_multipart_form_data()) {
      apply(problem_response(415, "unsupported media type",
                             {{"Content-Type", "Content-Type は application/json にしてください", "must be application/json"}}),
            res);
      return;
    }
    const int status = res.status;
    const std::string allow = status == 404 ? methods->allowed(req.path) : "";
    if (!allow.empty()) {
      apply(unhandled(unrouted(req, "(unmatched)"), 405), res);
      res.set_header("Allow", allow);
      return;
    }
    apply(unhandled(unrouted(req, status == 404 ? "(unmatched)" : "(unread)"), status), res);
    // A request that could not be read leaves the connection in an unknown state: ask the client to
    // close it (httplib itself would keep it open for the keep-alive timeout).
    if (status == 400 || status == 414) res.set_header("Connection", "close");
  });
  srv.set_exception_handler([unhandled](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
    apply(unhandled(unrouted(req, "(unread)"), 500), res);
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
