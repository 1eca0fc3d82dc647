#pragma once
// Reads trial records from files, directories (recursively: *.json, *.jsonl, *.ndjson) and stdin
// ("-"). A .json file holds one record or an array of them; JSONL holds one per line. Every record
// comes with where it was found, so a rejected one can be reported as file:line.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.hpp"

namespace rinsho::indexer {

struct SourceRecord {
  std::string location;  // "path:line"
  Result<nlohmann::json> record;
};

struct SourceProgress {
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_total = 0;  // 0 when unknown (stdin)
};

// Calls `sink` for each record in order; returns an error only when a path cannot be read at all.
// `sink` returns false to stop early.
Result<void> read_records(const std::vector<std::string>& paths,
                          const std::function<bool(SourceRecord&&, const SourceProgress&)>& sink);

// Where each top-level element of a JSON array is: its 1-based line and its bytes. Found by a
// scanner that knows strings and brackets only, so that one bad element of an array (1e400, a
// duplicate key) can be parsed, and rejected, on its own.
struct ArrayElement {
  std::size_t line = 1;
  std::size_t begin = 0, end = 0;  // [begin, end) in the text
};
std::vector<ArrayElement> array_elements(std::string_view text);

}  // namespace rinsho::indexer
