#pragma once
// The writes the crash matrix sends while it kills the server: registrations with an
// Idempotency-Key, each followed by an update with If-Match, from several client threads, and a
// batch for `rinsho-indexer ingest`. Every record carries a tag in its English title that all its
// versions keep, so the store can be searched for duplicates of one registration afterwards.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "api_helpers.hpp"

namespace rinsho::testing::crash {

// A number in the letters a to p only, so the analyzer keeps a word made of them whole (a search
// finds exactly it) and 'q' can separate the numbers of a tag unambiguously.
inline std::string letters(std::size_t n) {
  std::string s;
  do {
    s.insert(s.begin(), char('a' + n % 16));
    n /= 16;
  } while (n > 0);
  return s;
}

inline std::string tag_of(const nlohmann::json& record) {
  const std::string en = record["public_title"].value("en", "");
  const std::string lead = "A new study of ";
  return en.rfind(lead, 0) == 0 ? en.substr(lead.size()) : "";
}

// The first word of the Japanese title: what the write that produced this version put there.
inline std::string ja_word(const nlohmann::json& record) {
  const std::string ja = record["public_title"].value("ja", "");
  return ja.substr(0, ja.find("を"));
}

struct Attempt {
  bool is_post = true;
  std::string key;   // Idempotency-Key (POST)
  std::string body;  // exactly what was sent, for the retry
  std::string tag;   // kept by every version of the trial
  std::string word;  // the Japanese title word this write carries
  std::string id;    // known for a PUT, and for a POST once it was answered
  std::int64_t version = 0;  // the version the 2xx named
  bool acked = false;
  int status = 0;    // 0: no answer (the server died first)
  // When the answer arrived: a write answered before a backup started is committed before it.
  std::chrono::steady_clock::time_point answered_at{};
};

// Registers and updates trials until a request gets no answer. Non-2xx answers are kept in
// `attempts` with their status; the caller treats anything but 201/200 as a finding.
inline void write_until_killed(int port, const std::string& authorization, std::size_t round, std::size_t writer,
                               std::vector<Attempt>& attempts) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(30, 0);
  for (std::size_t n = 0;; ++n) {
    Attempt post;
    post.tag = "kt" + letters(round) + "q" + letters(writer) + "q" + letters(n);
    post.word = post.tag;
    post.key = "crash-" + post.tag;
    auto record = new_record(post.tag);
    post.body = record.dump();
    auto res = c.Post("/api/v1/trials", with(bearer(authorization), "Idempotency-Key", post.key), post.body,
                      "application/json");
    post.status = res ? res->status : 0;
    post.answered_at = std::chrono::steady_clock::now();
    if (res && res->status == 201) {
      const auto reply = nlohmann::json::parse(res->body);
      post.acked = true;
      post.id = reply["id"].get<std::string>();
      post.version = reply["version"];
    }
    attempts.push_back(post);
    if (!res) return;
    if (!post.acked) continue;

    Attempt put;
    put.is_post = false;
    put.tag = post.tag;
    put.word = "ku" + letters(round) + "q" + letters(writer) + "q" + letters(n);
    put.id = post.id;
    record["id"] = post.id;
    record["public_title"]["ja"] = put.word + "を調べる改訂版の試験";
    put.body = record.dump();
    const std::string etag = "\"" + post.id + "-v" + std::to_string(post.version) + "\"";
    res = c.Put(("/api/v1/trials/" + post.id).c_str(), with(bearer(authorization), "If-Match", etag), put.body,
                "application/json");
    put.status = res ? res->status : 0;
    put.answered_at = std::chrono::steady_clock::now();
    if (res && res->status == 200) {
      put.acked = true;
      put.version = nlohmann::json::parse(res->body)["version"];
    }
    attempts.push_back(put);
    if (!res) return;
  }
}

struct IngestRecord {
  std::string id, tag;
};

// `count` records with ids the server never assigns (block 07, not 099), as JSON lines in `file`.
inline std::vector<IngestRecord> write_ingest_batch(const std::filesystem::path& file, std::size_t round,
                                                    std::size_t count) {
  std::vector<IngestRecord> batch;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  for (std::size_t i = 0; i < count; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "jRCT107%03zu%04zu", round % 1000, i);
    IngestRecord r{id, "ki" + letters(round) + "q" + letters(i)};
    auto record = new_record(r.tag);
    record["id"] = r.id;
    out << record.dump() << '\n';
    batch.push_back(r);
  }
  return batch;
}

}  // namespace rinsho::testing::crash
