#include <doctest/doctest.h>

#include "store/store.hpp"
#include "store_fixture.hpp"
#include "support/sample_trials.hpp"

using namespace rinsho;
namespace fs = std::filesystem;

namespace {

// Reads every file of the store (the database, and its WAL while open; on PostgreSQL the server's
// whole data directory after a checkpoint) looking for the secret.
void check_secret_not_on_disk(const fs::path& dir, const std::string& plaintext) {
  std::string all;
  for (const auto& e : fs::recursive_directory_iterator(testing::store_files(dir)))
    if (e.is_regular_file()) all += testing::read_file(e.path());
  CHECK(all.find(plaintext) == std::string::npos);
  CHECK(all.find(plaintext.substr(4)) == std::string::npos);
  CHECK(all.find("ci deploy") != std::string::npos);  // the search itself works: the label is there
}

}  // namespace

TEST_CASE("Store::create_org gives each organisation an id and refuses duplicate names") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  auto a = s.create_org("リンショウ製薬");
  REQUIRE(a.has_value());
  CHECK(a->id.rfind("org_", 0) == 0);
  CHECK(a->id.size() == 4 + 16);
  auto found = s.find_org(a->id);
  REQUIRE(found->has_value());
  CHECK((*found)->name == "リンショウ製薬");
  CHECK((*found)->created_at == a->created_at);
  CHECK_FALSE(s.find_org("org_missing")->has_value());

  auto dup = s.create_org("リンショウ製薬");
  REQUIRE_FALSE(dup.has_value());
  CHECK(dup.error().code == ErrorCode::conflict);
  CHECK(s.create_org("").error().code == ErrorCode::invalid_argument);
  CHECK(s.create_org("別の会社")->id != a->id);
}

TEST_CASE("Store tokens: issue, verify, list without the secret, revoke") {
  testing::TempDir tmp;
  std::string plaintext;
  {
    auto s = testing::open_store(tmp.path());
    auto org = s.create_org("A").value();
    auto issued = s.issue_token(org.id, "ci deploy");
    REQUIRE(issued.has_value());
    plaintext = issued->token;
    CHECK(plaintext.rfind("rin_", 0) == 0);
    CHECK(plaintext.size() == 4 + 64);
    CHECK(issued->prefix == plaintext.substr(0, 8));
    auto second = s.issue_token(org.id, "second");
    REQUIRE(second.has_value());
    CHECK(second->token != plaintext);
    CHECK(second->token_id != issued->token_id);

    auto verified = s.verify_token(plaintext);
    REQUIRE(verified.has_value());
    REQUIRE(verified->has_value());
    CHECK((*verified)->org_id == org.id);
    CHECK((*verified)->token_id == issued->token_id);
    CHECK((*verified)->label == "ci deploy");

    std::string wrong = plaintext;
    wrong.back() = wrong.back() == '0' ? '1' : '0';
    for (const std::string& bad : {wrong, std::string("rin_"), std::string(""), plaintext + "x", issued->prefix}) {
      auto r = s.verify_token(bad);
      REQUIRE(r.has_value());
      CHECK_FALSE(r->has_value());
    }

    auto listed = s.list_tokens(org.id);
    REQUIRE(listed->size() == 2);
    CHECK((*listed)[0].prefix == issued->prefix);  // in issue order
    CHECK((*listed)[1].token_id == second->token_id);
    CHECK((*listed)[1].label == "second");
    CHECK_FALSE((*listed)[0].revoked_at.has_value());

    REQUIRE(s.revoke_token(issued->token_id).has_value());
    CHECK_FALSE(s.verify_token(plaintext)->has_value());
    CHECK(s.revoke_token(issued->token_id).has_value());  // twice is fine
    auto after = s.list_tokens(org.id);
    for (const auto& t : *after)
      if (t.token_id == issued->token_id) CHECK(t.revoked_at.has_value());

    CHECK(s.revoke_token("tok_missing").error().code == ErrorCode::not_found);
    CHECK(s.issue_token("org_missing", "x").error().code == ErrorCode::not_found);
    CHECK(s.list_tokens("org_missing")->empty());
    check_secret_not_on_disk(tmp.path(), plaintext);  // while open: the WAL holds the recent writes
  }
  check_secret_not_on_disk(tmp.path(), plaintext);  // after close: checkpointed into the main file
}

TEST_CASE("Store::revoke_org_token revokes only the organisation's own tokens") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  const auto mine = s.create_org("自分の機関").value();
  const auto theirs = s.create_org("別の機関").value();
  const auto own = s.issue_token(mine.id, "portal").value();
  const auto other = s.issue_token(theirs.id, "theirs").value();

  // Another organisation's token, or one that does not exist, is the same answer: nothing revoked.
  CHECK_FALSE(s.revoke_org_token(mine.id, other.token_id).value());
  CHECK_FALSE(s.revoke_org_token(mine.id, "tok_0000000000000000").value());
  CHECK(s.verify_token(other.token).value().has_value());

  CHECK(s.revoke_org_token(mine.id, own.token_id).value());
  CHECK_FALSE(s.verify_token(own.token).value().has_value());
  const auto listed = s.list_tokens(mine.id).value();
  REQUIRE(listed.size() == 1);
  REQUIRE(listed[0].revoked_at.has_value());
  const std::string first = *listed[0].revoked_at;
  // Revoking twice keeps the first time.
  CHECK(s.revoke_org_token(mine.id, own.token_id).value());
  CHECK(*s.list_tokens(mine.id).value()[0].revoked_at == first);
}
