#include "fuzz_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_import(rinsho::linkage::ImportFormat::ictrp_xml, data, size);
}
