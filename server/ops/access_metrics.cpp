#include "server/ops/access_metrics.hpp"

#include <algorithm>
#include <cstdio>

#include "server/params/prescreen_params.hpp"
#include "store/store.hpp"
#include "text/dictionary.hpp"

namespace rinsho::server {
namespace {

std::optional<std::string_view> header_view(const HttpRequest& r, const char* name) {
  auto it = r.headers.find(name);
  if (it == r.headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::optional<std::string_view> query_view(const HttpRequest& r, std::string_view key) {
  for (const auto& [k, v] : r.query)
    if (k == key) return std::string_view(v);
  return std::nullopt;
}

std::string day_text(int day) { return metrics::iso_date(metrics::Day{std::chrono::days{day}}); }

store::AccessBatch to_store(const metrics::CountBatch& b) {
  using metrics::name;
  store::AccessBatch out;
  for (const auto& [k, n] : b.cells)
    out.cells.push_back({day_text(k.day), std::string(name(k.audience)), std::string(name(k.kind)),
                         std::string(name(k.channel)), std::string(name(k.device)), std::string(name(k.lang)),
                         static_cast<std::int64_t>(n)});
  for (const auto& [k, n] : b.trials)
    out.trials.push_back({day_text(k.day), k.trial_id, std::string(name(k.audience)), static_cast<std::int64_t>(n)});
  for (const auto& [k, n] : b.orgs)
    out.orgs.push_back({day_text(k.day), k.org_id, std::string(name(k.kind)), static_cast<std::int64_t>(n)});
  for (const auto& [k, n] : b.concepts)
    out.concepts.push_back({day_text(k.day), k.concept_id, static_cast<std::int64_t>(n)});
  return out;
}

}  // namespace

AccessMetrics::AccessMetrics(store::Store& store, metrics::UserAgentClassifier classifier, Options options)
    : store_(store), classifier_(std::move(classifier)), options_(std::move(options)) {
  if (!options_.clock) options_.clock = metrics::system_clock();
}

AccessMetrics::~AccessMetrics() { stop(); }

void AccessMetrics::record(const HttpRequest& req, const HttpResponse& res) {
  if (!options_.enabled || !metrics::counted_status(res.status)) return;
  const auto route = metrics::classify_route(req.method, req.route);
  if (!route.counted) return;
  // A pre-screen is counted as that and nothing more: not as a view of its trial or a search, so
  // no day, device, language or trial id is ever kept beside someone's answers.
  if (is_prescreen_request(req)) {
    ++prescreens_;
    return;
  }
  const auto client = classifier_.classify(header_view(req, "User-Agent"));
  metrics::Access a;
  a.day = metrics::japan_day(options_.clock());
  a.audience = client.audience;
  a.device = client.device;
  a.kind = route.kind;
  a.channel = route.channel;
  a.lang = metrics::request_language(query_view(req, "lang"), header_view(req, "Accept-Language"));
  if (route.trial_view && !req.path_params.empty()) a.trial_id = req.path_params[0];
  // A token names the organisation; it costs a hash and a lookup, so only requests that carry one pay.
  std::string org;
  if (auto auth = header_view(req, "Authorization"); auth && auth->starts_with("Bearer ")) {
    auto token = store_.verify_token(auth->substr(7));
    if (token && *token) org = (*token)->org_id;
  }
  a.org_id = org;
  // "Most searched conditions" is about what people look for: crawlers and scripts do not count.
  if (!res.search_concepts.empty() && a.audience == metrics::Audience::person) a.concepts = &res.search_concepts;
  counter_.add(a);
}

Result<void> AccessMetrics::flush() {
  std::lock_guard lock(flush_mutex_);
  auto batch = counter_.drain();
  if (batch.empty()) return {};
  auto ok = store_.add_access_counts(to_store(batch));
  if (!ok) {
    counter_.restore(std::move(batch));
    ++flush_failures_;
    return ok;
  }
  ++flushes_;
  last_flush_ = std::chrono::duration<double>(options_.clock().time_since_epoch()).count();
  return {};
}

void AccessMetrics::start() {
  if (!options_.enabled || thread_.joinable()) return;
  thread_ = std::thread([this] {
    std::unique_lock lock(wake_mutex_);
    while (!stopping_) {
      wake_.wait_for(lock, std::chrono::milliseconds(options_.flush_interval_ms), [this] { return stopping_; });
      lock.unlock();
      if (auto ok = flush(); !ok) std::fprintf(stderr, "access metrics flush: %s\n", ok.error().message.c_str());
      lock.lock();
    }
  });
}

void AccessMetrics::stop() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (auto ok = flush(); !ok) std::fprintf(stderr, "access metrics final flush: %s\n", ok.error().message.c_str());
}

std::vector<std::string> searched_conditions(const search::SearchResult& result, const search::SearchRequest& request,
                                             const text::Dictionary& dictionary) {
  std::vector<std::string> out;
  if (request.offset != 0) return out;
  auto add = [&](const std::string& id) {
    const auto* c = dictionary.find_id(id);
    if (c && c->kind == text::ConceptKind::condition && std::find(out.begin(), out.end(), id) == out.end())
      out.push_back(id);
  };
  for (const auto& id : result.matched_concepts) add(id);
  for (const auto& id : request.condition) add(id);
  return out;
}

}  // namespace rinsho::server
