# golden.every_scenario_has_a_fingerprint: every file of scenarios/ that is a scenario
# (`hubsim validate` accepts it; sweeps are not) has its golden file in tests/golden/.
file(GLOB scenarios ${SOURCE_DIR}/scenarios/*.textproto)
set(missing "")
foreach(path IN LISTS scenarios)
  get_filename_component(name ${path} NAME_WE)
  if(EXISTS ${SOURCE_DIR}/tests/golden/${name}.txt)
    continue()
  endif()
  execute_process(COMMAND ${PROGRAM} validate ${path}
                  OUTPUT_QUIET ERROR_QUIET RESULT_VARIABLE rc)
  if(rc EQUAL 0)
    list(APPEND missing ${name})
  endif()
endforeach()
if(missing)
  list(JOIN missing " " missing)
  message(FATAL_ERROR "scenarios without a golden fingerprint: ${missing}\n"
          "record them: scripts/update-golden.sh ${missing} --reason \"new scenario\"")
endif()
