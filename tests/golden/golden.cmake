# golden.NAME.tT: runs scenarios/NAME.textproto on THREADS threads with the days and seed
# recorded in GOLDEN (tests/golden/NAME.txt) and compares the event-sequence fingerprint
# (Results.fingerprint, a hash of every LP's event sequence) and the SHA-256 of results.pb
# with the recorded ones. Results never depend on the thread count, so one file serves 1, 2
# and 4 threads.
get_filename_component(name ${GOLDEN} NAME_WE)

# golden_field(VAR KEY): VAR is the value of the line "KEY: value" of GOLDEN.
function(golden_field var key)
  file(STRINGS ${GOLDEN} line REGEX "^${key}: " LIMIT_COUNT 1)
  string(REGEX REPLACE "^${key}: *" "" value "${line}")
  if(value STREQUAL "")
    message(FATAL_ERROR "${GOLDEN}: no '${key}:' line")
  endif()
  set(${var} "${value}" PARENT_SCOPE)
endfunction()
golden_field(days days)
golden_field(seed seed)
golden_field(want_sha results-sha256)
golden_field(want_fp events-fingerprint)

set(out ${WORK_DIR}/${name}-t${THREADS})
file(REMOVE_RECURSE ${out})
execute_process(COMMAND ${PROGRAM} run ${SOURCE_DIR}/scenarios/${name}.textproto
                        --days ${days} --seed ${seed} --threads ${THREADS} --out ${out}
                OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hubsim run scenarios/${name}.textproto failed (${rc}): ${err}")
endif()
file(SHA256 ${out}/results.pb got_sha)
# The top-level "fingerprint" of results.json (one space of indentation; nested objects
# are indented further). Read by line: the national scenario's results.json is 10 MB.
file(STRINGS ${out}/results.json line REGEX "^ \"fingerprint\": " LIMIT_COUNT 1)
string(REGEX REPLACE "^ \"fingerprint\": \"?([0-9]+)\"?,?$" "\\1" got_fp "${line}")
if(NOT got_fp MATCHES "^[0-9]+$")
  message(FATAL_ERROR "${out}/results.json has no top-level fingerprint")
endif()

set(update "If the change is intended, record it in the same commit, with its reason:\n"
           "  scripts/update-golden.sh ${name} --reason \"...\"")
if(NOT got_fp STREQUAL want_fp)
  message(FATAL_ERROR "scenarios/${name}.textproto on ${THREADS} thread(s): the EVENTS "
          "changed: event-sequence fingerprint ${got_fp}, golden ${want_fp} (and results.pb "
          "SHA-256 ${got_sha}, golden ${want_sha}).\n" ${update})
endif()
if(NOT got_sha STREQUAL want_sha)
  message(FATAL_ERROR "scenarios/${name}.textproto on ${THREADS} thread(s): only the "
          "RESULTS changed (same event sequence): results.pb SHA-256 ${got_sha}, golden "
          "${want_sha}.\n" ${update})
endif()
file(REMOVE_RECURSE ${out})
