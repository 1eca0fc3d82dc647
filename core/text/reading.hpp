#pragma once
// Readings of Japanese text, so a word finds the same word written in other scripts without a
// dictionary entry: ぼうこうがん and 膀胱癌, じん臓 and 腎臓, ずい膜炎 and 髄膜炎 all read
// ボウコウガン, ジンゾウ, ズイマクエン. MeCab with IPAdic (Debian's mecab-ipadic-utf8) gives each
// morpheme its reading; a word IPAdic lacks keeps its own characters, hiragana as katakana.
// Documents index the reading of every CJK run that holds a kanji (index_layout.hpp prefix::reading);
// a query reads its kana and kanji words the same way (search/query_builder.cpp).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rinsho::text {

// Not thread-safe (owns a MeCab tagger and lattice): each Analyzer holds its own. The dictionary
// is loaded once per process and shared, which MeCab's Model allows across threads.
class ReadingTagger {
 public:
  // Throws std::runtime_error naming the dictionary when MeCab cannot load it: readings are part
  // of what the index holds, so running without them would silently search a different index.
  ReadingTagger();
  ReadingTagger(const ReadingTagger&);
  ReadingTagger& operator=(const ReadingTagger&) = delete;
  ~ReadingTagger();

  // The katakana reading of normalised text (one CJK run).
  std::string reading(std::string_view text) const;
  // Up to `n` distinct readings, the most likely first: the next-best segmentations, which is where
  // a lone kanji in a mixed spelling gets its other reading (骨そしょう症: ホネ… then コツ…, the
  // reading 骨粗鬆症 gets). For queries; documents are indexed by the first.
  std::vector<std::string> readings(std::string_view text, std::size_t n) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Where the dictionary is read from: $RINSHO_MECAB_DICDIR, else Debian's mecab-ipadic-utf8.
std::string mecab_dictionary_dir();

// Hiragana -> katakana; everything else unchanged.
std::string to_katakana(std::string_view s);
// Katakana -> hiragana (ー and ヴ included where hiragana has them); everything else unchanged.
std::string to_hiragana(std::string_view s);
// Whether s holds a kanji (CharClass::han), or a hiragana character.
bool has_kanji(std::string_view s);
bool has_hiragana(std::string_view s);
// Whether s is katakana only (ー included), and not empty.
bool only_katakana(std::string_view s);

// The terms a reading is indexed and searched by: its overlapping character bigrams, the bigram
// at i starting at position i (one term at position 0 for a one-character reading).
struct ReadingBigram {
  std::string term;  // no prefix
  std::uint32_t position;
};
std::vector<ReadingBigram> reading_bigrams(std::string_view reading);

}  // namespace rinsho::text
