#pragma once
// Counts accesses (metrics::AccessCounter, in memory) and adds them to the store in Japan-time daily
// buckets every few seconds and at shutdown. A graceful stop loses nothing; a crash (kill -9) loses
// at most what was counted since the last flush (the flush interval). See core/metrics/README.md.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "common/error.hpp"
#include "metrics/access_counter.hpp"
#include "metrics/user_agent.hpp"
#include "search/search_request.hpp"
#include "server/http/http_types.hpp"

namespace rinsho::store {
class Store;
}
namespace rinsho::text {
class Dictionary;
}

namespace rinsho::server {

class AccessMetrics {
 public:
  struct Options {
    bool enabled = true;
    int flush_interval_ms = 5000;
    metrics::Clock clock;  // empty: the system clock
  };

  AccessMetrics(store::Store& store, metrics::UserAgentClassifier classifier, Options options);
  ~AccessMetrics();  // stops and flushes
  AccessMetrics(const AccessMetrics&) = delete;
  AccessMetrics& operator=(const AccessMetrics&) = delete;

  // After the handler: counts the request if it is an access (see metrics::classify_route).
  void record(const HttpRequest& request, const HttpResponse& response);

  // Adds everything counted so far to the store. On failure the counts stay in memory for the next try.
  Result<void> flush();
  void start();  // the flusher thread
  void stop();   // stops the thread, then flushes once more

  bool enabled() const { return options_.enabled; }
  std::chrono::system_clock::time_point now() const { return options_.clock(); }
  metrics::Day today() const { return metrics::japan_day(now()); }
  const metrics::AccessCounter& counter() const { return counter_; }
  std::uint64_t flushes() const { return flushes_.load(); }
  std::uint64_t flush_failures() const { return flush_failures_.load(); }
  double last_flush_unix_seconds() const { return last_flush_.load(); }
  // Pre-screens (the "Could I join?" questionnaire) are counted here and nowhere else: one number,
  // in memory, with nothing about who asked, which trial or what they answered.
  std::uint64_t prescreens() const { return prescreens_.load(); }

 private:
  store::Store& store_;
  metrics::UserAgentClassifier classifier_;
  Options options_;
  metrics::AccessCounter counter_;
  std::mutex flush_mutex_;
  std::atomic<std::uint64_t> flushes_{0}, flush_failures_{0}, prescreens_{0};
  std::atomic<double> last_flush_{0};
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// The condition concepts a first-page search asked for, from its words (SearchResult::matched_concepts)
// and its condition= filters; what HttpResponse::search_concepts carries. Later pages of the same
// search return nothing, so paging does not count a condition twice.
std::vector<std::string> searched_conditions(const search::SearchResult& result, const search::SearchRequest& request,
                                             const text::Dictionary& dictionary);

}  // namespace rinsho::server
