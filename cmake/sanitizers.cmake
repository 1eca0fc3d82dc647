# Instrumented builds (scripts/build --sanitize ..., --fuzz). Applied to every target of the tree so
# our libraries are checked too, not only the test binaries; third-party libraries from Debian are
# not instrumented (ASan and UBSan do not need them to be; TSan's suppressions say why where it does).
set(RINSHO_SANITIZE "" CACHE STRING "Comma-separated sanitizers: address,undefined or thread")
if(RINSHO_SANITIZE)
  if(RINSHO_SANITIZE MATCHES "thread" AND RINSHO_SANITIZE MATCHES "address")
    message(FATAL_ERROR "RINSHO_SANITIZE: thread cannot be combined with address")
  endif()
  add_compile_options(-fsanitize=${RINSHO_SANITIZE} -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=${RINSHO_SANITIZE})
  if(RINSHO_SANITIZE MATCHES "undefined")
    # A UBSan report must fail the test that caused it, not scroll past in the log.
    add_compile_options(-fno-sanitize-recover=all)
  endif()
endif()
# libFuzzer: the whole tree gets coverage instrumentation, the fuzz targets link the driver.
if(RINSHO_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "RINSHO_FUZZ needs clang (CXX=clang++, or scripts/build --fuzz)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
