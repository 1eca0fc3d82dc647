#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "index/document_builder.hpp"
#include "index/index_layout.hpp"
#include "index/registry_id_terms.hpp"
#include "support/sample_trials.hpp"

using namespace rinsho;

namespace {

std::set<std::string> terms_with_prefix(const Xapian::Document& doc, std::string_view prefix) {
  std::set<std::string> out;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it)
    if ((*it).rfind(prefix, 0) == 0) out.insert(*it);
  return out;
}

}  // namespace

TEST_CASE("add_registry_id_terms indexes the id and every secondary id as boolean XI terms") {
  model::Trial t;
  t.id = "jRCT2042190012";
  t.secondary_ids = std::vector<model::SecondaryId>{{"NCT", "NCT04176289"}, {"JapicCTI", "JapicCTI-194987"},
                                                    {"EudraCT", "2023-504412-29"}, {"other", "--"}};
  Xapian::Document doc;
  index::add_registry_id_terms(doc, t);
  CHECK(terms_with_prefix(doc, index::prefix::registry_id) ==
        std::set<std::string>{"XIjrct2042190012", "XInct04176289", "XIjapiccti194987", "XI202350441229"});
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) CHECK(it.get_wdf() == 0);
}

TEST_CASE("DocumentBuilder::build writes the XI terms of a sample record") {
  auto dictionary = text::Dictionary::builtin();
  REQUIRE(dictionary);
  const text::Analyzer analyzer(std::make_shared<const text::Dictionary>(std::move(*dictionary)));
  const index::DocumentBuilder builder(analyzer);
  const auto record = nlohmann::json::parse(
      testing::read_file(testing::source_dir() / "sample_trials/records/jRCT2032230006.json"));
  auto doc = builder.build(record);
  REQUIRE(doc);
  CHECK(terms_with_prefix(*doc, index::prefix::registry_id) ==
        std::set<std::string>{"XIjrct2032230006", "XInct06087203", "XI202350441229"});
}
