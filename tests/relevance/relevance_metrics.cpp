#include "relevance_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace rinsho::relevance {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::vector<std::string> ids_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string id; in >> id;) out.push_back(id);
  return out;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \r") - b + 1);
}

}  // namespace

Result<std::vector<JudgedQuery>> read_queries(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(ErrorCode::not_found, "cannot read " + file.string());
  std::vector<JudgedQuery> out;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty() || line[0] == '#') continue;
    auto cols = split(line, '\t');
    const std::string where = file.filename().string() + ":" + std::to_string(n) + ": ";
    if (cols.size() < 4 || cols.size() > 5)
      return fail(ErrorCode::invalid_argument, where + "expected 4 or 5 tab-separated columns, got " + std::to_string(cols.size()));
    JudgedQuery q;
    q.kind = trim(cols[0]);
    q.query = cols[1];
    q.relevant = ids_of(cols[2]);
    q.note = cols[3];
    if (cols.size() == 5) q.must_not = ids_of(cols[4]);
    q.line = n;
    if (q.kind.empty() || trim(q.query).empty()) return fail(ErrorCode::invalid_argument, where + "empty kind or query");
    if (q.relevant.empty() && q.must_not.empty())
      return fail(ErrorCode::invalid_argument, where + "a query needs relevant ids, must_not ids or both");
    for (const auto& id : q.must_not)
      if (std::find(q.relevant.begin(), q.relevant.end(), id) != q.relevant.end())
        return fail(ErrorCode::invalid_argument, where + id + " is both relevant and must_not");
    out.push_back(std::move(q));
  }
  if (out.empty()) return fail(ErrorCode::invalid_argument, file.string() + ": no queries");
  return out;
}

double recall(const std::vector<std::string>& ranked, const std::set<std::string>& relevant) {
  std::set<std::string> found;
  for (const auto& id : ranked)
    if (relevant.count(id)) found.insert(id);
  return relevant.empty() ? 0.0 : double(found.size()) / double(relevant.size());
}

double ndcg(const std::vector<std::string>& ranked, const std::set<std::string>& relevant, std::size_t k) {
  double dcg = 0, ideal = 0;
  std::set<std::string> seen;  // a duplicate id earns nothing the second time
  for (std::size_t i = 0; i < ranked.size() && i < k; ++i)
    if (relevant.count(ranked[i]) && seen.insert(ranked[i]).second) dcg += 1.0 / std::log2(double(i) + 2.0);
  for (std::size_t i = 0; i < std::min(relevant.size(), k); ++i) ideal += 1.0 / std::log2(double(i) + 2.0);
  return ideal == 0 ? 0.0 : dcg / ideal;
}

}  // namespace rinsho::relevance
