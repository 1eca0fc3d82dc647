// WHO ICTRP CSV export (40 columns, "TrialID,Last Refreshed on,Public title,..."), including what
// Excel does to it: a byte-order mark, CRLF line ends and line breaks inside quoted cells.
#include <csv.h>

#include <deque>
#include <vector>

#include "linkage/ictrp.hpp"
#include "linkage/importers.hpp"
#include "linkage/text.hpp"

namespace rinsho::linkage {
namespace {

struct Row {
  std::vector<std::string> cells;  // each cut at kMaxFieldBytes + 1 bytes
};

// libcsv's callbacks collect complete rows here; the importer drains them after every block.
struct Collector {
  Row current;
  std::deque<Row> rows;
};

void on_field(void* data, std::size_t len, void* self) {
  auto& c = *static_cast<Collector*>(self);
  const auto* bytes = static_cast<const char*>(data);
  // Keep one byte past the limit so the mapper can still say "longer than 1 MiB".
  const auto keep = std::min(len, kMaxFieldBytes + 1);
  c.current.cells.emplace_back(bytes ? bytes : "", bytes ? keep : 0);
}

void on_row(int, void* self) {
  auto& c = *static_cast<Collector*>(self);
  c.rows.push_back(std::move(c.current));
  c.current = {};
}

class CsvImport {
 public:
  explicit CsvImport(RecordSink& sink) : sink_(sink) {}

  // Header first, then one record per row.
  Result<void> take(Row&& row) {
    ++row_number_;
    if (header_.empty()) return read_header(row);
    bool blank = true;
    for (const auto& cell : row.cells) blank = blank && trim(cell).empty();
    if (blank) return {};
    if (row.cells.size() != header_.size()) {
      const auto id = row.cells.empty() ? std::string() : std::string(trim(row.cells[0]).substr(0, 200));
      sink_.failed(id.empty() ? "row " + std::to_string(row_number_) : id,
                   {"row " + std::to_string(row_number_) + " has " + std::to_string(row.cells.size()) +
                    " cells but the header has " + std::to_string(header_.size())});
      return {};
    }
    IctrpFields fields;
    for (std::size_t i = 0; i < header_.size(); ++i) fields.add(header_[i], std::move(row.cells[i]));
    map_ictrp_record(fields, sink_);
    return {};
  }
  std::size_t row_number() const { return row_number_; }

 private:
  Result<void> read_header(Row& row) {
    for (auto& cell : row.cells) header_.emplace_back(trim(cell));
    for (const auto& name : header_)
      if (ictrp_field_key(name) == "trialid") return {};
    header_.clear();
    return fail(ErrorCode::invalid_argument, "the first row has no TrialID column; this is not an ICTRP CSV export");
  }

  RecordSink& sink_;
  std::vector<std::string> header_;
  std::size_t row_number_ = 0;
};

}  // namespace

Result<void> import_ictrp_csv(std::istream& in, RecordSink& sink) {
  csv_parser parser;
  if (csv_init(&parser, 0) != 0) return fail(ErrorCode::internal, "cannot start the CSV parser");
  struct Free {
    csv_parser* p;
    ~Free() { csv_free(p); }
  } free_parser{&parser};
  Collector collector;
  CsvImport import(sink);
  std::vector<char> block(1 << 16);
  bool first = true;
  auto drain = [&]() -> Result<void> {
    while (!collector.rows.empty()) {
      auto row = std::move(collector.rows.front());
      collector.rows.pop_front();
      if (auto ok = import.take(std::move(row)); !ok) return ok;
    }
    return {};
  };
  while (in) {
    if (sink.stop_requested()) return {};
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    std::size_t n = static_cast<std::size_t>(in.gcount()), skip = 0;
    if (first && n >= 2 && ((block[0] == '\xFE' && block[1] == '\xFF') || (block[0] == '\xFF' && block[1] == '\xFE')))
      return fail(ErrorCode::invalid_argument, "the file is UTF-16; save it as UTF-8 CSV");
    if (first && n >= 3 && block[0] == '\xEF' && block[1] == '\xBB' && block[2] == '\xBF') skip = 3;  // Excel's BOM
    first = false;
    if (csv_parse(&parser, block.data() + skip, n - skip, on_field, on_row, &collector) != n - skip)
      return fail(ErrorCode::internal, std::string("CSV parser: ") + csv_strerror(csv_error(&parser)));
    if (auto ok = drain(); !ok) return ok;
  }
  if (in.bad()) return fail(ErrorCode::io, "reading the CSV stream failed");
  // A quoted cell still open at the end means the file was cut (or a quote is unbalanced). libcsv
  // would close it quietly (its strict mode also rejects stray quotes mid-file), so ask its state:
  // pstate 2 is FIELD_BEGUN in libcsv 3.
  const bool open_quote = parser.pstate == 2 && parser.quoted;
  csv_fini(&parser, on_field, on_row, &collector);
  if (open_quote && !collector.rows.empty()) {
    const auto cut = std::move(collector.rows.back());
    collector.rows.pop_back();
    if (auto ok = drain(); !ok) return ok;
    const auto id = cut.cells.empty() ? std::string() : std::string(trim(cut.cells[0]).substr(0, 200));
    sink.failed(id.empty() ? "row " + std::to_string(import.row_number() + 1) : id,
                {"the file ends inside a quoted cell: it is truncated or a quote is unbalanced"});
  }
  if (auto ok = drain(); !ok) return ok;
  if (import.row_number() == 0) return fail(ErrorCode::invalid_argument, "the file is empty");
  return {};
}

}  // namespace rinsho::linkage
