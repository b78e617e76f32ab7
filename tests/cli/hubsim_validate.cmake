# `hubsim validate`: the default scenario's file is valid (exit 0 and a summary line); a bad
# file gets every problem as "file:line: message" on stderr and exit 2, and so does a file
# with a syntax error or one that cannot be read.
execute_process(COMMAND ${PROGRAM} validate scenarios/prd.textproto
                WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hubsim validate scenarios/prd.textproto failed (${rc}): ${err}")
endif()
set(summary "^scenarios/prd.textproto: ok \\(6 hubs, 36 outlets, 30 linehauls, \
[0-9]+ couriers, [0-9]+ orders/day; call center: 3 call types, [0-9]+ baseline calls/day, \
up to [0-9]+ agents\\)\n$")
if(NOT out MATCHES "${summary}")
  message(FATAL_ERROR "unexpected summary: '${out}'")
endif()

# Shift groups share their outlet's couriers: the summary's total is the outlets' couriers
# (12 + 7 + the default 10), whatever the groups' shares.
set(groups ${WORK_DIR}/hubsim_validate_groups.textproto)
file(WRITE ${groups} "hub { id: \"A\" lat: 23 lon: 113 }
hub { id: \"B\" lat: 22.5 lon: 114 }
outlet {
  id: \"A-1\" hub: \"A\" lat: 23 lon: 113 couriers: 12
  shift { start: \"07:00\" end: \"17:00\" share: 0.6 }
  shift { start: \"10:00\" end: \"20:00\" share: 0.4 }
}
outlet {
  id: \"A-2\" hub: \"A\" lat: 23 lon: 113 couriers: 7
  shift { start: \"06:00\" end: \"22:00\" share: 500 }
}
outlet { id: \"B-1\" hub: \"B\" lat: 22.5 lon: 114 }
linehaul { from: \"A\" to: \"B\" transit_minutes: 60 departure: \"22:00\" }
linehaul { from: \"B\" to: \"A\" transit_minutes: 60 departure: \"22:00\" }
")
execute_process(COMMAND ${PROGRAM} validate ${groups}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hubsim validate of shift groups failed (${rc}): ${err}")
endif()
if(NOT out MATCHES ": ok \\(2 hubs, 3 outlets, 2 linehauls, 29 couriers, ")
  message(FATAL_ERROR "shift groups: unexpected summary: '${out}'")
endif()

# Each case: file contents, then the text stderr must contain.
set(bad ${WORK_DIR}/hubsim_validate_bad.textproto)
set(cases
  "hub {\n  id: \"AAA\"\n  lat: 23\n  lon: 113\n  sort_rate_per_hour: 0\n}\n|${bad}:5: hub 'AAA' sort_rate_per_hour must be in"
  "hub {\n  id: \"AAA\"\n  lat: 23\n  lon: 113\n}\n|${bad}:1: the scenario has no outlet"
  "hub {\n  id: \"AAA\"\n  lat: 23 lon:\n}\n|${bad}:3:11: hub[0].lon: "
  "hub {\n  id: \"AAA\"\n  latitude: 23\n}\n|${bad}:3:"
  "hub { id: \"A\" lat: 23 lon: 113 }\noutlet {\n  id: \"A-1\" hub: \"A\" lat: 23 lon: 113\n  couriers: 1\n  shift { start: \"08:00\" end: \"14:00\" }\n  shift { start: \"14:00\" end: \"20:00\" }\n}\n|${bad}:4: outlet 'A-1' couriers (1) must be at least its 2 shift groups")
foreach(case IN LISTS cases)
  string(FIND "${case}" "|" bar)
  string(SUBSTRING "${case}" 0 ${bar} contents)
  math(EXPR after "${bar} + 1")
  string(SUBSTRING "${case}" ${after} -1 expected)
  file(WRITE ${bad} "${contents}")
  execute_process(COMMAND ${PROGRAM} validate ${bad}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "exit ${rc} (expected 2) for:\n${contents}\nstderr: ${err}")
  endif()
  string(FIND "${err}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "stderr lacks '${expected}' for:\n${contents}\nstderr: ${err}")
  endif()
endforeach()

execute_process(COMMAND ${PROGRAM} validate ${WORK_DIR}/no_such_scenario.textproto
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 2 OR NOT err MATCHES "no_such_scenario.textproto: cannot read: ")
  message(FATAL_ERROR "a missing file: exit ${rc}, stderr: ${err}")
endif()
