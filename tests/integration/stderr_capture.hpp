#pragma once
// Captures what the process writes to stderr (the access log's destination) while alive.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include <doctest/doctest.h>

#include "api_helpers.hpp"

namespace rinsho::testing {

// Sends fd 2 to a file while alive; text() gives what was written.
class StderrCapture {
 public:
  StderrCapture() : path_(fresh_temp_dir("stderr") / "stderr.log") {
    std::fflush(stderr);
    saved_ = ::dup(2);
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(fd >= 0);
    ::dup2(fd, 2);
    ::close(fd);
  }
  ~StderrCapture() {
    restore();
    std::filesystem::remove_all(path_.parent_path());
  }
  std::string text() {
    restore();
    return read_file(path_);
  }

 private:
  void restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, 2);
    ::close(saved_);
    saved_ = -1;
  }
  std::filesystem::path path_;
  int saved_ = -1;
};


}  // namespace rinsho::testing
