# rinsho_embed(TARGET NAMESPACE SYMBOL FILE...) compiles files into the binary so that programs
# need no install step to find their schema, dictionary, templates and static assets. A file is named
# by its path relative to the source folder, or to the build folder for a file generated there.
function(rinsho_embed target namespace)
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/embedded)
  file(MAKE_DIRECTORY ${out_dir})
  set(sources)
  set(entries "")
  set(decls "")
  foreach(file IN LISTS ARGN)
    get_filename_component(abs ${file} ABSOLUTE)
    cmake_path(IS_PREFIX CMAKE_CURRENT_BINARY_DIR ${abs} NORMALIZE generated)
    if(generated)
      file(RELATIVE_PATH rel ${CMAKE_CURRENT_BINARY_DIR} ${abs})
    else()
      file(RELATIVE_PATH rel ${CMAKE_CURRENT_SOURCE_DIR} ${abs})
    endif()
    string(MAKE_C_IDENTIFIER "${rel}" ident)
    set(cpp ${out_dir}/${ident}.cpp)
    add_custom_command(OUTPUT ${cpp}
      COMMAND ${CMAKE_COMMAND} -DIN=${abs} -DOUT=${cpp} -DIDENT=${ident} -DNS=${namespace}
              -P ${CMAKE_SOURCE_DIR}/cmake/embed_file.cmake
      DEPENDS ${abs} ${CMAKE_SOURCE_DIR}/cmake/embed_file.cmake VERBATIM)
    list(APPEND sources ${cpp})
    string(APPEND decls "extern const unsigned char ${ident}[]; extern const std::size_t ${ident}_size;\n")
    string(APPEND entries "    {\"${rel}\", std::string_view(reinterpret_cast<const char*>(${ident}), ${ident}_size)},\n")
  endforeach()
  set(index ${out_dir}/index.cpp)
  file(WRITE ${index}.in "#include <cstddef>\n#include <map>\n#include <optional>\n#include <string_view>\nnamespace ${namespace} {\n${decls}\nconst std::map<std::string_view, std::string_view>& embedded_files() {\n  static const std::map<std::string_view, std::string_view> files = {\n${entries}  };\n  return files;\n}\nstd::optional<std::string_view> embedded_file(std::string_view path) {\n  const auto& files = embedded_files();\n  auto it = files.find(path);\n  if (it == files.end()) return std::nullopt;\n  return it->second;\n}\n}\n")
  configure_file(${index}.in ${index} COPYONLY)
  target_sources(${target} PRIVATE ${sources} ${index})
endfunction()
