#pragma once
// The pages around a reader's saved trials: /saved (the list), /compare (two or three side by side)
// and /saved/print (one sheet for the doctor, with QR codes). The list itself lives in the browser
// (localStorage); these pages take it as ?ids=, so a bookmarked URL works without JavaScript.
#include <optional>
#include <string>
#include <vector>

#include "frontend/views.hpp"

namespace rinsho::frontend {

class Renderer;

inline constexpr std::size_t kMaxSavedIds = 20;
inline constexpr std::size_t kMinCompare = 2, kMaxCompare = 3;

struct SavedView {
  std::vector<model::Trial> trials;  // in the order of ?ids=
  std::vector<std::string> missing;  // ids no trial has (deleted, or mistyped in a bookmark)
};

struct CompareView {
  std::vector<model::Trial> trials;       // 2 or 3
  std::optional<search::GeoPoint> near;   // the reader's place: nearest site and distance
};

std::string saved_page(const Renderer& r, const SavedView& view, const PageContext& ctx);
std::string compare_page(const Renderer& r, const CompareView& view, const PageContext& ctx);
std::string print_page(const Renderer& r, const SavedView& view, const PageContext& ctx);

}  // namespace rinsho::frontend
