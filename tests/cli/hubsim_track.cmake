# `hubsim run --tracking` and `hubsim track`: the log and its index are written, a parcel's
# timeline comes back as text and as JSON, the KPIs do not change with tracking on, and
# bad input (a number that is not one, a parcel not in the log, a file that is not a log, a
# bad sample rate) exits 2 with a message, an unwritable log exits 1, before the run.
set(dir ${WORK_DIR}/track)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})

execute_process(COMMAND ${PROGRAM} run --days 1 --out ${dir}/plain
                OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hubsim run failed (${rc}): ${err}")
endif()
execute_process(COMMAND ${PROGRAM} run --days 1 --out ${dir}/tracked --tracking ${dir}/day.trk
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "tracking: [0-9]+ scans of [0-9]+ parcels" OR NOT EXISTS ${dir}/day.trk
   OR NOT EXISTS ${dir}/day.trk.idx)
  message(FATAL_ERROR "hubsim run --tracking failed (${rc}): ${err}${out}")
endif()
file(SHA256 ${dir}/plain/results.pb plain)
file(SHA256 ${dir}/tracked/results.pb tracked)
if(NOT plain STREQUAL tracked)
  message(FATAL_ERROR "tracking changed the results")
endif()
file(GLOB leftovers ${dir}/day.trk.*)
if(NOT leftovers STREQUAL "${dir}/day.trk.idx")
  message(FATAL_ERROR "files left beside the log: ${leftovers}")
endif()

# The summary names the log and gives example numbers; the first one is tracked.
execute_process(COMMAND ${PROGRAM} track ${dir}/day.trk OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "parcels, [0-9]+ scans" OR NOT out MATCHES "e\\.g\\. ([0-9]+)")
  message(FATAL_ERROR "hubsim track (summary) failed (${rc}): ${err}${out}")
endif()
string(REGEX MATCH "e\\.g\\. ([0-9]+)" example "${out}")
set(parcel ${CMAKE_MATCH_1})
execute_process(COMMAND ${PROGRAM} track ${dir}/day.trk ${parcel} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "Order placed" OR NOT out MATCHES "status: " OR NOT out MATCHES "pickup within 60 min")
  message(FATAL_ERROR "hubsim track ${parcel} failed (${rc}): ${err}${out}")
endif()
execute_process(COMMAND ${PROGRAM} track ${dir}/day.trk ${parcel} --json OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hubsim track --json failed (${rc}): ${err}")
endif()
string(JSON type GET "${out}" event 0 type)
string(JSON state GET "${out}" promise 0 state)
if(NOT type STREQUAL "ORDER_PLACED" OR NOT state MATCHES "^(kept|missed|open)$")
  message(FATAL_ERROR "hubsim track --json: first event ${type}, pickup ${state}: ${out}")
endif()

# Bad input: exit 2 and a message.
file(WRITE ${dir}/not-a-log.trk "hello")
foreach(case IN ITEMS "12x|not a tracking number" "99999999999999|is not in" )
  string(REPLACE "|" ";" case "${case}")
  list(GET case 0 arg)
  list(GET case 1 expect)
  execute_process(COMMAND ${PROGRAM} track ${dir}/day.trk ${arg} OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 2 OR NOT err MATCHES "${expect}")
    message(FATAL_ERROR "hubsim track ${arg}: exit ${rc}, message: ${err}")
  endif()
endforeach()
foreach(log IN ITEMS ${dir}/not-a-log.trk ${dir}/missing.trk)
  execute_process(COMMAND ${PROGRAM} track ${log} 1 OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
  string(FIND "${err}" "${log}" at)
  if(NOT rc EQUAL 2 OR at EQUAL -1)
    message(FATAL_ERROR "hubsim track ${log}: exit ${rc}, message: ${err}")
  endif()
endforeach()
foreach(rate IN ITEMS 0 1.5 -1)
  execute_process(COMMAND ${PROGRAM} run --days 1 --out "" --tracking ${dir}/bad.trk --tracking-sample ${rate}
                  OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 2 OR NOT err MATCHES "--tracking-sample")
    message(FATAL_ERROR "--tracking-sample ${rate}: exit ${rc}, message: ${err}")
  endif()
endforeach()
# A new directory is made for the log; an unwritable place (a file where its directory
# should be) exits 1 before the run, leaving nothing.
execute_process(COMMAND ${PROGRAM} run --days 1 --out "" --tracking ${dir}/new/dir/x.trk
                OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT EXISTS ${dir}/new/dir/x.trk)
  message(FATAL_ERROR "--tracking into a new directory: exit ${rc}, message: ${err}")
endif()
execute_process(COMMAND ${PROGRAM} run --days 1 --out "" --tracking ${dir}/not-a-log.trk/x.trk
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 1 OR NOT err MATCHES "not-a-log.trk/x.trk" OR out MATCHES "engine:")
  message(FATAL_ERROR "unwritable --tracking: exit ${rc}, message: ${err}${out}")
endif()
if(EXISTS ${dir}/bad.trk)
  message(FATAL_ERROR "a refused run left a tracking log behind")
endif()

# `hubsim report --tracking`: the report embeds a digest for its parcel lookup; a file that
# is not a tracking log is bad input (exit 2, no report).
execute_process(COMMAND ${PROGRAM} report ${dir}/tracked/results.pb -o ${dir}/lookup.html --tracking ${dir}/day.trk
                OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hubsim report --tracking failed (${rc}): ${err}")
endif()
file(READ ${dir}/lookup.html html)
string(FIND "${html}" ",\"tracking\":{\"log\":" at)
if(at EQUAL -1)
  message(FATAL_ERROR "hubsim report --tracking: the report has no tracking digest")
endif()
execute_process(COMMAND ${PROGRAM} report ${dir}/tracked/results.pb -o ${dir}/bad-lookup.html
                --tracking ${dir}/not-a-log.trk OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 2 OR NOT err MATCHES "not-a-log.trk" OR EXISTS ${dir}/bad-lookup.html)
  message(FATAL_ERROR "hubsim report --tracking not-a-log: exit ${rc}, message: ${err}")
endif()
