#include <doctest/doctest.h>

#include <string>

#include "metrics/user_agent.hpp"

using namespace rinsho::metrics;

namespace {

const UserAgentClassifier& classifier() {
  static const UserAgentClassifier c = [] {
    auto built = UserAgentClassifier::builtin();
    REQUIRE(built.has_value());
    return *built;
  }();
  return c;
}

struct Golden {
  const char* ua;
  Audience audience;
  Device device;
};

}  // namespace

TEST_CASE("UserAgentClassifier::classify golden table: user agent -> audience and device") {
  const Golden table[] = {
      // People: browsers on phones, tablets and desktops
      {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
       Audience::person, Device::phone},
      {"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
       Audience::person, Device::phone},
      {"Mozilla/5.0 (Linux; Android 13; SO-52C Build/64.1.C.0.120; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0 Mobile Safari/537.36 Line/14.3.0",
       Audience::person, Device::phone},  // the LINE in-app browser is a person reading on a phone
      {"Mozilla/5.0 (Linux; Android 10; CUBOT KINGKONG 5 Pro) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
       Audience::person, Device::phone},  // "bot" inside a phone brand is not a bot
      {"Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0", Audience::person, Device::phone},
      {"Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
       Audience::person, Device::tablet},
      {"Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
       Audience::person, Device::tablet},  // Android without "Mobile"
      {"Mozilla/5.0 (Android 14; Tablet; rv:125.0) Gecko/125.0 Firefox/125.0", Audience::person, Device::tablet},
      {"Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/124.2.1 like Chrome/124.0 Safari/537.36",
       Audience::person, Device::tablet},
      {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
       Audience::person, Device::desktop},
      {"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
       Audience::person, Device::desktop},  // also iPadOS in desktop mode: indistinguishable
      {"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", Audience::person, Device::desktop},
      // Search engines and other crawlers
      {"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", Audience::bot, Device::other},
      {"Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
       Audience::bot, Device::other},  // the smartphone crawler is still a crawler
      {"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0 Safari/537.36",
       Audience::bot, Device::other},
      {"Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", Audience::bot, Device::other},
      {"Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", Audience::bot, Device::other},
      {"DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)", Audience::bot, Device::other},
      {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
       Audience::bot, Device::other},
      {"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", Audience::bot, Device::other},
      {"Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", Audience::bot, Device::other},
      {"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.1; +https://openai.com/gptbot)", Audience::bot, Device::other},
      {"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)", Audience::bot, Device::other},
      {"Mozilla/5.0 (compatible; SomeNewCrawler/0.1; +https://example.org/about)", Audience::bot, Device::other},  // generic "+http"
      // Link previews
      {"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", Audience::bot, Device::other},
      {"Twitterbot/1.0", Audience::bot, Device::other},
      {"Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", Audience::bot, Device::other},
      // Monitors
      {"Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", Audience::bot, Device::other},
      {"kube-probe/1.29", Audience::bot, Device::other},
      // Headless browsers are automation, never a person browsing
      {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36",
       Audience::bot, Device::other},
      {"Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0 Mobile Safari/537.36 Chrome-Lighthouse",
       Audience::bot, Device::other},
      // Client programs: HTTP libraries and command-line tools
      {"curl/8.5.0", Audience::program, Device::other},
      {"Wget/1.21.3", Audience::program, Device::other},
      {"python-requests/2.31.0", Audience::program, Device::other},
      {"Go-http-client/1.1", Audience::program, Device::other},
      {"okhttp/4.12.0", Audience::program, Device::other},
      {"cpp-httplib/0.11.4", Audience::program, Device::other},
      {"RinshoSync/2.0 (research group integration)", Audience::program, Device::other},  // not a browser
      // A library that also names itself a bot is a bot
      {"python-requests/2.31.0 (compatible; ExampleBot/1.0)", Audience::bot, Device::other},
      // No user agent at all
      {"", Audience::bot, Device::other},
  };
  for (const auto& g : table) {
    CAPTURE(g.ua);
    const auto c = classifier().classify(std::string_view(g.ua));
    CHECK(c.audience == g.audience);
    CHECK(c.device == g.device);
  }
  CHECK(classifier().classify(std::nullopt).audience == Audience::bot);
}

TEST_CASE("UserAgentClassifier::classify names the category that decided") {
  CHECK(classifier().classify(std::string_view("curl/8.5.0")).category == "library");
  CHECK(classifier().classify(std::string_view("Mozilla/5.0 (compatible; Googlebot/2.1)")).category == "crawler");
  CHECK(classifier().classify(std::string_view("HeadlessChrome/124")).category == "headless");
  CHECK(classifier().classify(std::string_view("Mozilla/5.0 (Windows NT 10.0)")).category.empty());
}

TEST_CASE("UserAgentClassifier::classify reads only the first 512 bytes") {
  std::string long_ua = "Mozilla/5.0 (Windows NT 10.0) " + std::string(600, 'x') + " Googlebot/2.1";
  CHECK(classifier().classify(std::string_view(long_ua)).audience == Audience::person);
}

TEST_CASE("UserAgentClassifier::parse reads categories and rejects bad lines by line number") {
  auto ok = UserAgentClassifier::parse("# comment\n\ncrawler\tExampleBot\nlibrary\tmylib/\n", "test.txt");
  REQUIRE(ok.has_value());
  CHECK(ok->pattern_count() == 2);
  CHECK(ok->classify(std::string_view("Mozilla/5.0 examplebot/1")).audience == Audience::bot);
  CHECK(ok->classify(std::string_view("MyLib/3")).audience == Audience::program);

  auto short_pattern = UserAgentClassifier::parse("crawler\tab\n", "test.txt");
  REQUIRE_FALSE(short_pattern.has_value());
  CHECK(short_pattern.error().message == "test.txt:1: pattern shorter than 3 characters");
  auto no_tab = UserAgentClassifier::parse("# x\ncrawler ExampleBot\n", "test.txt");
  REQUIRE_FALSE(no_tab.has_value());
  CHECK(no_tab.error().message.find("test.txt:2:") == 0);
}

TEST_CASE("builtin bot patterns cover the crawlers the registry sees") {
  CHECK(classifier().pattern_count() >= 100);
}

TEST_CASE("device_class") {
  CHECK(device_class("mozilla/5.0 (ipad; cpu os 17_4 like mac os x) mobile/15e148") == Device::tablet);
  CHECK(device_class("mozilla/5.0 (windows phone 10.0; android 6.0.1) mobile") == Device::phone);
  CHECK(device_class("mozilla/5.0 (linux; android 14) mobile safari") == Device::phone);
  CHECK(device_class("mozilla/5.0 (linux; android 14) safari") == Device::tablet);
  CHECK(device_class("mozilla/5.0 (x11; cros x86_64 14541.0.0)") == Device::desktop);
}
