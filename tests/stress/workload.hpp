#pragma once
// The clients of the stress test. Each loop runs until `stop` is set, on its own keep-alive
// connection, and reports what the server got wrong to the Ledger instead of asserting: doctest's
// assertions belong to the test's own thread.
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <string>

#include "ledger.hpp"

namespace rinsho::testing {

struct LoadTarget {
  int port = 0;
  const std::atomic<bool>* stop = nullptr;
  Ledger* ledger = nullptr;
};

// Letters no stemmer or dictionary touches (no vowels, no s or y): a title word that finds exactly
// the trial carrying it. Unique per (client, step).
std::string title_word(int client, std::size_t step);
std::string title_of(const std::string& word);  // the Japanese public title new_record() gives

// Searches (text, attributes only, exclusions, ids, filters, nearest, paging), search and trial
// pages, suggestions, /stats, /metrics: every answer must be 200.
void read_loop(const LoadTarget& target, unsigned seed);
// CSV, NDJSON, FHIR and TRDS exports, filtered and whole, read to the end.
void export_loop(const LoadTarget& target, unsigned seed);
// POSTs (some with an Idempotency-Key, retried; some with a key shared with other writers of the
// same organisation `org`), PUTs with If-Match, dry-run validations. `client` numbers the title words.
void api_write_loop(const LoadTarget& target, int client, int org, const std::string& authorization);
// Another process writing the store directly, as rinsho-indexer ingest does: only the server's
// catch-up timer brings these writes into the index.
void store_write_loop(const LoadTarget& target, const std::filesystem::path& data_dir, int client);

}  // namespace rinsho::testing
