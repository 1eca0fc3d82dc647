#include <doctest/doctest.h>

#include <string>

#include <pugixml.hpp>

#include "common/escape.hpp"

using rinsho::html_escape;

TEST_CASE("html_escape turns the five markup characters into entities and leaves the rest alone") {
  CHECK(html_escape(R"(<a href="x">Tom & Jerry's</a>)") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  CHECK(html_escape("肺がん 第Ⅲ相 ＨＥＲ２") == "肺がん 第Ⅲ相 ＨＥＲ２");  // UTF-8 passes through byte for byte
  CHECK(html_escape("&amp;") == "&amp;amp;");                          // escapes once more, never decodes
  CHECK(html_escape("").empty());
}

TEST_CASE("html_escape output reads back as the same text in XML, in element text and attributes") {
  const std::string hostile = "https://x.example/?a=1&b='2'\"<script>\"";
  const std::string doc = "<r a=\"" + html_escape(hostile) + "\" b='" + html_escape(hostile) + "'>" +
                          html_escape(hostile) + "</r>";
  pugi::xml_document xml;
  REQUIRE(xml.load_string(doc.c_str()));
  CHECK(std::string(xml.child("r").text().get()) == hostile);
  CHECK(std::string(xml.child("r").attribute("a").value()) == hostile);
  CHECK(std::string(xml.child("r").attribute("b").value()) == hostile);
}
