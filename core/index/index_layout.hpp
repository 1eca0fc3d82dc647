#pragma once
// What a trial looks like inside Xapian: the contract between core/index (writes) and core/search
// (reads). Prefixes follow Xapian's conventions: Q for the unique id, X... for boolean filters.
#include <string>
#include <string_view>

#include <xapian.h>

namespace rinsho::index {

namespace prefix {
inline constexpr std::string_view id = "Q";
inline constexpr std::string_view word = "W";        // ICU words with a non-ASCII letter: a ranking boost, never a filter
inline constexpr std::string_view concept_id = "C";     // concept ids, ranked (document text matched it)
inline constexpr std::string_view condition_rank = "K"; // concepts of the conditions field: a boost, so a
                                                        // trial *about* a disease outranks one mentioning it
// Katakana bigrams of the readings of kanji text (text/reading.hpp), positional, at and above
// kReadingPositionBase: 膀胱癌 -> Yボウ Yウコ Yコウ Yウガ Yガン.
inline constexpr std::string_view reading = "Y";
inline constexpr std::string_view status = "XS";
inline constexpr std::string_view phase = "XP";
inline constexpr std::string_view category = "XK";
inline constexpr std::string_view study_type = "XT";
inline constexpr std::string_view modality = "XM";
inline constexpr std::string_view sex = "XX";        // all | female | male, as the record says
inline constexpr std::string_view flag = "XF";       // XFdct, XFdct:home_visits, XFsingle_irb, ...
inline constexpr std::string_view prefecture = "XR"; // any site's JIS code
inline constexpr std::string_view country = "XN";
inline constexpr std::string_view condition = "XC";  // condition concepts and their ancestors
// The trial id and every secondary id as text::registry_id_key gives them (jrct2031240001,
// nct01234567, japiccti194987): a pasted id finds its trial whatever its case, width or hyphens.
inline constexpr std::string_view registry_id = "XI";
}  // namespace prefix

namespace slot {
inline constexpr Xapian::valueno status = 0;
inline constexpr Xapian::valueno phase = 1;
inline constexpr Xapian::valueno category = 2;
inline constexpr Xapian::valueno registered = 3;   // sortable_serialise(days since epoch)
inline constexpr Xapian::valueno updated = 4;
inline constexpr Xapian::valueno min_age = 5;      // sortable_serialise(years); 0 when open
inline constexpr Xapian::valueno max_age = 6;      // sortable_serialise(years); 200 when open
inline constexpr Xapian::valueno enrollment = 7;
inline constexpr Xapian::valueno coords = 8;       // LatLongCoords of every site with coordinates
inline constexpr Xapian::valueno prefectures = 9;  // packed 2-byte JIS codes
inline constexpr Xapian::valueno flags = 10;       // packed flag names, '\n'-separated
inline constexpr Xapian::valueno conditions = 11;  // direct condition concept ids, '\n'-separated
inline constexpr Xapian::valueno study_type = 12;
inline constexpr Xapian::valueno modality = 13;
}  // namespace slot

// Gap between fields in the positional space, so a phrase never spans two fields.
inline constexpr unsigned kFieldGap = 100;
// Reading terms live in a positional space of their own, far above any text position.
inline constexpr unsigned kReadingPositionBase = 1u << 30;

// The flag names used in XF terms, the flags slot and the API.
inline constexpr const char* kFlagNames[] = {
    "dct", "dct:remote_visits", "dct:home_visits", "dct:econsent", "dct:direct_to_patient_delivery",
    "dct:wearables", "single_irb", "international", "fih", "pediatric", "orphan", "drug_loss", "healthy"};

// User metadata keys.
inline constexpr const char* kLastSeqKey = "rinsho:last_seq";
inline constexpr const char* kFormatKey = "rinsho:format";

// What a document holds (terms, positions, slots). Raise it whenever DocumentBuilder writes
// something a query relies on; an index written at another format is rebuilt from the store.
// 2: registry id terms (XI), positions only on run-edge unigrams, W terms for non-ASCII words.
// 3: document data (display_data) as CBOR instead of JSON text.
// 4: concept terms for drug classes through their members (the dictionary's broader links), and
//    the new class, symptom and Latin-letter disease concepts.
// 5: reading terms (Y) for kanji text, from MeCab with IPAdic.
inline constexpr const char* kIndexFormat = "5";

inline std::string term(std::string_view prefix, std::string_view value) {
  std::string t(prefix);
  t += value;
  return t;
}

}  // namespace rinsho::index
