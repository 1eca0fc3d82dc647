#pragma once
// The two Atom feeds, as AtomFeed structs built from plain data: a trial's versions
// (/trials/{id}.atom) and a search's newest and changed trials (/search.atom).
#include <string>
#include <vector>

#include "frontend/atom.hpp"
#include "frontend/views.hpp"

namespace rinsho::frontend {

class Messages;

struct TrialFeedView {
  model::Trial trial;                  // as it is now: its title names every entry
  std::vector<VersionEntry> versions;  // oldest first
};

// One matching trial with its latest version as the store has it.
struct SearchFeedItem {
  search::Hit hit;
  VersionEntry latest;
};

struct SearchFeedView {
  search::SearchRequest request;
  std::vector<SearchFeedItem> items;  // newest first
  std::string now;                    // RFC 3339: the feed's <updated> when nothing matched
};

// Entry ids are "<trial page URL>#v<version>": one per version, the same in every request.
AtomFeed trial_feed(const TrialFeedView& view, const PageContext& ctx, const Messages& m);
AtomFeed search_feed(const SearchFeedView& view, const PageContext& ctx, const Messages& m);

// The feed URL for the page being rendered ("/search.atom?q=…&lang=en", "/trials/<id>.atom"),
// relative to the site. Used by the pages' <link rel="alternate"> and "follow" links.
std::string search_feed_href(const PageContext& ctx);
std::string trial_feed_href(const std::string& id, const std::string& lang);

}  // namespace rinsho::frontend
