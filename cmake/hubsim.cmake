# One place that declares how hubsim's libraries, tests and benchmarks are built.

set(HUBSIM_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wconversion
    -Wno-sign-conversion)

if(HUBSIM_SANITIZE)
  string(REPLACE "," ";" _hubsim_sanitizers "${HUBSIM_SANITIZE}")
  foreach(_s IN LISTS _hubsim_sanitizers)
    if(NOT _s MATCHES "^(thread|address|undefined)$")
      message(FATAL_ERROR "HUBSIM_SANITIZE: unknown sanitizer '${_s}'")
    endif()
  endforeach()
  add_compile_options(-fsanitize=${HUBSIM_SANITIZE} -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=${HUBSIM_SANITIZE})
  if(HUBSIM_SANITIZE MATCHES "undefined")
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
endif()

# The fuzz build (HUBSIM_FUZZ, clang only, scripts/fuzz.sh): every library is compiled with
# the fuzzer's coverage hooks and AddressSanitizer + UndefinedBehaviorSanitizer; the fuzz
# targets link libFuzzer itself (hubsim_add_fuzzer).
if(HUBSIM_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "HUBSIM_FUZZ needs clang (configure with CC=clang CXX=clang++)")
  endif()
  if(HUBSIM_SANITIZE)
    message(FATAL_ERROR "HUBSIM_FUZZ chooses its own sanitizers; leave HUBSIM_SANITIZE empty")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
endif()

# hubsim_bytes_initializer(VAR FILE) sets VAR to FILE's bytes as the initializer list of a C
# array ("0x23,0x20,...", 16 to a line), to embed the file in a program byte for byte (no
# escaping, no limit on the length of string literals). Editing FILE re-runs CMake's
# configure step of the calling directory. REQUIRES: FILE is not empty.
function(hubsim_bytes_initializer var file)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
  file(READ ${file} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REPEAT "0x..," 16 sixteen_bytes)  # CMake's regular expressions have no {16}
  string(REGEX REPLACE "(${sixteen_bytes})" "\\1\n" bytes "${bytes}")
  set(${var} "${bytes}" PARENT_SCOPE)
endfunction()

# hubsim_add_library(NAME SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# Defines hubsim_NAME with the alias hubsim::NAME. Public headers live in include/.
function(hubsim_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(hubsim_${name} ${ARG_SOURCES})
  add_library(hubsim::${name} ALIAS hubsim_${name})
  target_include_directories(hubsim_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include
                                                   ${PROJECT_SOURCE_DIR})
  target_compile_options(hubsim_${name} PRIVATE ${HUBSIM_WARNINGS})
  target_link_libraries(hubsim_${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# hubsim_add_executable(NAME SOURCES ... [DEPS ...]) — a program installed as NAME.
function(hubsim_add_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${HUBSIM_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
endfunction()

# hubsim_add_test(NAME SOURCES ... [DEPS ...]) — a GoogleTest binary; each case is a ctest test.
function(hubsim_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${HUBSIM_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST)
  set_property(GLOBAL APPEND PROPERTY HUBSIM_TEST_BINARIES ${name})
endfunction()

# hubsim_add_bench(NAME SOURCES ... [DEPS ...]) — a Google Benchmark binary.
function(hubsim_add_bench name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${HUBSIM_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark)
  set_property(GLOBAL APPEND PROPERTY HUBSIM_BENCH_BINARIES ${name})
endfunction()

# hubsim_add_fuzzer(NAME SOURCES ... [DEPS ...] SEEDS DIR [DICT FILE] [MAX_LEN BYTES]) — a
# libFuzzer target (one LLVMFuzzerTestOneInput; conventions in fuzz/README.md). Its findings
# are kept as regression inputs in tests/fuzz/regressions/NAME. MAX_LEN (default 65536) bounds
# the inputs libFuzzer makes, and so the work per input.
#  - In the fuzz build (HUBSIM_FUZZ): the executable NAME, linked with libFuzzer, and a line
#    "NAME SEEDS REGRESSIONS DICT MAX_LEN" in fuzzers.txt of the build tree (DICT "-" for none),
#    which scripts/fuzz.sh runs.
#  - In a test build (HUBSIM_BUILD_TESTS): NAME_replay, the same source with a replay main, and
#    the tests fuzz.NAME.seeds and fuzz.NAME.regressions (label "fuzz") that replay SEEDS and
#    the regressions.
function(hubsim_add_fuzzer name)
  cmake_parse_arguments(ARG "" "SEEDS;DICT;MAX_LEN" "SOURCES;DEPS" ${ARGN})
  if(NOT ARG_MAX_LEN)
    set(ARG_MAX_LEN 65536)
  endif()
  if(NOT ARG_SEEDS OR NOT IS_DIRECTORY ${ARG_SEEDS})
    message(FATAL_ERROR "hubsim_add_fuzzer(${name}): SEEDS must be a directory (got '${ARG_SEEDS}')")
  endif()
  if(ARG_DICT AND NOT EXISTS ${ARG_DICT})
    message(FATAL_ERROR "hubsim_add_fuzzer(${name}): no dictionary ${ARG_DICT}")
  endif()
  set(regressions ${PROJECT_SOURCE_DIR}/tests/fuzz/regressions/${name})
  if(HUBSIM_FUZZ)
    add_executable(${name} ${ARG_SOURCES})
    target_compile_options(${name} PRIVATE ${HUBSIM_WARNINGS})
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE ${ARG_DEPS})
    if(NOT ARG_DICT)
      set(ARG_DICT "-")
    endif()
    file(APPEND ${PROJECT_BINARY_DIR}/fuzzers.txt "${name} ${ARG_SEEDS} ${regressions} ${ARG_DICT} ${ARG_MAX_LEN}\n")
  elseif(HUBSIM_BUILD_TESTS)
    add_executable(${name}_replay ${ARG_SOURCES} ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cc)
    target_compile_options(${name}_replay PRIVATE ${HUBSIM_WARNINGS})
    target_link_libraries(${name}_replay PRIVATE ${ARG_DEPS})
    add_test(NAME fuzz.${name}.seeds COMMAND ${name}_replay ${ARG_SEEDS})
    add_test(NAME fuzz.${name}.regressions COMMAND ${name}_replay --allow-empty ${regressions})
    set_tests_properties(fuzz.${name}.seeds fuzz.${name}.regressions PROPERTIES LABELS fuzz)
  endif()
endfunction()
