#include "indexer/record_source.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "model/strict_json.hpp"

namespace rinsho::indexer {
namespace {

namespace fs = std::filesystem;
using Sink = std::function<bool(SourceRecord&&, const SourceProgress&)>;

// A single record file may be as large as a record can be; whole-array files may be larger.
constexpr std::size_t kMaxFileBytes = 512u << 20;

bool is_jsonl(const fs::path& p) { return p.extension() == ".jsonl" || p.extension() == ".ndjson"; }

bool read_jsonl(std::istream& in, const std::string& name, const Sink& sink, SourceProgress& progress) {
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    progress.bytes_done += line.size() + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (!sink({name + ":" + std::to_string(n), model::parse_json_strict(line)}, progress)) return false;
  }
  return true;
}

bool read_json_text(const std::string& text, const std::string& name, const Sink& sink, SourceProgress& progress) {
  model::JsonLimits limits;
  limits.max_bytes = kMaxFileBytes;
  auto parsed = model::parse_json_strict(text, limits);
  const auto start = progress.bytes_done;
  const auto elements = array_elements(text);
  const auto first = text.find_first_not_of(" \t\r\n");
  // An array that failed as a whole: parse its elements one by one, so the good records are
  // ingested and only the bad one is reported.
  if (!parsed && first != std::string::npos && text[first] == '[' && !elements.empty()) {
    for (std::size_t i = 0; i < elements.size(); ++i) {
      const auto& e = elements[i];
      progress.bytes_done = start + e.end;
      auto one = model::parse_json_strict(std::string_view(text).substr(e.begin, e.end - e.begin));
      if (!sink({name + ":" + std::to_string(e.line), std::move(one)}, progress)) return false;
    }
    progress.bytes_done = start + text.size();
    return true;
  }
  if (!parsed || !parsed->is_array()) {
    progress.bytes_done = start + text.size();
    return sink({name + ":1", std::move(parsed)}, progress);
  }
  for (std::size_t i = 0; i < parsed->size(); ++i) {
    progress.bytes_done = start + text.size() * (i + 1) / parsed->size();
    const auto line = i < elements.size() ? elements[i].line : 1;
    if (!sink({name + ":" + std::to_string(line), std::move((*parsed)[i])}, progress)) return false;
  }
  return true;
}

Result<std::vector<fs::path>> expand(const std::vector<std::string>& paths, std::uint64_t& total) {
  std::vector<fs::path> files;
  for (const auto& p : paths) {
    if (p == "-") {
      files.emplace_back("-");
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file() && (it->path().extension() == ".json" || is_jsonl(it->path()))) found.push_back(it->path());
      if (ec) return fail(ErrorCode::io, "cannot read directory " + p + ": " + ec.message());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(p, ec)) {
      files.emplace_back(p);
    } else {
      return fail(ErrorCode::io, "no such file or directory: " + p);
    }
  }
  for (const auto& f : files)
    if (f != "-") total += fs::file_size(f);
  return files;
}

}  // namespace

std::vector<ArrayElement> array_elements(std::string_view text) {
  std::vector<ArrayElement> out;
  std::size_t line = 1;
  int depth = 0;
  bool in_string = false, escaped = false, expecting = false;
  auto close_last = [&](std::size_t at) {
    if (out.empty() || out.back().end != 0) return;
    std::size_t end = at;
    while (end > out.back().begin && std::string_view(" \t\r\n").find(text[end - 1]) != std::string_view::npos) --end;
    out.back().end = end;
  };
  std::size_t closed_at = std::string_view::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (closed_at != std::string_view::npos) {
      if (std::string_view(" \t\r\n").find(c) == std::string_view::npos) return {};  // trailing data
      continue;
    }
    if (c == '\n') ++line;
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (depth == 1 && expecting && c != ']') {
      out.push_back({line, i, 0});
      expecting = false;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') expecting = (++depth == 1);
    else if (c == ']' || c == '}') {
      if (--depth == 0) {
        close_last(i);
        closed_at = i;
      }
    } else if (c == ',' && depth == 1) {
      close_last(i);
      expecting = true;
    }
  }
  // An array that never closed is not split: the file is reported as the one broken document it is.
  if (closed_at == std::string_view::npos) return {};
  return out;
}

Result<void> read_records(const std::vector<std::string>& paths, const Sink& sink) {
  SourceProgress progress;
  auto files = expand(paths, progress.bytes_total);
  if (!files) return tl::unexpected(files.error());
  for (const auto& f : *files) {
    if (f == "-") {
      // stdin: JSONL unless the whole input is one JSON document (starts with '[' or a multi-line object).
      std::ostringstream all;
      all << std::cin.rdbuf();
      const std::string text = all.str();
      const auto first = text.find_first_not_of(" \t\r\n");
      const bool one_document = first != std::string::npos && (text[first] == '[' ||
          (text[first] == '{' && model::parse_json_strict(text, {kMaxFileBytes, 32}).has_value()));
      std::istringstream in(text);
      progress.bytes_total += text.size();
      if (!(one_document ? read_json_text(text, "stdin", sink, progress) : read_jsonl(in, "stdin", sink, progress))) break;
      continue;
    }
    std::ifstream in(f, std::ios::binary);
    if (!in) return fail(ErrorCode::io, "cannot open " + f.string());
    if (is_jsonl(f)) {
      if (!read_jsonl(in, f.string(), sink, progress)) break;
    } else {
      std::ostringstream text;
      text << in.rdbuf();
      if (!read_json_text(text.str(), f.string(), sink, progress)) break;
    }
  }
  return {};
}

}  // namespace rinsho::indexer
