#pragma once
// What the stress test's clients saw, kept so it can be checked once the load stops: every write the
// server acknowledged (the title word it must now show and find), the ids each shared
// Idempotency-Key produced, and every request that failed.
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace rinsho::testing {

struct AckedWrite {
  std::string id;
  std::string word;      // the title word of the last acknowledged version
  std::string old_word;  // the one before it, which must no longer find the trial; empty for none
  std::string etag;      // for the next PUT
};

class Ledger {
 public:
  // A 200/201 for `id` whose record is titled with `word`.
  void acknowledge(const std::string& id, const std::string& word, const std::string& etag) {
    std::lock_guard lock(mutex_);
    auto [it, fresh] = writes_.try_emplace(id, AckedWrite{id, word, "", etag});
    if (fresh) {
      ids_.push_back(id);
    } else if (it->second.word != word) {
      it->second.old_word = it->second.word;
      it->second.word = word;
    }
    it->second.etag = etag;
  }
  void shared_key_answer(const std::string& key, const std::string& id) {
    std::lock_guard lock(mutex_);
    by_key_[key].insert(id);
  }
  void fail(const std::string& what) {
    failures_.fetch_add(1);
    std::lock_guard lock(mutex_);
    if (failure_notes_.size() < 30) failure_notes_.push_back(what);
  }

  // Some written id, for readers to fetch while it is being rewritten; empty before the first write.
  std::string some_id(std::size_t n) const {
    std::lock_guard lock(mutex_);
    return ids_.empty() ? std::string() : ids_[n % ids_.size()];
  }
  std::string etag_of(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = writes_.find(id);
    return it == writes_.end() ? std::string() : it->second.etag;
  }
  std::map<std::string, AckedWrite> writes() const {
    std::lock_guard lock(mutex_);
    return writes_;
  }
  std::map<std::string, std::set<std::string>> shared_keys() const {
    std::lock_guard lock(mutex_);
    return by_key_;
  }
  long failures() const { return failures_.load(); }
  std::vector<std::string> failure_notes() const {
    std::lock_guard lock(mutex_);
    return failure_notes_;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, AckedWrite> writes_;
  std::vector<std::string> ids_;
  std::map<std::string, std::set<std::string>> by_key_;
  std::atomic<long> failures_{0};
  std::vector<std::string> failure_notes_;
};

}  // namespace rinsho::testing
