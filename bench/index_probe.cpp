// What an index costs, for bench/RESULTS.md's "where the time goes":
//   build/bench/rinsho_bench_index_probe INDEX_DIR
// 1. terms and positional postings per document (every 1000th document), by term kind: what
//    index build time and size are made of;
// 2. the time to read the eight facet slots of every k-th document (k = 1, 10, 100) with
//    Document::get_value (what FacetSpy did per match before FacetColumns) and with value streams.
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "index/index_layout.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace slot = rinsho::index::slot;
const std::vector<Xapian::valueno> kFacetSlots = {slot::status,   slot::phase,       slot::category, slot::study_type,
                                                  slot::modality, slot::prefectures, slot::flags,    slot::conditions};

std::string kind_of(const std::string& term) {
  if (term.empty()) return "?";
  const unsigned char c = term[0];
  if (c >= 0x80) return "CJK bigrams and unigrams";
  if (c == '^') return "^: katakana anchors";
  if (c >= 'a' && c <= 'z') return "Latin and digit words";
  if (c >= '0' && c <= '9') return "Latin and digit words";
  if (term[0] == 'X') return "X: boolean filters";
  if (term[0] == 'W') return "W: ICU words (ranking)";
  if (term[0] == 'C') return "C: concepts (ranking)";
  if (term[0] == 'K') return "K: condition concepts (ranking)";
  if (term[0] == 'Q') return "Q: id";
  return "other";
}

void terms_per_document(const Xapian::Database& db) {
  struct Count {
    double terms = 0, positions = 0;
  };
  std::map<std::string, Count> by_kind;
  Count all;
  std::size_t docs = 0;
  for (Xapian::docid d = 1; d <= db.get_lastdocid(); d += 1000) {
    ++docs;
    for (auto t = db.termlist_begin(d); t != db.termlist_end(d); ++t) {
      const auto p = double(t.positionlist_count());
      auto& k = by_kind[kind_of(*t)];
      k.terms += 1;
      k.positions += p;
      all.terms += 1;
      all.positions += p;
    }
  }
  std::printf("per document (%zu sampled): %.0f terms, %.0f positional postings\n", docs, all.terms / docs,
              all.positions / docs);
  for (const auto& [kind, c] : by_kind)
    std::printf("  %-48s %6.0f terms %6.0f positions\n", kind.c_str(), c.terms / docs, c.positions / docs);
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void facet_reads(const Xapian::Database& db) {
  std::printf("reading the 8 facet slots of every k-th document (%u documents):\n", db.get_doccount());
  for (unsigned step : {1u, 10u, 100u}) {
    std::size_t values = 0;
    auto start = Clock::now();
    for (Xapian::docid d = 1; d <= db.get_lastdocid(); d += step) {
      const Xapian::Document doc = db.get_document(d, Xapian::DOC_ASSUME_VALID);
      for (auto s : kFacetSlots) values += !doc.get_value(s).empty();
    }
    const double get_value_ms = ms_since(start);
    start = Clock::now();
    std::size_t streamed = 0;
    std::vector<Xapian::ValueIterator> streams;
    for (auto s : kFacetSlots) streams.push_back(db.valuestream_begin(s));
    const Xapian::ValueIterator end;
    for (Xapian::docid d = 1; d <= db.get_lastdocid(); d += step) {
      for (auto& it : streams) {
        if (it == end) continue;
        it.skip_to(d);
        if (it != end && it.get_docid() == d) ++streamed;
      }
    }
    const double stream_ms = ms_since(start);
    std::printf("  k=%-4u %8zu values: Document::get_value %9.1f ms, value streams %7.1f ms%s\n", step, values,
                get_value_ms, stream_ms, values == streamed ? "" : " (value counts differ!)");
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: rinsho_bench_index_probe INDEX_DIR\n");
    return 2;
  }
  try {
    const Xapian::Database db(argv[1]);
    terms_per_document(db);
    facet_reads(db);
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "rinsho_bench_index_probe: %s\n", e.get_description().c_str());
    return 2;
  }
  return 0;
}
