#include "server/runtime/server_main.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <pthread.h>
#include <thread>

#include "server/runtime/app_context.hpp"
#include "server/http/http_server.hpp"
#include "server/runtime/memory_trimmer.hpp"
#include "server/http/middleware.hpp"

namespace rinsho::server {
int server_main(const std::vector<std::string>& args) {
  auto parsed = parse_config(args, [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    return v && *v ? std::optional<std::string>(v) : std::nullopt;
  });
  if (!parsed) {
    std::fprintf(stderr, "rinsho-server: %s\nTry 'rinsho-server --help'.\n", parsed.error().message.c_str());
    return 2;
  }
  if (parsed->show_help) {
    std::fputs(config_usage(), stdout);
    return 0;
  }
  // Block the signals in every thread; one thread waits for them and stops the server gracefully.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto app = AppContext::create(parsed->config);
  if (!app) {
    std::fprintf(stderr, "rinsho-server: %s\n", app.error().message.c_str());
    return 2;
  }
  AppContext& ctx = **app;
  HttpServer server(ctx.config, all_routes(ctx),
                    [&ctx](const Route& route, HttpRequest& req) { return dispatch(ctx, route, req); },
                    [&ctx](const HttpRequest& req, int status) { return unhandled(ctx, req, status); });
  auto port = server.bind();
  if (!port) {
    std::fprintf(stderr, "rinsho-server: %s\n", port.error().message.c_str());
    return 2;
  }
  // With --port 0 the real port is known only now; links in pages and sitemaps must carry it.
  if (!ctx.config.base_url_given) {
    const std::string host = ctx.config.listen_address == "0.0.0.0" ? "127.0.0.1" : ctx.config.listen_address;
    ctx.config.base_url = "http://" + host + ":" + std::to_string(*port);
  }
  ctx.index.start(ctx.config.catch_up_interval_ms);
  ctx.access.start();
  MemoryTrimmer trimmer{std::chrono::milliseconds(ctx.config.memory_trim_ms)};
  trimmer.start();
  std::fprintf(stderr, "rinsho-server: serving %s on http://%s:%d/\n", ctx.config.data_dir.c_str(),
               ctx.config.listen_address.c_str(), *port);
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    std::fprintf(stderr, "rinsho-server: signal %d, shutting down\n", sig);
    server.stop();
  });
  server.serve();
  ctx.index.stop();
  // Every handler has returned: the last counts go to the store now, so a graceful stop loses none.
  ctx.access.stop();
  // serve() also returns when the listener fails; wake the waiter so it can be joined.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  std::fprintf(stderr, "rinsho-server: stopped\n");
  return 0;
}

}  // namespace rinsho::server
