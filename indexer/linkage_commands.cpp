#include "indexer/linkage_commands.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "indexer/ingest.hpp"
#include "linkage/exporter.hpp"
#include "linkage/import_to_store.hpp"
#include "store/store.hpp"

namespace rinsho::indexer {
namespace {

int fail_with(const std::string& message) {
  std::fprintf(stderr, "rinsho-indexer: %s\n", message.c_str());
  return 2;
}

}  // namespace

int run_import(const std::filesystem::path& data_dir, const std::string& format_name, bool all_countries,
               const std::vector<std::string>& files, const std::string& database_url) {
  auto format = linkage::parse_import_format(format_name);
  if (!format) return fail_with(format.error().message + " (use ictrp-xml, ictrp-csv, ctgov-json or ctgov-xml)");
  if (files.empty()) return fail_with("import needs at least one FILE");
  auto store = store::Store::open({data_dir, 5000, database_url});
  if (!store) return fail_with(store.error().message);
  store::WriteContext ctx;
  ctx.actor = "rinsho-indexer import";
  ctx.source = "import";
  linkage::ImportCounts total;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail_with("cannot open " + file);
    auto counts = linkage::import_into_store(*store, *format, in, {all_countries}, ctx, [&](const linkage::ImportOutcome& o) {
      if (o.outcome != "skipped" && o.outcome != "failed") return;
      std::fprintf(stderr, "%s: %s %s\n", file.c_str(), o.source_id.c_str(), o.outcome.c_str());
      for (const auto& r : o.reasons) std::fprintf(stderr, "  %s\n", r.c_str());
    });
    if (!counts) return fail_with(file + ": " + counts.error().message);
    total.imported += counts->imported;
    total.updated += counts->updated;
    total.unchanged += counts->unchanged;
    total.skipped += counts->skipped;
    total.failed += counts->failed;
  }
  auto indexed = update_index(*store, data_dir, false);
  if (!indexed) return fail_with(indexed.error().message);
  std::fprintf(stderr, "imported %zu, updated %zu, unchanged %zu, skipped %zu, failed %zu\n", total.imported,
               total.updated, total.unchanged, total.skipped, total.failed);
  return total.failed > 0 ? 1 : 0;
}

int run_export(const std::filesystem::path& data_dir, const std::string& format_name, const std::string& out_path,
               const std::string& database_url) {
  auto format = linkage::parse_export_format(format_name);
  if (!format) return fail_with(format.error().message + " (use fhir, trds-xml, ctgov-json or csv)");
  auto store = store::Store::open({data_dir, 5000, database_url});
  if (!store) return fail_with(store.error().message);
  std::ofstream file;
  if (!out_path.empty() && out_path != "-") {
    file.open(out_path, std::ios::binary);
    if (!file) return fail_with("cannot write " + out_path);
  }
  std::ostream& out = file.is_open() ? static_cast<std::ostream&>(file) : std::cout;
  auto writer = linkage::make_export_writer(*format);
  writer->begin(out);
  std::size_t count = 0;
  auto ok = store->for_each_trial([&](const store::StoredTrial& t) {
    writer->write(t.record);
    ++count;
    return static_cast<bool>(out);
  });
  writer->end();
  out.flush();
  if (!ok) return fail_with(ok.error().message);
  if (!out) return fail_with("writing the export failed");
  std::fprintf(stderr, "exported %zu trials as %s\n", count, format_name.c_str());
  return 0;
}

}  // namespace rinsho::indexer
