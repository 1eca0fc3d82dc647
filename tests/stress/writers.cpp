// Writers of the stress test: the write API with tokens, If-Match and Idempotency-Keys, and a second
// store handle standing in for rinsho-indexer writing while the server runs.
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "api_helpers.hpp"
#include "store/store.hpp"
#include "workload.hpp"

namespace rinsho::testing {
namespace {

using nlohmann::json;

std::string describe(const std::string& what, const httplib::Result& res) {
  if (!res) return what + ": " + httplib::to_string(res.error());
  return what + ": " + std::to_string(res->status) + " " + res->body.substr(0, 300);
}

std::string id_of(const httplib::Result& res) { return json::parse(res->body).at("id").get<std::string>(); }

class ApiWriter {
 public:
  ApiWriter(const LoadTarget& target, int client, int org, std::string authorization)
      : t_(target), client_("127.0.0.1", target.port), n_(client), org_(org), auth_(std::move(authorization)) {
    client_.set_read_timeout(120, 0);
  }

  void step(std::size_t s) {
    switch (s % 6) {
      case 0: return keyed_post(s);
      case 1: return shared_key_post(s);
      case 2: return validate(s);
      default: return own_trials_.empty() ? plain_post(s) : put(s);
    }
  }

 private:
  // A new trial; its id joins this writer's own, which only it rewrites, so If-Match never races.
  bool created(const std::string& what, const httplib::Result& res, const std::string& word) {
    if (!res || res->status != 201) {
      t_.ledger->fail(describe(what, res));
      return false;
    }
    const auto id = id_of(res);
    t_.ledger->acknowledge(id, word, res->get_header_value("ETag"));
    return true;
  }

  void plain_post(std::size_t s) {
    const auto word = title_word(n_, s);
    auto res = post_json(client_, "/api/v1/trials", new_record(word), bearer(auth_));
    if (created("POST", res, word)) own_trials_.push_back(id_of(res));
  }

  // A client that lost the first answer retries with the same key: it must get the same trial back.
  void keyed_post(std::size_t s) {
    const auto word = title_word(n_, s);
    const auto body = new_record(word);
    const auto headers = with(bearer(auth_), "Idempotency-Key", "stress-" + std::to_string(n_) + "-" + std::to_string(s));
    auto first = post_json(client_, "/api/v1/trials", body, headers);
    if (!created("POST with Idempotency-Key", first, word)) return;
    auto retry = post_json(client_, "/api/v1/trials", body, headers);
    if (!retry || retry->status != 201 || id_of(retry) != id_of(first) ||
        retry->get_header_value("Idempotent-Replayed") != "true")
      t_.ledger->fail(describe("POST retried with its Idempotency-Key (first: " + id_of(first) + ")", retry));
    own_trials_.push_back(id_of(first));
  }

  // Writers of one organisation race with the same key and body: one trial, whoever comes first.
  void shared_key_post(std::size_t s) {
    const auto word = title_word(10 + org_, s / 6);
    const auto key = "shared-" + std::to_string(org_) + "-" + std::to_string(s / 6);
    auto res = post_json(client_, "/api/v1/trials", new_record(word), with(bearer(auth_), "Idempotency-Key", key));
    if (created("POST with shared Idempotency-Key " + key, res, word)) t_.ledger->shared_key_answer(key, id_of(res));
  }

  void validate(std::size_t s) {
    auto res = post_json(client_, "/api/v1/trials/validate", new_record(title_word(n_, s)), bearer(auth_));
    if (!res || res->status != 200 || !json::parse(res->body).value("valid", false))
      t_.ledger->fail(describe("POST /validate", res));
  }

  void put(std::size_t s) {
    const auto id = own_trials_[s % own_trials_.size()];
    const auto word = title_word(n_, s);
    auto record = new_record(word);
    record["id"] = id;
    const auto etag = t_.ledger->etag_of(id);
    auto res = put_json(client_, "/api/v1/trials/" + id, record, with(bearer(auth_), "If-Match", etag));
    if (!res || res->status != 200) return t_.ledger->fail(describe("PUT " + id, res));
    t_.ledger->acknowledge(id, word, res->get_header_value("ETag"));
  }

  const LoadTarget& t_;
  httplib::Client client_;
  int n_, org_;
  std::string auth_;
  std::vector<std::string> own_trials_;
};

}  // namespace

std::string title_word(int client, std::size_t step) {
  static const char letters[] = "bcdfghjklmnpqrtvwxz";  // 19 letters
  std::string word = "zq";
  word += letters[static_cast<std::size_t>(client) % 19];
  for (int i = 0; i < 4; ++i, step /= 19) word += letters[step % 19];
  return word;
}

std::string title_of(const std::string& word) { return word + "を調べる新しい試験"; }

void api_write_loop(const LoadTarget& target, int client, int org, const std::string& authorization) {
  ApiWriter writer(target, client, org, authorization);
  for (std::size_t s = 0; !target.stop->load(); ++s) writer.step(s);
}

void store_write_loop(const LoadTarget& target, const std::filesystem::path& data_dir, int client) {
  auto store = store::Store::open({data_dir});
  if (!store) return target.ledger->fail("open the store: " + store.error().message);
  store::WriteContext ctx;
  ctx.actor = "stress-ingest";
  ctx.source = "ingest";
  std::vector<std::string> ids;
  for (std::size_t s = 0; !target.stop->load(); ++s) {
    const auto word = title_word(client, s);
    auto record = new_record(word);
    if (s % 2 == 1 && !ids.empty()) record["id"] = ids[s % ids.size()];  // every other write changes an earlier trial
    auto w = store->put_trial(std::move(record), ctx);
    if (!w) {
      target.ledger->fail("store put_trial: " + w.error().message);
    } else {
      if (w->created) ids.push_back(w->id);
      target.ledger->acknowledge(w->id, word, w->etag);
    }
    // rinsho-indexer's pace does not matter; giving the API writers the write lock most of the time does.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace rinsho::testing
