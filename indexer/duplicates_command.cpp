#include "indexer/duplicates_command.hpp"

#include <cstdio>

#include "linkage/duplicates.hpp"

namespace rinsho::indexer {

int run_duplicates(const std::filesystem::path& data_dir, const std::string& database_url) {
  auto store = store::Store::open({data_dir, 5000, database_url});
  if (!store) {
    std::fprintf(stderr, "rinsho-indexer: %s\n", store.error().message.c_str());
    return 2;
  }
  auto groups = linkage::find_probable_duplicates(*store);
  if (!groups) {
    std::fprintf(stderr, "rinsho-indexer: %s\n", groups.error().message.c_str());
    return 2;
  }
  for (const auto& g : *groups) {
    std::printf("%s | %s%s\n", g.title.c_str(), g.sponsor.c_str(),
                g.cross_referenced ? " | cross-referenced but stored apart" : "");
    for (const auto& t : g.trials) {
      std::printf("  %s", t.id.c_str());
      for (const auto& r : t.registry_ids) std::printf(" %s", r.c_str());
      std::printf("\n");
    }
  }
  std::fprintf(stderr, "%zu group(s) of probable duplicates; none were merged. Link them by importing a record "
               "that lists both ids, or leave them apart.\n", groups->size());
  return 0;
}

}  // namespace rinsho::indexer
