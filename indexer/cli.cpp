#include "indexer/cli.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "indexer/duplicates_command.hpp"
#include "indexer/ingest.hpp"
#include "indexer/linkage_commands.hpp"
#include "indexer/search_command.hpp"
#include "store/store.hpp"

namespace rinsho::indexer {
namespace {

constexpr const char* kUsage = R"(rinsho-indexer: load trial records into the registry and its search index

Usage:
  rinsho-indexer [--data-dir DIR] ingest [--rebuild] [--batch N] PATH...
  rinsho-indexer [--data-dir DIR] rebuild
  rinsho-indexer [--data-dir DIR] search [--limit N] QUERY...
  rinsho-indexer [--data-dir DIR] import --format F [--all-countries] [--no-index] FILE...
  rinsho-indexer [--data-dir DIR] duplicates
  rinsho-indexer [--data-dir DIR] export --format F [--out FILE]

Commands:
  ingest    Validate records and write them to the registry (SQLite), then update the index.
            PATH is a .json file (one record or an array), a .jsonl/.ndjson file, a directory
            (searched recursively), or - for stdin. Records are upserted by id.
  rebuild   Rebuild the search index from the registry alone.
  search    Print the best matches for a query (a quick check from the shell).
  import    Map another registry's export into trials: F is ictrp-xml, ictrp-csv, ctgov-json
            or ctgov-xml. Re-importing the same file changes nothing. Trials with no Japanese
            site and no Japan among their countries are skipped unless --all-countries.
            A record that shares a registry id with a trial (either side's own id or any
            secondary id) joins that trial as another source instead of becoming a second
            trial. Ctrl-C stops after the batch being written (exit 130); running the same
            command again resumes, records already in coming back unchanged.
  duplicates
            List probable duplicates for an operator: trials with the same English title and
            sponsor whose ids do not cross-reference. Nothing is merged.
  export    Write every trial as F: fhir (FHIR R4 ResearchStudy NDJSON), trds-xml (WHO ICTRP
            layout), ctgov-json (ClinicalTrials.gov API v2 shape) or csv.

Options:
  --data-dir DIR   Registry directory shared with rinsho-server and rinsho-admin
                   (default: $RINSHO_DATA_DIR or ./data); with --database, the local index
  --database URL   postgresql://user@host:port/dbname: the registry is in PostgreSQL
                   (default: $RINSHO_DATABASE, or SQLite in --data-dir)
  --rebuild        After ingesting, rebuild the whole index from the registry
  --batch N        Records per store transaction (default 500)
  --limit N        Hits to print for search (default 10)
  --format F       Import or export format
  --all-countries  Import trials without a Japanese site too
  --no-index       After importing, leave the index for the server's catch-up or a rebuild
  --out FILE       Export to FILE instead of stdout
  -h, --help       Show this help

Exit status: 0 when every record was indexed, 1 when some were rejected, 2 on failure.
)";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "rinsho-indexer: %s\nTry 'rinsho-indexer --help'.\n", message.c_str());
  return 2;
}

std::optional<std::size_t> positive(const std::string& s) {
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (end == s.c_str() || *end != '\0' || v <= 0) return std::nullopt;
  return static_cast<std::size_t>(v);
}

int print_ingest(const Result<IngestStats>& stats) {
  if (!stats) {
    std::fprintf(stderr, "rinsho-indexer: %s\n", stats.error().message.c_str());
    return 2;
  }
  std::fprintf(stderr, "read %llu, accepted %llu, unchanged %llu, rejected %llu, indexed %llu\n",
               (unsigned long long)stats->read, (unsigned long long)stats->accepted,
               (unsigned long long)stats->unchanged, (unsigned long long)stats->rejected,
               (unsigned long long)stats->indexed);
  return stats->rejected > 0 ? 1 : 0;
}

}  // namespace

int run_cli(const std::vector<std::string>& args) {
  const char* env_dir = std::getenv("RINSHO_DATA_DIR");
  std::filesystem::path data_dir = env_dir && *env_dir ? env_dir : "data";
  const char* env_database = std::getenv("RINSHO_DATABASE");
  std::string database_url = env_database ? env_database : "";
  std::string command;
  std::vector<std::string> rest;
  bool rebuild = false, all_countries = false, no_index = false;
  std::string format, out_path;
  std::size_t batch = 500, limit = 10;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    auto value = [&](const char* name) -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      (void)name;
      return args[++i];
    };
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--data-dir") {
      auto v = value("--data-dir");
      if (!v) return usage_error("--data-dir needs a directory");
      data_dir = *v;
    } else if (a == "--database") {
      auto v = value("--database");
      if (!v) return usage_error("--database needs a postgresql:// URL");
      database_url = *v;
    } else if (a == "--rebuild") {
      rebuild = true;
    } else if (a == "--all-countries") {
      all_countries = true;
    } else if (a == "--no-index") {
      no_index = true;
    } else if (a == "--format" || a == "--out") {
      auto v = value(a.c_str());
      if (!v) return usage_error(a + " needs a value");
      (a == "--format" ? format : out_path) = *v;
    } else if (a == "--batch" || a == "--limit") {
      auto v = value(a.c_str());
      auto n = v ? positive(*v) : std::nullopt;
      if (!n) return usage_error(a + " needs a positive number");
      (a == "--batch" ? batch : limit) = *n;
    } else if (a.size() > 1 && a[0] == '-' && a != "-") {
      return usage_error("unknown option " + a);
    } else if (command.empty()) {
      command = a;
    } else {
      rest.push_back(a);
    }
  }
  if (auto backend = store::database_backend(database_url); !backend) return usage_error(backend.error().message);
  if (command == "ingest") {
    if (rest.empty()) return usage_error("ingest needs at least one PATH");
    return print_ingest(ingest({data_dir, rest, rebuild, batch, database_url}));
  }
  if (command == "rebuild") return print_ingest(rebuild_index(data_dir, database_url));
  if (command == "search") return run_search(data_dir, rest, limit);
  if (command == "import") {
    if (format.empty()) return usage_error("import needs --format");
    return run_import({data_dir, format, all_countries, rest, database_url, !no_index});
  }
  if (command == "duplicates") return run_duplicates(data_dir, database_url);
  if (command == "export") {
    if (format.empty()) return usage_error("export needs --format");
    return run_export(data_dir, format, out_path, database_url);
  }
  if (command.empty()) return usage_error("no command given");
  return usage_error("unknown command " + command);
}

}  // namespace rinsho::indexer
