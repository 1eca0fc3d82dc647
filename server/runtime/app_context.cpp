#include "server/runtime/app_context.hpp"

namespace rinsho::server {

AppContext::AppContext(DataDirLock l, ServerConfig c, store::Store s, std::shared_ptr<const text::Dictionary> d,
                       model::RecordValidator v, frontend::Renderer r, portal::Renderer p,
                       metrics::UserAgentClassifier user_agents)
    : lock(std::move(l)),
      config(std::move(c)),
      store(std::move(s)),
      dictionary(std::move(d)),
      analyzer(dictionary),
      validator(std::move(v)),
      searchers(config.data_dir / "index", analyzer, config.search_concurrency),
      index(store, config.data_dir / "index", analyzer, searchers),
      limiter(config.rate_limit_per_minute, config.write_rate_limit_per_minute),
      pages(std::move(r)),
      portal_pages(std::move(p)),
      access(store, std::move(user_agents), {config.metrics, config.metrics_flush_ms, config.clock}) {}

Result<std::unique_ptr<AppContext>> AppContext::create(const ServerConfig& config) {
  auto lock = DataDirLock::acquire(config.data_dir);
  if (!lock) return tl::unexpected(lock.error());
  auto store = store::Store::open(store::StoreOptions{config.data_dir, 5000, config.database_url});
  if (!store) return tl::unexpected(store.error());
  auto dictionary = text::Dictionary::builtin();
  if (!dictionary) return tl::unexpected(dictionary.error());
  auto validator = model::RecordValidator::builtin();
  if (!validator) return tl::unexpected(validator.error());
  auto pages = frontend::Renderer::create();
  if (!pages) return tl::unexpected(pages.error());
  auto portal_pages = portal::Renderer::create(*pages);
  if (!portal_pages) return tl::unexpected(portal_pages.error());
  auto user_agents = metrics::UserAgentClassifier::builtin();
  if (!user_agents) return tl::unexpected(user_agents.error());
  std::unique_ptr<AppContext> app(new AppContext(std::move(*lock), config, std::move(*store),
                                                 std::make_shared<const text::Dictionary>(std::move(*dictionary)),
                                                 std::move(*validator), std::move(*pages), std::move(*portal_pages),
                                                 std::move(*user_agents)));
  // The first catch-up creates the index when the data directory is new.
  if (auto ok = app->index.catch_up(); !ok) return tl::unexpected(ok.error());
  return app;
}

}  // namespace rinsho::server
