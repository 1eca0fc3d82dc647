#include "linkage/xml_scanner.hpp"

#include <algorithm>

#include "linkage/text.hpp"

namespace rinsho::linkage {
namespace {

constexpr std::size_t npos = std::string::npos;
constexpr std::size_t kKeptHead = 64 * 1024;  // of an oversized element, enough to find its id

bool name_end(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>' || c == '/'; }

bool starts_with_at(const std::string& s, std::size_t at, std::string_view prefix, bool ignore_case = false) {
  if (at + prefix.size() > s.size()) return false;
  if (!ignore_case) return s.compare(at, prefix.size(), prefix) == 0;
  return lower_ascii(std::string_view(s).substr(at, prefix.size())) == lower_ascii(prefix);
}

}  // namespace

XmlElementScanner::XmlElementScanner(std::istream& in, std::string element, std::size_t max_element_bytes)
    : in_(in), element_(std::move(element)), max_bytes_(max_element_bytes) {}

bool XmlElementScanner::fill() {
  if (eof_) return false;
  char block[1 << 16];
  in_.read(block, sizeof block);
  const auto n = in_.gcount();
  if (n <= 0) {
    eof_ = true;
    return false;
  }
  buf_.append(block, static_cast<std::size_t>(n));
  return true;
}

std::size_t XmlElementScanner::find(std::string_view needle, std::size_t from) {
  for (;;) {
    if (from < buf_.size()) {
      if (auto at = buf_.find(needle, from); at != npos) return at;
      from = buf_.size() >= needle.size() ? std::max(from, buf_.size() - needle.size() + 1) : from;
    }
    if (!fill()) return npos;
  }
}

Result<void> XmlElementScanner::read_prolog() {
  while (buf_.size() < 4 && fill()) {}
  if (starts_with_at(buf_, 0, "\xFE\xFF") || starts_with_at(buf_, 0, "\xFF\xFE"))
    return fail(ErrorCode::invalid_argument, "the file is UTF-16; save it as UTF-8");
  if (starts_with_at(buf_, 0, "\xEF\xBB\xBF")) pos_ = 3;  // a UTF-8 byte-order mark is fine
  for (;;) {
    const auto p = find("<", pos_);
    if (p == npos) return fail(ErrorCode::invalid_argument, "the file holds no XML element");
    if (!trim(std::string_view(buf_).substr(pos_, p - pos_)).empty())
      return fail(ErrorCode::invalid_argument, "the file does not start with XML");
    find(">", p);  // make sure the whole construct is in the buffer
    if (starts_with_at(buf_, p, "<!DOCTYPE", true))
      return fail(ErrorCode::invalid_argument,
                  "the file declares a DOCTYPE; registries' exports have none, and one can define entities that "
                  "read local files or expand without bound, so it is refused");
    if (starts_with_at(buf_, p, "<?")) {
      const auto end = find("?>", p);
      if (end == npos) return fail(ErrorCode::invalid_argument, "the file ends inside its XML declaration");
      const auto decl = lower_ascii(std::string_view(buf_).substr(p, end - p));
      if (auto enc = decl.find("encoding"); starts_with_at(buf_, p, "<?xml") && enc != npos) {
        const auto q = decl.find_first_of("'\"", enc);
        const auto q2 = q == npos ? npos : decl.find(decl[q], q + 1);
        const auto name = q2 == npos ? std::string() : decl.substr(q + 1, q2 - q - 1);
        if (name != "utf-8" && name != "utf8")
          return fail(ErrorCode::invalid_argument, "the file declares encoding '" + name + "'; only UTF-8 is read (convert it with iconv)");
      }
      pos_ = end + 2;
      continue;
    }
    if (starts_with_at(buf_, p, "<!--")) {
      const auto end = find("-->", p);
      if (end == npos) return fail(ErrorCode::invalid_argument, "the file ends inside a comment");
      pos_ = end + 3;
      continue;
    }
    if (starts_with_at(buf_, p, "<!")) return fail(ErrorCode::invalid_argument, "the file starts with a markup declaration");
    auto end = p + 1;
    while (end < buf_.size() && !name_end(buf_[end])) ++end;
    root_ = buf_.substr(p + 1, end - p - 1);
    if (root_ == element_) {
      pos_ = p;
    } else {
      const auto close = find(">", p);
      if (close == npos) return fail(ErrorCode::invalid_argument, "the file ends inside its root element's start tag");
      root_closed_ = buf_[close - 1] == '/';
      pos_ = close + 1;
    }
    prolog_done_ = true;
    return {};
  }
}

std::size_t XmlElementScanner::find_start_tag(std::size_t from) {
  for (;;) {
    const auto p = find("<", from);
    if (p == npos) return npos;
    while (buf_.size() < p + element_.size() + root_.size() + 3 && fill()) {}
    auto skip_to = [&](std::string_view close) {
      const auto end = find(close, p);
      return end == npos ? npos : end + close.size();
    };
    std::size_t next = p + 1;
    if (starts_with_at(buf_, p, "<!--")) next = skip_to("-->");
    else if (starts_with_at(buf_, p, "<![CDATA[")) next = skip_to("]]>");
    else if (starts_with_at(buf_, p, "<?")) next = skip_to("?>");
    else if (root_ != element_ && starts_with_at(buf_, p, "</" + root_) && p + 2 + root_.size() < buf_.size() &&
             name_end(buf_[p + 2 + root_.size()])) {
      root_closed_ = true;
      return npos;
    } else if (starts_with_at(buf_, p, "<" + element_) && p + 1 + element_.size() < buf_.size() &&
               name_end(buf_[p + 1 + element_.size()])) {
      return p;
    }
    if (next == npos) return npos;
    from = next;
  }
}

XmlChunk XmlElementScanner::take_element(std::size_t start) {
  XmlChunk chunk;
  std::string head;  // the beginning of an oversized element
  const auto end_tag = "</" + element_;
  auto finish_truncated = [&] {
    chunk.truncated = true;
    chunk.text = chunk.too_large ? head : buf_.substr(start);
    pos_ = buf_.size();
    return chunk;
  };
  const auto open_end = find(">", start);
  if (open_end == npos) return finish_truncated();
  if (buf_[open_end - 1] == '/') {  // <Trial/>: an empty record
    chunk.text = buf_.substr(start, open_end + 1 - start);
    pos_ = open_end + 1;
    return chunk;
  }
  for (std::size_t q = open_end + 1;;) {
    if (!chunk.too_large && q - start > max_bytes_) {
      chunk.too_large = true;
      head = buf_.substr(start, kKeptHead);
    }
    if (chunk.too_large && q > start) {  // keep memory bounded: drop what was scanned
      buf_.erase(start, q - start);
      q = start;
    }
    const auto p = find("<", q);
    if (p == npos) return finish_truncated();
    while (buf_.size() < p + end_tag.size() + 1 && fill()) {}
    std::size_t next = p + 1;
    if (starts_with_at(buf_, p, "<![CDATA[")) next = find("]]>", p);
    else if (starts_with_at(buf_, p, "<!--")) next = find("-->", p);
    else if (starts_with_at(buf_, p, end_tag) && p + end_tag.size() < buf_.size() && name_end(buf_[p + end_tag.size()])) {
      const auto close = find(">", p);
      if (close == npos) return finish_truncated();
      chunk.text = chunk.too_large ? head : buf_.substr(start, close + 1 - start);
      pos_ = close + 1;
      return chunk;
    }
    if (next == npos) return finish_truncated();
    q = next == p + 1 ? next : next + 3;
  }
}

Result<std::optional<XmlChunk>> XmlElementScanner::next() {
  if (!prolog_done_) {
    if (auto ok = read_prolog(); !ok) return tl::unexpected(ok.error());
  }
  buf_.erase(0, pos_);
  pos_ = 0;
  if (root_closed_) return std::optional<XmlChunk>();
  const auto start = find_start_tag(0);
  if (start == npos) {
    pos_ = buf_.size();
    return std::optional<XmlChunk>();
  }
  return std::optional<XmlChunk>(take_element(start));
}

Result<void> XmlElementScanner::finish() const {
  if (prolog_done_ && root_ != element_ && !root_closed_)
    return fail(ErrorCode::invalid_argument, "the file ends before </" + root_ + ">: it looks truncated");
  return {};
}

}  // namespace rinsho::linkage
