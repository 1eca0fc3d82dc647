#include <doctest/doctest.h>

#include <xapian.h>

#include "index/index_layout.hpp"
#include "test_server.hpp"

using namespace rinsho;
using nlohmann::json;

TEST_CASE("the server rebuilds an index written by an older rinsho before it serves searches") {
  const auto dir = testing::fresh_temp_dir("upgrade");
  {
    testing::TestServer::Options o;
    o.ids = {"jRCT2031240001", "jRCT2032240001"};
    testing::TestServer first(o);
    std::filesystem::copy(first.data_dir(), dir, std::filesystem::copy_options::recursive);
  }
  {
    Xapian::WritableDatabase db((dir / "index").string());
    REQUIRE(db.get_doccount() == 2);
    db.set_metadata(index::kFormatKey, "1");
    db.commit();
  }
  testing::TestServer::Options o;
  o.data_dir = dir;
  testing::TestServer server(o);
  auto r = server.client().Get("/api/v1/trials?q=jRCT2031240001");
  REQUIRE(r);
  CHECK(r->status == 200);
  const auto body = json::parse(r->body);
  REQUIRE(!body["hits"].empty());
  CHECK(body["hits"][0]["id"] == "jRCT2031240001");
  CHECK(Xapian::Database((dir / "index").string()).get_metadata(index::kFormatKey) == index::kIndexFormat);
  std::filesystem::remove_all(dir);
}
