# Every third-party dependency is a Debian package installed by scripts/setup.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)  # libpq: the shared store for several nodes (--database postgresql://)
find_package(OpenSSL REQUIRED)  # SHA-256 and RAND_bytes for API tokens
find_package(ICU 72 REQUIRED COMPONENTS uc i18n data)
find_package(nlohmann_json 3.11 REQUIRED)

pkg_check_modules(XAPIAN REQUIRED IMPORTED_TARGET xapian-core)
# cpp-httplib is a compiled library in Debian: its pkg-config flags decide the class layout we must see.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
# Argon2id password hashing for the researcher portal (crypto_pwhash).
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)

find_path(DOCTEST_INCLUDE_DIR doctest/doctest.h REQUIRED)
find_path(TL_EXPECTED_INCLUDE_DIR tl/expected.hpp REQUIRED)
find_path(MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)
# valijson: headers only, unpacked from the Debian package by scripts/setup (see README).
find_path(VALIJSON_INCLUDE_DIR valijson/validator.hpp
  HINTS ${CMAKE_SOURCE_DIR}/.deps/valijson/usr/include REQUIRED)

add_library(rinsho_valijson INTERFACE)
target_include_directories(rinsho_valijson SYSTEM INTERFACE ${VALIJSON_INCLUDE_DIR})
add_library(rinsho_expected INTERFACE)
target_include_directories(rinsho_expected SYSTEM INTERFACE ${TL_EXPECTED_INCLUDE_DIR})

# Importers and exporters (core/linkage): pugixml for ICTRP and ClinicalTrials.gov XML, libcsv
# for the ICTRP CSV export and RFC 4180 CSV output. libcsv ships no CMake or pkg-config file.
find_package(pugixml 1.13 REQUIRED)
find_path(LIBCSV_INCLUDE_DIR csv.h REQUIRED)
find_library(LIBCSV_LIBRARY csv REQUIRED)
add_library(rinsho_csv INTERFACE)
target_include_directories(rinsho_csv SYSTEM INTERFACE ${LIBCSV_INCLUDE_DIR})
target_link_libraries(rinsho_csv INTERFACE ${LIBCSV_LIBRARY})
