#pragma once
// Internal to prefectures.cpp: the cities and wards find_prefecture() knows.
#include <span>
#include <string_view>

namespace rinsho::model::detail {

struct Place {
  std::string_view romaji;  // as registries spell it, normalised before comparing; empty: ja only
  std::string_view ja;      // with its 市/区/町 suffix; empty when not listed
  std::string_view code;    // prefecture
};

std::span<const Place> prefecture_places();

}  // namespace rinsho::model::detail
