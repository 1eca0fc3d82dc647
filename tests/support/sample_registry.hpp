#pragma once
// A registry built from record files the way an operator builds one: the records into the SQLite
// store (put_trials, as rinsho-indexer ingest does), then the Xapian index from the store
// (index::catch_up), the only way documents enter the index. Shared by the integration tests'
// TestServer and the relevance harness. Failures throw: a fixture that cannot be built is a broken
// test, not an expected outcome.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "index/catch_up.hpp"
#include "index/index_writer.hpp"
#include "store/store.hpp"
#include "support/sample_trials.hpp"
#include "text/analyzer.hpp"

namespace rinsho::testing {

// Every record of `files` into the store at `data_dir`, in one batch; any rejected record throws,
// naming its file.
inline void load_records(const std::filesystem::path& data_dir, const std::vector<std::filesystem::path>& files,
                         const std::string& actor = "test") {
  auto store = store::Store::open({data_dir});
  if (!store) throw std::runtime_error(store.error().message);
  std::vector<nlohmann::json> records;
  for (const auto& f : files) records.push_back(nlohmann::json::parse(read_file(f)));
  store::WriteContext ctx;
  ctx.actor = actor;
  ctx.source = "ingest";
  auto results = store->put_trials(std::move(records), ctx);
  if (!results) throw std::runtime_error(results.error().message);
  for (std::size_t i = 0; i < results->size(); ++i)
    if (!(*results)[i])
      throw std::runtime_error("record rejected: " + files[i].filename().string() + ": " + (*results)[i].error().message);
}

// Brings `data_dir`/index up to date with the store; returns how many records it applied.
inline std::size_t index_records(const std::filesystem::path& data_dir, const text::Analyzer& analyzer) {
  auto store = store::Store::open({data_dir});
  if (!store) throw std::runtime_error(store.error().message);
  auto writer = index::IndexWriter::open(data_dir / "index", analyzer);
  if (!writer) throw std::runtime_error(writer.error().message);
  auto stats = index::catch_up(*store, *writer);
  if (!stats) throw std::runtime_error(stats.error().message);
  return stats->applied;
}

}  // namespace rinsho::testing
