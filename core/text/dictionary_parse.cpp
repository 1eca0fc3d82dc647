// Dictionary::parse: data/concepts.tsv -> the indexed DictionaryData (format in data/README.md).
#include <algorithm>
#include <optional>

#include "text/dictionary_impl.hpp"
#include "text/normalizer.hpp"
#include "text/spelling.hpp"
#include "text/unicode_util.hpp"

namespace rinsho::text {
namespace {

using detail::DictionaryData;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (;;) {
    auto at = s.find(sep);
    parts.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return parts;
    s.remove_prefix(at + 1);
  }
}

// '|'-separated, blanks dropped.
std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  for (auto part : split(s, '|')) {
    part = trim(part);
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

std::optional<ConceptKind> parse_kind(std::string_view s) {
  static constexpr std::pair<std::string_view, ConceptKind> kinds[] = {
      {"condition", ConceptKind::condition}, {"intervention", ConceptKind::intervention},
      {"anatomy", ConceptKind::anatomy},     {"term", ConceptKind::term},
      {"attribute", ConceptKind::attribute}, {"noise", ConceptKind::noise},
  };
  for (auto [name, kind] : kinds) {
    if (name == s) return kind;
  }
  return std::nullopt;
}

struct Parser {
  std::string_view source;
  DictionaryData data;
  std::vector<std::size_t> lines;  // line number of each concept, for broader errors

  tl::unexpected<Error> error(std::size_t line, const std::string& message) const {
    return fail(ErrorCode::invalid_argument, std::string(source) + ":" + std::to_string(line) + ": " + message);
  }

  Result<void> add_variants(std::size_t line, std::size_t index, const std::vector<bool>& readings) {
    const Concept& c = data.concepts[index];
    for (std::size_t v = 0; v < c.variants.size(); ++v) {
      std::string key = normalize(c.variants[v]);
      if (trim(key).empty()) return error(line, "variant '" + c.variants[v] + "' is empty after normalisation");
      const bool reading = readings[v];
      auto& own = reading ? data.by_reading : data.by_variant;
      const auto& other = reading ? data.by_variant : data.by_reading;
      auto [it, fresh] = own.try_emplace(key, index);
      auto clash = other.find(key);
      if ((!fresh && it->second != index) || (clash != other.end())) {
        // One spelling, two meanings: matching could not choose, so the file must.
        const auto owner = clash != other.end() ? clash->second : it->second;
        return error(line, "variant '" + c.variants[v] + "' (normalised '" + key + "') already belongs to '" +
                               data.concepts[owner].id + "'");
      }
      if (!fresh) continue;  // two spellings of this concept that normalise alike (肺ガン, 肺ｶﾞﾝ)
      std::size_t i = 0;
      char32_t first = detail::next_code_point(key, i);
      char32_t second = i < key.size() ? detail::next_code_point(key, i) : detail::kNoCodePoint;
      data.lengths_by_start[detail::start_key(first, second)].push_back(
          static_cast<std::uint32_t>(detail::utf8_length(key)));
      if (spelling_script(key) != SpellingScript::none) {
        auto cps = to_code_points(key);
        if (data.spellings_by_length.size() <= cps.size()) data.spellings_by_length.resize(cps.size() + 1);
        data.spellings_by_length[cps.size()].push_back({std::move(cps), index, v});
      }
      data.completions.push_back({std::move(key), index, v});
    }
    return {};
  }

  Result<void> add_line(std::size_t line, std::string_view text) {
    auto columns = split(text, '\t');
    // Trailing empty columns (filter, related) may be cut off.
    while (columns.size() < 6 && columns.size() >= 4) columns.push_back({});
    if (columns.size() != 6) {
      return error(line, "expected 5 or 6 tab-separated columns (kind, id, broader, variants, filter[, related]), found " +
                             std::to_string(columns.size()));
    }
    auto kind = parse_kind(trim(columns[0]));
    if (!kind) return error(line, "unknown kind '" + std::string(trim(columns[0])) + "'");
    Concept c;
    c.kind = *kind;
    c.id = std::string(trim(columns[1]));
    c.broader = split_list(columns[2]);
    c.variants = split_list(columns[3]);
    std::vector<bool> readings;  // "~いがん": a query-only reading, kept without its mark
    for (auto& v : c.variants) {
      readings.push_back(!v.empty() && v[0] == '~');
      if (readings.back()) v.erase(0, 1);
    }
    c.filter = std::string(trim(columns[4]));
    c.related = split_list(columns[5]);
    if (c.id.empty()) return error(line, "empty id");
    if (c.variants.empty()) return error(line, "concept '" + c.id + "' has no variants");
    if (c.kind == ConceptKind::attribute && c.filter.empty()) return error(line, "attribute '" + c.id + "' has no filter");
    if (c.kind != ConceptKind::attribute && !c.filter.empty()) {
      return error(line, "only attributes take a filter, '" + c.id + "' is not one");
    }
    if ((c.kind == ConceptKind::attribute || c.kind == ConceptKind::noise) && !c.related.empty()) {
      return error(line, "attribute and noise words take no related concepts ('" + c.id + "')");
    }
    auto index = data.concepts.size();
    if (!data.by_id.try_emplace(c.id, index).second) {
      return error(line, "duplicate id '" + c.id + "' (first on line " + std::to_string(lines[data.by_id.find(c.id)->second]) + ")");
    }
    data.concepts.push_back(std::move(c));
    lines.push_back(line);
    return add_variants(line, index, readings);
  }

  Result<void> resolve_links() {
    data.broader.resize(data.concepts.size());
    data.related.resize(data.concepts.size());
    for (std::size_t i = 0; i < data.concepts.size(); ++i) {
      for (const auto& id : data.concepts[i].broader) {
        auto it = data.by_id.find(id);
        if (it == data.by_id.end()) return error(lines[i], "unknown broader id '" + id + "'");
        data.broader[i].push_back(it->second);
      }
      for (const auto& id : data.concepts[i].related) {
        auto it = data.by_id.find(id);
        if (it == data.by_id.end()) return error(lines[i], "unknown related id '" + id + "'");
        const auto kind = data.concepts[it->second].kind;
        if (kind == ConceptKind::attribute || kind == ConceptKind::noise || it->second == i)
          return error(lines[i], "related id '" + id + "' must be another condition, intervention, anatomy or term");
        data.related[i].push_back(it->second);
      }
    }
    return {};
  }

  void finish() {
    for (auto& [start, lengths] : data.lengths_by_start) {
      std::sort(lengths.begin(), lengths.end(), std::greater<>());
      lengths.erase(std::unique(lengths.begin(), lengths.end()), lengths.end());
    }
    std::sort(data.completions.begin(), data.completions.end(),
              [](const auto& a, const auto& b) { return a.normalized < b.normalized; });
  }
};

bool is_header(std::string_view line) { return line.substr(0, 5) == "kind\t"; }

}  // namespace

Result<Dictionary> Dictionary::parse(std::string_view tsv, std::string_view source_name) {
  Parser parser{source_name, {}, {}};
  std::size_t line_number = 0;
  while (!tsv.empty()) {
    auto eol = tsv.find('\n');
    auto line = tsv.substr(0, eol);
    tsv = eol == std::string_view::npos ? std::string_view() : tsv.substr(eol + 1);
    ++line_number;
    if (trim(line).empty() || line.front() == '#' || is_header(line)) continue;
    if (auto added = parser.add_line(line_number, line); !added) return tl::unexpected(added.error());
  }
  if (auto resolved = parser.resolve_links(); !resolved) return tl::unexpected(resolved.error());
  parser.finish();
  Dictionary dictionary;
  dictionary.impl_ = std::make_shared<const Impl>(Impl{std::move(parser.data)});
  return dictionary;
}

}  // namespace rinsho::text
