#include "server/http/http_server.hpp"

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string_view>
#include <memory>
#include <regex>

#include "server/http/http_connection.hpp"
#include "server/http/problem.hpp"

namespace rinsho::server {
namespace {

// Browsers send about 20 headers in a few KB; httplib adds four of its own (REMOTE_ADDR, ...).
constexpr std::size_t kMaxHeaderCount = 100;
constexpr std::size_t kMaxHeaderBytes = 32 * 1024;
constexpr const char* kSingletonHeaders[] = {"Authorization", "Content-Length", "Content-Type", "Host",
                                              "Idempotency-Key", "If-Match", "If-None-Match", "Transfer-Encoding"};

bool has_body(const httplib::Request& req) {
  return req.has_header("Transfer-Encoding") ||
         (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The connection is to close after this answer, with the request's body (if any) left unread.
// httplib itself says "Connection: close" when the client asked for it; a second copy would be
// a repeated header.
void close_unread(const httplib::Request& req, httplib::Response& res) {
  if (!iequals(req.get_header_value("Connection"), "close")) res.set_header("Connection", "close");
  if (auto* c = detail::current_connection()) {
    c->close_after_response = true;
    c->body_unread = has_body(req);
  }
}

// Reads a body route's body through httplib's content reader, never past `limit` bytes (after any
// Content-Encoding is undone), whatever the framing: httplib 0.11.4 itself reads a chunked body
// whole before any limit applies (CVE-2025-46728). The statuses are HttpRequest::read_body's.
int read_limited_body(const httplib::Request& req, const httplib::ContentReader& reader, std::size_t limit,
                      std::string& out, bool& consumed) {
  const auto te = req.get_header_value("Transfer-Encoding");
  const bool chunked = iequals(te, "chunked");
  // Two framings at once is how requests are smuggled past proxies: refuse rather than pick one.
  if ((req.has_header("Transfer-Encoding") && !chunked) || req.get_header_value_count("Transfer-Encoding") > 1 ||
      req.get_header_value_count("Content-Length") > 1 || (chunked && req.has_header("Content-Length")))
    return 400;
  if (!chunked) {
    if (!req.has_header("Content-Length")) return 411;
    const auto text = req.get_header_value("Content-Length");
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) return 400;
    if (std::stoull(text) > limit) return 413;
  }
  if (req.is_multipart_form_data()) return 415;  // httplib would parse it itself; no route takes it
  auto* c = detail::current_connection();
  if (c) c->enter(detail::Phase::body);
  bool too_large = false;
  const bool ok = reader([&](const char* data, std::size_t n) {
    if (out.size() + n > limit) {
      too_large = true;
      return false;
    }
    out.append(data, n);
    return true;
  });
  if (c) c->enter(detail::Phase::handler);
  if (too_large) return 413;
  if (!ok) return 400;
  consumed = true;
  return 0;
}

HttpRequest convert(const httplib::Request& in, const Route& route) {
  HttpRequest out;
  out.method = in.method;
  out.path = in.path;
  out.route = route.route_template;
  for (std::size_t i = 1; i < in.matches.size(); ++i) out.path_params.push_back(in.matches[i].str());
  for (const auto& [k, v] : in.params) out.query.emplace_back(k, v);
  for (const auto& [k, v] : in.headers) out.headers.emplace(k, v);
  // httplib drops headers sent with an empty value; handlers must see that they were sent.
  if (auto* c = detail::current_connection())
    for (const auto& name : c->header_lines.empty_valued()) out.headers.emplace(name, "");
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
  bool allowed_for(const std::string& method, const std::string& path) const {
    for (const auto& [m, pattern] : routes)
      if (m == method && std::regex_match(path, pattern)) return true;
    return false;
  }
};

}  // namespace

struct HttpServer::Impl {
  ServerConfig config;
  detail::GuardedServer server;
  int port = 0;
};

namespace {

detail::ConnectionLimits limits_from(const ServerConfig& c) {
  detail::ConnectionLimits l;
  l.header_timeout = std::chrono::milliseconds(c.header_timeout_ms);
  l.body_timeout = std::chrono::milliseconds(c.body_timeout_ms);
  l.keep_alive_timeout = std::chrono::seconds(c.keep_alive_timeout_seconds);
  l.slow_request = std::chrono::milliseconds(c.slow_request_ms);
  l.keep_alive_max_count = static_cast<std::size_t>(c.keep_alive_max_count);
  // Headers (kMaxHeaderBytes), chunk framing (at worst a few bytes per byte of a tiny chunk) and
  // the body itself.
  l.max_request_bytes = 4 * c.body_limit + 2 * kMaxHeaderBytes;
  l.per_address = static_cast<std::size_t>(c.max_connections_per_address);
  return l;
}

}  // namespace

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
  const auto threads = static_cast<std::size_t>(config.threads);
  srv.new_task_queue = [&srv, threads] {
    auto* pool = new detail::GuardedPool(threads);
    srv.pool.store(pool);
    return pool;
  };
  srv.set_limits(limits_from(config));
  // Our connection loop enforces these; httplib only puts them in its Keep-Alive header.
  srv.set_keep_alive_max_count(static_cast<std::size_t>(config.keep_alive_max_count));
  srv.set_keep_alive_timeout(config.keep_alive_timeout_seconds);
  srv.set_payload_max_length(config.body_limit);

  auto methods = std::make_shared<MethodTable>();
  auto body_routes = std::make_shared<MethodTable>();
  for (auto& route : routes) {
    methods->routes.emplace_back(route.method, std::regex(route.pattern));
    if (route.method == "GET") {
      srv.Get(route.pattern, [route, dispatch](const httplib::Request& req, httplib::Response& res) {
        HttpRequest request = convert(req, route);
        apply(dispatch(route, request), res);
      });
      continue;
    }
    body_routes->routes.emplace_back(route.method, std::regex(route.pattern));
    const std::size_t limit = config.body_limit;
    auto handler = [route, dispatch, limit](const httplib::Request& req, httplib::Response& res,
                                            const httplib::ContentReader& reader) {
      HttpRequest request = convert(req, route);
      bool consumed = false;
      request.read_body = [&](std::string& out) { return read_limited_body(req, reader, limit, out, consumed); };
      apply(dispatch(route, request), res);
      if (!consumed && has_body(req)) close_unread(req, res);
    };
    if (route.method == "POST") srv.Post(route.pattern, handler);
    else if (route.method == "PUT") srv.Put(route.pattern, handler);
  }

  // Runs after the headers, before httplib reads any body. httplib bounds each header line but not
  // how many there are, and it reads the body of any request that no content-reading route takes
  // (DELETE, PATCH, a POST to an unknown path) whole into memory: answer those here, unread.
  srv.set_pre_routing_handler([unhandled, methods, body_routes](const httplib::Request& req, httplib::Response& res) {
    std::size_t bytes = 0;
    for (const auto& [k, v] : req.headers) bytes += k.size() + v.size() + 4;
    if (req.headers.size() > kMaxHeaderCount || bytes > kMaxHeaderBytes) {
      apply(unhandled(unrouted(req, "(unread)"), 431), res);
      close_unread(req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (auto* c = detail::current_connection(); c && c->header_lines.malformed()) {
      apply(unhandled(unrouted(req, "(unread)"), 400), res);
      close_unread(req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    // Headers that must appear once: with two Authorization or Idempotency-Key headers a proxy
    // and rinsho could each act on a different one.
    for (const char* name : kSingletonHeaders) {
      if (req.get_header_value_count(name) <= 1) continue;
      if (req.path.rfind("/api/", 0) == 0)
        apply(problem_response(400, std::string(name) + " appears more than once",
                               {{name, "この見出しは1つだけ指定してください", "must appear only once"}}),
              res);
      else
        apply(unhandled(unrouted(req, "(unread)"), 400), res);
      close_unread(req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.method == "GET" || req.method == "HEAD") {
      // GET routes never read a body: one sent anyway would be taken for the next request.
      if (has_body(req)) close_unread(req, res);
      return httplib::Server::HandlerResponse::Unhandled;
    }
    if (!body_routes->allowed_for(req.method, req.path)) {
      const std::string allow = methods->allowed(req.path);
      // A proxy's method (CONNECT, TRACE) on no path of ours: not a missing page, a method we lack.
      const bool proxy_method = req.method == "CONNECT" || req.method == "TRACE";
      apply(unhandled(unrouted(req, "(unmatched)"), !allow.empty() ? 405 : proxy_method ? 501 : 404), res);
      if (!allow.empty()) res.set_header("Allow", allow);
      close_unread(req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
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
    // httplib does not parse TRACE or CONNECT request lines and calls them unreadable (400); they
    // are well-formed methods that no route allows.
    const bool known_method = req.method == "TRACE" || req.method == "CONNECT";
    // 405 where some route takes the path, else 501: the server does not do this method at all.
    const int status = res.status == 400 && known_method ? (methods->allowed(req.path).empty() ? 501 : 404) : res.status;
    const std::string allow = status == 404 ? methods->allowed(req.path) : "";
    if (!allow.empty()) {
      apply(unhandled(unrouted(req, "(unmatched)"), 405), res);
      res.set_header("Allow", allow);
      if (known_method) close_unread(req, res);
      return;
    }
    apply(unhandled(unrouted(req, status == 404 ? "(unmatched)" : "(unread)"), status), res);
    // A request that could not be read leaves the connection in an unknown state: close it.
    if (status == 400 || status == 414 || status == 413 || known_method) close_unread(req, res);
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

std::vector<std::pair<std::string, std::string>> parse_form(const std::string& body) {
  httplib::Params params;  // a multimap: repeated keys are kept, in key order
  httplib::detail::parse_query_text(body, params);
  return {params.begin(), params.end()};
}

}  // namespace rinsho::server
