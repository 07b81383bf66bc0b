# envgrid_library(NAME [DEPS ...]): one library per top-level folder, sources
# under <folder>/src, public headers under <folder>/include/envgrid/<folder>/.
# Sources are globbed so that a new file needs no CMake edit; CONFIGURE_DEPENDS
# re-runs the glob when files are added.
function(envgrid_library name)
  cmake_parse_arguments(ARG "" "" "DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/*.cpp)
  add_library(envgrid_${name} STATIC ${sources})
  add_library(envgrid::${name} ALIAS envgrid_${name})
  target_include_directories(envgrid_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                             PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(envgrid_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  target_compile_options(envgrid_${name} PRIVATE -Wall -Wextra -Wpedantic
    # Designated initializers leave fields out on purpose.
    -Wno-missing-field-initializers)
endfunction()
