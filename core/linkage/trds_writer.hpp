#pragma once
// Writes the fields of one ICTRP-layout <Trial> (internal to the TRDS exporter). Japanese text goes
// into "<Field>_ja" siblings; lists are ";"-joined item for item in both languages.
#include <string>
#include <utility>
#include <vector>

#include <pugixml.hpp>

#include "model/trial.hpp"

namespace rinsho::linkage {

class TrialWriter {
 public:
  explicit TrialWriter(pugi::xml_node trial) : trial_(trial) {}

  // Skips empty values, as ICTRP leaves out fields a registry does not have.
  void put(const std::string& name, const std::string& value);
  // English (Japanese when there is no English) in <name>; Japanese in <name_ja> when both exist.
  void text(const std::string& name, const std::optional<model::LocalizedText>& t);
  // Items as (main, Japanese) pairs; "-" holds the place of an item with no Japanese.
  void list(const std::string& name, const std::vector<std::pair<std::string, std::string>>& items);

 private:
  pugi::xml_node trial_;
};

// An item's (main, Japanese) texts as TrialWriter::list takes them.
std::pair<std::string, std::string> item_pair(const model::LocalizedText& t);

void write_trds_lists(const model::Trial& t, TrialWriter& w);

}  // namespace rinsho::linkage
