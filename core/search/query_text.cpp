#include "search/query_text.hpp"

namespace rinsho::search {
namespace {

// Full-width forms are folded later by the analyser; here we only need to see separators,
// quotes and the minus sign as a phone keyboard types them.
bool starts_with_at(std::string_view s, std::size_t i, std::string_view what) { return s.substr(i, what.size()) == what; }

std::size_t space_len(std::string_view s, std::size_t i) {
  if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') return 1;
  if (starts_with_at(s, i, "\u3000")) return 3;
  return 0;
}

std::size_t open_quote_len(std::string_view s, std::size_t i, std::string_view& close) {
  if (s[i] == '"') { close = "\""; return 1; }
  if (starts_with_at(s, i, "\u201C")) { close = "\u201D"; return 3; }
  if (starts_with_at(s, i, "\u300C")) { close = "\u300D"; return 3; }
  if (starts_with_at(s, i, "\uFF02")) { close = "\uFF02"; return 3; }
  return 0;
}

std::size_t minus_len(std::string_view s, std::size_t i) {
  if (s[i] == '-') return 1;
  if (starts_with_at(s, i, "\uFF0D") || starts_with_at(s, i, "\u2212")) return 3;
  return 0;
}

bool is_or(const std::string& w) { return w == "OR" || w == "|" || w == "\uFF2F\uFF32" || w == "\uFF5C"; }

}  // namespace

std::vector<QueryClause> split_query(std::string_view q) {
  std::vector<QueryWord> words;
  std::vector<bool> or_before;
  bool pending_or = false;
  std::size_t i = 0;
  while (i < q.size()) {
    if (auto n = space_len(q, i)) { i += n; continue; }
    QueryWord w;
    if (auto n = minus_len(q, i); n && i + n < q.size() && !space_len(q, i + n)) {
      w.excluded = true;
      i += n;
    }
    std::string_view close;
    if (auto n = open_quote_len(q, i, close)) {
      auto end = q.find(close, i + n);
      w.text = std::string(q.substr(i + n, end == std::string_view::npos ? std::string_view::npos : end - i - n));
      w.phrase = true;
      i = end == std::string_view::npos ? q.size() : end + close.size();
    } else {
      auto start = i;
      while (i < q.size() && !space_len(q, i)) ++i;
      w.text = std::string(q.substr(start, i - start));
    }
    if (!w.phrase && !w.excluded && is_or(w.text)) {
      pending_or = !words.empty();
      continue;
    }
    if (w.text.empty()) continue;
    words.push_back(std::move(w));
    or_before.push_back(pending_or);
    pending_or = false;
  }
  std::vector<QueryClause> clauses;
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (or_before[k] && !clauses.empty() && !words[k].excluded) clauses.back().push_back(std::move(words[k]));
    else clauses.push_back({std::move(words[k])});
  }
  return clauses;
}

}  // namespace rinsho::search
