# One malformed scenario of tests/io/malformed: `hubsim validate FILE` and
# `hubsim run FILE --out DIR --report --tracking DIR/tracking.log` must both reject it with exit 2, nothing on standard output,
# nothing written under DIR, and a message on standard error at the line and naming the
# field that the file's first line states:
#   # expect: LINE: TEXT
# means a line of standard error starts with "FILE:LINE:" and contains TEXT further on;
# "# expect: LINE:COLUMN: TEXT" checks the column too (parse errors have one:
# "FILE:LINE:COLUMN: FIELD: message"). A file of no bytes at all cannot say so, and
# expects the message of a scenario without anything: line 1, "the scenario has no hub".
# Inputs: PROGRAM (hubsim), FILE (the scenario), WORK_DIR (a directory of its own);
# SPARSE_BYTES: make FILE, under WORK_DIR, a file of that size (truncate's notation, e.g.
# 4G) and expect it refused as too large, before anything is read.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
if(DEFINED SPARSE_BYTES)
  # A file too large to be a scenario, made here (sparse: no disk used); it has no line.
  execute_process(COMMAND truncate -s ${SPARSE_BYTES} ${FILE} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "truncate -s ${SPARSE_BYTES} ${FILE} failed (${rc})")
  endif()
  set(expect_line "")
  set(expect_text " larger than 64 MiB; not a scenario?")
else()
  file(SIZE ${FILE} size)
  if(size EQUAL 0)
    set(expect_line 1)
    set(expect_text "the scenario has no hub")
  else()
    file(STRINGS ${FILE} first LIMIT_COUNT 1 LIMIT_INPUT 400)
    if(NOT first MATCHES "^# expect: ([0-9]+(:[0-9]+)?): (.*)$")
      message(FATAL_ERROR "${FILE}: the first line must be '# expect: LINE[:COLUMN]: TEXT' "
                          "(got '${first}')")
    endif()
    set(expect_line ${CMAKE_MATCH_1})
    set(expect_text "${CMAKE_MATCH_3}")
  endif()
endif()

# Whether a line of standard error starts with "FILE:LINE:" and contains the expected text
# further on. (Not split into a CMake list: messages hold ';', '[' and ']'.)
function(check_stderr command err)
  set(prefix "${FILE}:${expect_line}:")
  if(expect_line STREQUAL "")
    set(prefix "${FILE}:")
  endif()
  string(LENGTH "${prefix}" prefix_length)
  set(rest "${err}")
  while(NOT rest STREQUAL "")
    string(FIND "${rest}" "\n" end)
    if(end EQUAL -1)
      set(line "${rest}")
      set(rest "")
    else()
      string(SUBSTRING "${rest}" 0 ${end} line)
      math(EXPR end "${end} + 1")
      string(SUBSTRING "${rest}" ${end} -1 rest)
    endif()
    string(FIND "${line}" "${prefix}" at)
    if(at EQUAL 0)
      string(SUBSTRING "${line}" ${prefix_length} -1 after)
      string(FIND "${after}" "${expect_text}" found)
      if(NOT found EQUAL -1)
        return()
      endif()
    endif()
  endwhile()
  message(FATAL_ERROR "${command}: no line of standard error starts with '${prefix}' and "
                      "contains '${expect_text}'; standard error:\n${err}")
endfunction()

set(out_dir ${WORK_DIR}/out)
foreach(command validate run)
  set(args ${command} ${FILE})
  if(command STREQUAL "run")
    # Every file a run can write, all under DIR.
    list(APPEND args --out ${out_dir} --report --tracking ${out_dir}/tracking.log --threads 1)
  endif()
  execute_process(COMMAND ${PROGRAM} ${args} WORKING_DIRECTORY ${WORK_DIR}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 60)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "hubsim ${command}: exit ${rc} (expected 2); standard error:\n${err}")
  endif()
  if(NOT out STREQUAL "")
    message(FATAL_ERROR "hubsim ${command}: wrote to standard output:\n${out}")
  endif()
  check_stderr("hubsim ${command}" "${err}")
endforeach()
if(EXISTS ${out_dir})
  file(GLOB_RECURSE written LIST_DIRECTORIES true ${out_dir}/*)
  if(written)
    message(FATAL_ERROR "hubsim run wrote under --out: ${written}")
  endif()
endif()
if(DEFINED SPARSE_BYTES)
  file(REMOVE ${FILE})
endif()
