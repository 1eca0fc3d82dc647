#include "text/reading.hpp"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include <mecab.h>

#include "text/unicode_util.hpp"

namespace rinsho::text {
namespace {

// IPAdic's feature CSV: POS fields, conjugation, base form, reading, pronunciation. Words it does
// not know carry only the first seven fields.
constexpr int kReadingField = 7;

const std::shared_ptr<MeCab::Model>& shared_model() {
  static std::once_flag once;
  static std::shared_ptr<MeCab::Model> model;
  static std::string error;
  std::call_once(once, [] {
    const std::string dir = mecab_dictionary_dir();
    // -r /dev/null: no mecabrc is needed or read, so the dictionary is the one named here and not
    // whichever /etc/mecabrc or Debian's alternatives point at.
    const std::string args = "-r /dev/null -d " + dir;
    model.reset(MeCab::createModel(args.c_str()));
    if (!model) error = "MeCab could not load its dictionary from " + dir + " (" + MeCab::getLastError() +
                        "); install mecab-ipadic-utf8 (scripts/setup) or set RINSHO_MECAB_DICDIR";
  });
  if (!model) throw std::runtime_error(error);
  return model;
}

std::string_view field(const char* feature, int index) {
  std::string_view f(feature ? feature : "");
  for (int i = 0; i < index; ++i) {
    auto comma = f.find(',');
    if (comma == std::string_view::npos) return {};
    f.remove_prefix(comma + 1);
  }
  return f.substr(0, f.find(','));
}

}  // namespace

std::string mecab_dictionary_dir() {
  if (const char* dir = std::getenv("RINSHO_MECAB_DICDIR"); dir && *dir) return dir;
  return "/var/lib/mecab/dic/ipadic-utf8";
}

struct ReadingTagger::Impl {
  std::shared_ptr<MeCab::Model> model;
  std::unique_ptr<MeCab::Tagger> tagger;
  std::unique_ptr<MeCab::Lattice> lattice;

  explicit Impl(std::shared_ptr<MeCab::Model> m)
      : model(std::move(m)), tagger(model->createTagger()), lattice(model->createLattice()) {
    if (!tagger || !lattice) throw std::runtime_error(std::string("MeCab: ") + MeCab::getLastError());
  }
};

ReadingTagger::ReadingTagger() : impl_(std::make_unique<Impl>(shared_model())) {}
ReadingTagger::ReadingTagger(const ReadingTagger& other) : impl_(std::make_unique<Impl>(other.impl_->model)) {}
ReadingTagger::~ReadingTagger() = default;

namespace {

std::string path_reading(const MeCab::Lattice& lattice) {
  std::string out;
  for (const MeCab::Node* n = lattice.bos_node(); n; n = n->next) {
    if (n->stat == MECAB_BOS_NODE || n->stat == MECAB_EOS_NODE) continue;
    const std::string_view surface(n->surface, n->length);
    const auto r = field(n->feature, kReadingField);
    if (r.empty() || r == "*") out += to_katakana(surface);
    else out += r;
  }
  return out;
}

}  // namespace

std::string ReadingTagger::reading(std::string_view text) const {
  auto all = readings(text, 1);
  return all.empty() ? std::string() : std::move(all.front());
}

std::vector<std::string> ReadingTagger::readings(std::string_view text, std::size_t n) const {
  std::vector<std::string> out;
  if (text.empty() || n == 0) return out;
  auto& lattice = *impl_->lattice;
  const std::string sentence(text);  // the lattice keeps a pointer to it until the next sentence
  lattice.set_request_type(n > 1 ? MECAB_NBEST : MECAB_ONE_BEST);
  lattice.set_sentence(sentence.c_str());
  if (!impl_->tagger->parse(&lattice)) {
    lattice.clear();
    return {to_katakana(text)};
  }
  // Several paths often read alike (they differ in parts of speech only): distinct readings are
  // what counts, so look a few paths further than n.
  for (std::size_t paths = 0; out.size() < n && paths < n * 3; ++paths) {
    auto r = path_reading(lattice);
    if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(std::move(r));
    if (n == 1 || !lattice.next()) break;
  }
  lattice.clear();
  return out;
}

std::string to_katakana(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = detail::next_code_point(s, i);
    if (c >= 0x3041 && c <= 0x3096) c += 0x60;
    detail::append_utf8(out, c);
  }
  return out;
}

std::string to_hiragana(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = detail::next_code_point(s, i);
    if (c >= 0x30A1 && c <= 0x30F6) c -= 0x60;
    detail::append_utf8(out, c);
  }
  return out;
}

bool has_kanji(std::string_view s) {
  for (std::size_t i = 0; i < s.size();)
    if (detail::classify(detail::next_code_point(s, i)) == detail::CharClass::han) return true;
  return false;
}

bool has_hiragana(std::string_view s) {
  for (std::size_t i = 0; i < s.size();)
    if (detail::classify(detail::next_code_point(s, i)) == detail::CharClass::hiragana) return true;
  return false;
}

bool only_katakana(std::string_view s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size();)
    if (detail::classify(detail::next_code_point(s, i)) != detail::CharClass::katakana) return false;
  return true;
}

std::vector<ReadingBigram> reading_bigrams(std::string_view reading) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < reading.size();) {
    starts.push_back(i);
    detail::next_code_point(reading, i);
  }
  starts.push_back(reading.size());
  std::vector<ReadingBigram> out;
  const std::size_t n = starts.size() - 1;
  if (n == 1) out.push_back({std::string(reading), 0});
  for (std::size_t i = 0; i + 1 < n; ++i)
    out.push_back({std::string(reading.substr(starts[i], starts[i + 2] - starts[i])), static_cast<std::uint32_t>(i)});
  return out;
}

}  // namespace rinsho::text
