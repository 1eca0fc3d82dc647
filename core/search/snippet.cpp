#include "search/snippet.hpp"

#include <algorithm>
#include <vector>

#include "common/escape.hpp"

namespace rinsho::search {
namespace {

struct Span {
  std::size_t begin, end;  // source bytes
};

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

std::vector<Span> merge(std::vector<Span> spans) {
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::vector<Span> out;
  for (const auto& s : spans) {
    if (!out.empty() && s.begin <= out.back().end) out.back().end = std::max(out.back().end, s.end);
    else out.push_back(s);
  }
  return out;
}

// Byte offset `chars` code points before/after `from`, staying on character boundaries.
std::size_t step_back(std::string_view s, std::size_t from, std::size_t chars) {
  while (from > 0 && chars > 0) {
    --from;
    while (from > 0 && is_continuation(s[from])) --from;
    --chars;
  }
  return from;
}
std::size_t step_forward(std::string_view s, std::size_t from, std::size_t chars) {
  while (from < s.size() && chars > 0) {
    ++from;
    while (from < s.size() && is_continuation(s[from])) ++from;
    --chars;
  }
  return from;
}

// The first max_chars characters, escaped, with an ellipsis when cut.
std::string excerpt(std::string_view text, std::size_t start, const SnippetOptions& options) {
  const std::size_t stop = step_forward(text, start, options.max_chars);
  std::string out = start > 0 ? "…" : "";
  out += html_escape(text.substr(start, stop - start));
  if (stop < text.size()) out += "…";
  return out;
}

}  // namespace

std::string make_snippet(std::string_view text, const std::set<std::string>& terms,
                         const std::set<std::string>& concepts, const text::Analyzer& analyzer,
                         const SnippetOptions& options) {
  if (terms.empty() && concepts.empty()) return excerpt(text, 0, options);
  const auto a = analyzer.analyze_for_highlight(text);
  const auto& offsets = a.normalized.source_offsets;
  auto to_source = [&](std::size_t begin, std::size_t end) {
    return Span{offsets[begin], offsets[std::min(end, offsets.size() - 1)]};
  };
  std::vector<Span> spans;
  for (const auto& t : a.tokens)
    if (t.kind != text::Token::Kind::katakana_anchor && terms.count(t.term)) spans.push_back(to_source(t.begin, t.end));
  for (const auto& m : a.concepts) {
    for (const auto& id : analyzer.dictionary().with_ancestors(m.concept_index)) {
      if (concepts.count(id)) {
        spans.push_back(to_source(m.begin, m.end));
        break;
      }
    }
  }
  spans = merge(std::move(spans));
  const std::size_t anchor = spans.empty() ? 0 : spans.front().begin;
  std::size_t start = step_back(text, anchor, spans.empty() ? 0 : options.max_chars / 4);
  std::size_t stop = step_forward(text, start, options.max_chars);
  std::string out = start > 0 ? "…" : "";
  std::size_t at = start;
  for (const auto& s : spans) {
    if (s.end <= start || s.begin >= stop) continue;
    const auto b = std::max(s.begin, start), e = std::min(s.end, stop);
    out += html_escape(text.substr(at, b - at));
    out += "<mark>" + html_escape(text.substr(b, e - b)) + "</mark>";
    at = e;
  }
  out += html_escape(text.substr(at, stop - at));
  if (stop < text.size()) out += "…";
  return out;
}

}  // namespace rinsho::search
