// QR codes for the printout (frontend/qr_code.cpp): the symbol's size and fixed patterns, and an SVG
// that draws exactly its dark modules inside a quiet zone. Nothing decodes the code here; the
// structure is what libqrencode promises and what a scanner looks for first.
#include <doctest/doctest.h>

#include <pugixml.hpp>
#include <regex>

#include "frontend/qr_code.hpp"

using namespace rinsho::frontend;

namespace {

// A finder pattern: a 7x7 dark ring, a light ring, a 3x3 dark centre.
bool finder_at(const QrMatrix& qr, int x0, int y0) {
  for (int y = 0; y < 7; ++y)
    for (int x = 0; x < 7; ++x) {
      const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
      const bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
      if (qr.at(x0 + x, y0 + y) != (ring || centre)) return false;
    }
  return true;
}

}  // namespace

TEST_CASE("qr_matrix: a trial URL gives a symbol of the standard size with its three finder patterns") {
  const std::string url = "https://rinsho.example/trials/jRCT2031240001?lang=en";
  auto qr = qr_matrix(url);
  REQUIRE(qr);
  CHECK(qr->version >= 3);  // 52 bytes at level M need version 4; never fewer modules than that allows
  CHECK(qr->version <= 5);
  CHECK(qr->size == 17 + 4 * qr->version);
  CHECK(qr->dark.size() == std::size_t(qr->size) * qr->size);
  CHECK(finder_at(*qr, 0, 0));
  CHECK(finder_at(*qr, qr->size - 7, 0));
  CHECK(finder_at(*qr, 0, qr->size - 7));
  CHECK(!finder_at(*qr, qr->size - 7, qr->size - 7));  // the fourth corner has none
  // Timing pattern: row 6 alternates between the finders.
  for (int x = 8; x < qr->size - 8; ++x) CHECK(qr->at(x, 6) == (x % 2 == 0));
  // The same text always gives the same symbol; another text another one.
  CHECK(qr_matrix(url)->dark == qr->dark);
  CHECK(qr_matrix(url + "x")->dark != qr->dark);
  // Longer text, more modules.
  CHECK(qr_matrix(std::string(300, 'a'))->size > qr->size);
  CHECK(!qr_matrix(""));
  CHECK(!qr_matrix(std::string(8000, 'a')));  // beyond version 40
}

TEST_CASE("qr_svg: one path whose runs cover exactly the dark modules, inside a quiet zone, with an escaped name") {
  auto qr = qr_matrix("https://rinsho.example/trials/jRCT2031240001");
  REQUIRE(qr);
  const auto svg = qr_svg(*qr, "QR \"<jRCT>\"");
  pugi::xml_document doc;
  REQUIRE(doc.load_string(svg.c_str()));
  const auto root = doc.child("svg");
  const int side = qr->size + 2 * kQrQuietZone;
  CHECK(std::string(root.attribute("viewBox").value()) == "0 0 " + std::to_string(side) + " " + std::to_string(side));
  CHECK(std::string(root.attribute("role").value()) == "img");
  CHECK(std::string(root.attribute("aria-label").value()) == "QR \"<jRCT>\"");
  CHECK(std::string(root.child("rect").attribute("fill").value()) == "#fff");
  // Paint the runs back onto a grid and compare with the matrix.
  std::vector<bool> painted(qr->dark.size(), false);
  const std::string d = root.child("path").attribute("d").value();
  const std::regex run("M([0-9]+) ([0-9]+)h([0-9]+)v1h-([0-9]+)z");
  std::size_t runs = 0;
  for (auto it = std::sregex_iterator(d.begin(), d.end(), run); it != std::sregex_iterator(); ++it, ++runs) {
    const int x = std::stoi((*it)[1]) - kQrQuietZone, y = std::stoi((*it)[2]) - kQrQuietZone, n = std::stoi((*it)[3]);
    REQUIRE(x >= 0);
    REQUIRE(y >= 0);
    REQUIRE(x + n <= qr->size);
    REQUIRE(y < qr->size);
    CHECK((*it)[3] == (*it)[4]);
    for (int i = 0; i < n; ++i) painted[std::size_t(y) * qr->size + x + i] = true;
  }
  CHECK(runs > 0);
  CHECK(painted == qr->dark);
}
