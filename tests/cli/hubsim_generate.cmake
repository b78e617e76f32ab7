# `hubsim generate`: a small German network is generated from the built-in city table (from a
# directory that is not the source tree), validates, runs, and comes out byte for byte the
# same on stdout; bad flags and bad city tables exit 2 naming the problem; an output that
# cannot be written exits 1 and leaves no file behind.
set(dir ${WORK_DIR}/generate)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
set(flags --country de --hubs 6 --outlets 60 --couriers 600 --parcels 12000 --days 1)

execute_process(COMMAND ${PROGRAM} generate ${flags} -o ${dir}/de.textproto
                WORKING_DIRECTORY ${dir}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hubsim generate failed (${rc}): ${err}")
endif()
if(NOT out MATCHES "^hubsim generate: wrote .*de.textproto \\(6 hubs, 60 outlets, [0-9]+ linehauls, 600 couriers, 12000 orders/day; call center: up to [0-9]+ agents\\)\n$")
  message(FATAL_ERROR "unexpected summary: '${out}'")
endif()
file(READ ${dir}/de.textproto text)
foreach(expected IN ITEMS "#   hubsim generate ${flags}" "CC BY 4.0" "id: \"Berlin\"")
  string(REPLACE ";" " " expected "${expected}")
  string(FIND "${text}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the generated scenario lacks '${expected}'")
  endif()
endforeach()

execute_process(COMMAND ${PROGRAM} validate ${dir}/de.textproto
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "ok \\(6 hubs, 60 outlets")
  message(FATAL_ERROR "hubsim validate of the generated scenario: exit ${rc}: ${out}${err}")
endif()
execute_process(COMMAND ${PROGRAM} run ${dir}/de.textproto --days 1 --out ""
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "pickup <= 60 min" OR NOT out MATCHES "\\(holds\\)")
  message(FATAL_ERROR "hubsim run of the generated scenario: exit ${rc}: ${out}${err}")
endif()

# Without -o the scenario goes to stdout, the same bytes.
execute_process(COMMAND ${PROGRAM} generate ${flags} OUTPUT_FILE ${dir}/stdout.textproto
                RESULT_VARIABLE rc)
file(SHA256 ${dir}/de.textproto h1)
file(SHA256 ${dir}/stdout.textproto h2)
if(NOT rc EQUAL 0 OR NOT h1 STREQUAL h2)
  message(FATAL_ERROR "generate to stdout: exit ${rc}, or not the bytes of -o")
endif()

# Bad input: exit 2, a message naming the flag or the file, line and column.
file(WRITE ${dir}/bad.csv "geonames_id,name,country,admin1,population,lat,lon\n1,A,XX,01,100,10,20\n2,B,XX,01,many,10,20\n")
# Each case: the arguments (separated by spaces), then the text stderr must contain.
set(cases
  "--hubs 0|--hubs must be in 1.."
  "--country fr|--country"
  "--outlets 3|--outlets"
  "--frobnicate 1|--frobnicate"
  "--hubs many|--hubs"
  "--cities ${dir}/no-such.csv|no-such.csv: cannot read: "
  "--cities ${dir}/bad.csv --hubs 1 --outlets 1 --couriers 1|bad.csv:3:11: population: expected")
foreach(case IN LISTS cases)
  string(FIND "${case}" "|" bar)
  string(SUBSTRING "${case}" 0 ${bar} args)
  separate_arguments(args UNIX_COMMAND "${args}")
  math(EXPR after "${bar} + 1")
  string(SUBSTRING "${case}" ${after} -1 expected)
  execute_process(COMMAND ${PROGRAM} generate ${args} -o ${dir}/bad.textproto
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "generate ${args}: exit ${rc} (expected 2); stderr: ${err}")
  endif()
  string(FIND "${err}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "generate ${args}: stderr lacks '${expected}': ${err}")
  endif()
endforeach()
if(EXISTS ${dir}/bad.textproto)
  message(FATAL_ERROR "bad input left output behind")
endif()

# Outputs that cannot be written: under a regular file, and over a directory (the temporary
# file is written, the rename fails and it must be removed). Exit 1, nothing left behind.
file(WRITE ${dir}/a-file "not a directory")
file(MAKE_DIRECTORY ${dir}/a-dir)
foreach(target IN ITEMS ${dir}/a-file/x.textproto ${dir}/a-dir)
  execute_process(COMMAND ${PROGRAM} generate ${flags} -o ${target}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 1 OR NOT err MATCHES "hubsim generate: .*${target}")
    message(FATAL_ERROR "unwritable -o ${target}: exit ${rc}, stderr: ${err}")
  endif()
endforeach()
file(GLOB left ${dir}/a-dir* ${dir}/a-dir/* ${dir}/*.tmp.*)
if(NOT left STREQUAL "${dir}/a-dir")
  message(FATAL_ERROR "a failed write left files behind: ${left}")
endif()
