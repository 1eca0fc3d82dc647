// Portal accounts in the store: people, one-time password links and sessions, on both back ends.
#include <doctest/doctest.h>

#include <thread>

#include "store/store.hpp"
#include "store_fixture.hpp"

using namespace rinsho;
using namespace std::chrono_literals;

TEST_CASE("Store::create_person keeps emails lower-cased and unique, and checks org, email and role") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  const auto org = s.create_org("臨床大学病院").value();
  auto p = s.create_person(org.id, "Hanako.Yamada@Example.JP", "editor");
  REQUIRE(p.has_value());
  CHECK(p->id.rfind("usr_", 0) == 0);
  CHECK(p->email == "hanako.yamada@example.jp");
  CHECK_FALSE(p->has_password);

  auto found = s.find_person_by_email("HANAKO.yamada@example.jp");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK((*found)->id == p->id);
  CHECK_FALSE(s.find_person_by_email("nobody@example.jp")->has_value());

  CHECK(s.create_person(org.id, "hanako.YAMADA@example.jp", "admin").error().code == ErrorCode::conflict);
  CHECK(s.create_person("org_0000000000000000", "x@example.jp", "editor").error().code == ErrorCode::not_found);
  CHECK(s.create_person(org.id, "not-an-email", "editor").error().code == ErrorCode::invalid_argument);
  CHECK(s.create_person(org.id, "a b@example.jp", "editor").error().code == ErrorCode::invalid_argument);
  CHECK(s.create_person(org.id, "y@example.jp", "owner").error().code == ErrorCode::invalid_argument);

  auto people = s.list_people(org.id);
  REQUIRE(people.has_value());
  REQUIRE(people->size() == 1);
  CHECK((*people)[0].email == "hanako.yamada@example.jp");
}

TEST_CASE("A password link works once, replaces earlier links, and ends the person's sessions") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  const auto org = s.create_org("A").value();
  const auto person = s.create_person(org.id, "a@example.jp", "admin").value();

  const auto first = s.issue_password_link(person.id, 72h).value();
  CHECK(first.rfind("pwl_", 0) == 0);
  CHECK(first.size() == 68);
  const auto second = s.issue_password_link(person.id, 72h).value();
  CHECK_FALSE(s.peek_password_link(first)->has_value());  // replaced
  REQUIRE(s.peek_password_link(second)->has_value());
  CHECK((*s.peek_password_link(second))->email == "a@example.jp");

  const auto session = s.start_session(person.id).value();
  REQUIRE(s.find_session(session.secret, 30min, 12h)->has_value());

  auto used = s.use_password_link(second, "$argon2id$v=19$stand-in");
  REQUIRE(used.has_value());
  REQUIRE(used->has_value());
  CHECK((*used)->has_password);
  CHECK((*s.find_credentials("a@example.jp"))->password_hash == "$argon2id$v=19$stand-in");
  CHECK_FALSE(s.use_password_link(second, "again")->has_value());  // used up
  CHECK_FALSE(s.find_session(session.secret, 30min, 12h)->has_value());  // signed out everywhere

  CHECK_FALSE(s.peek_password_link("pwl_" + std::string(64, '0'))->has_value());
  CHECK_FALSE(s.peek_password_link("garbage")->has_value());
  CHECK(s.issue_password_link("usr_missing", 72h).error().code == ErrorCode::not_found);
}

TEST_CASE("An expired password link does nothing") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  const auto org = s.create_org("A").value();
  const auto person = s.create_person(org.id, "a@example.jp", "editor").value();
  const auto link = s.issue_password_link(person.id, -1s).value();
  CHECK_FALSE(s.peek_password_link(link)->has_value());
  CHECK_FALSE(s.use_password_link(link, "hash")->has_value());
  CHECK_FALSE((*s.find_credentials("a@example.jp"))->person.has_password);
}

TEST_CASE("Sessions: found while fresh, gone after end_session, idle or too old") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  const auto org = s.create_org("A").value();
  const auto person = s.create_person(org.id, "a@example.jp", "editor").value();
  const auto a = s.start_session(person.id).value();
  const auto b = s.start_session(person.id).value();
  CHECK(a.secret.rfind("ses_", 0) == 0);
  CHECK(a.secret != b.secret);
  CHECK(a.csrf != b.csrf);
  CHECK(a.csrf.size() == 64);

  auto found = s.find_session(a.secret, 30min, 12h);
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK((*found)->person.id == person.id);
  CHECK((*found)->person.org_id == org.id);
  CHECK((*found)->csrf == a.csrf);

  REQUIRE(s.end_session(a.secret).has_value());
  CHECK_FALSE(s.find_session(a.secret, 30min, 12h)->has_value());
  CHECK(s.find_session(b.secret, 30min, 12h)->has_value());  // the other one is untouched

  std::this_thread::sleep_for(20ms);
  CHECK_FALSE(s.find_session(b.secret, 10ms, 12h)->has_value());  // idle too long
  CHECK_FALSE(s.find_session(b.secret, 30min, 10ms)->has_value());  // older than its lifetime
  CHECK_FALSE(s.find_session("ses_" + std::string(64, 'a'), 30min, 12h)->has_value());
  CHECK_FALSE(s.find_session("", 30min, 12h)->has_value());
  CHECK(s.start_session("usr_missing").error().code == ErrorCode::not_found);
}

TEST_CASE("list_org_trials gives the organisation's own trials only, newest update first") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  const auto a = s.create_org("A").value();
  const auto b = s.create_org("B").value();
  REQUIRE(s.put_trial(testing::small_record("jRCT2031250001", "一つ目"), testing::org_ctx(a.id)).has_value());
  REQUIRE(s.put_trial(testing::small_record("jRCT2031250002", "二つ目"), testing::org_ctx(b.id)).has_value());
  REQUIRE(s.put_trial(testing::small_record("jRCT2031250003", "三つ目"), testing::org_ctx(a.id)).has_value());
  auto mine = s.list_org_trials(a.id);
  REQUIRE(mine.has_value());
  REQUIRE(mine->size() == 2);
  CHECK((*mine)[0].id == "jRCT2031250003");
  CHECK((*mine)[1].id == "jRCT2031250001");
  CHECK(s.list_org_trials("org_nobody")->empty());
}
