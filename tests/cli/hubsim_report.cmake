# `hubsim report` and `hubsim run --report`: a self-contained report.html from results.pb or
# results.json; bad input exits 2 naming the file, an unwritable output exits 1, and
# neither leaves a file behind.
set(dir ${WORK_DIR}/report)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})

execute_process(COMMAND ${PROGRAM} run --days 1 --out ${dir}/run --report
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "report.html")
  message(FATAL_ERROR "hubsim run --report failed (${rc}): ${err}${out}")
endif()
file(READ ${dir}/run/report.html html)
string(FIND "${html}" "\"results\":{\"scenario\":\"Pearl River Delta" at)
if(at EQUAL -1)
  message(FATAL_ERROR "run/report.html does not embed the run's results")
endif()

foreach(input IN ITEMS results.pb results.json)
  execute_process(COMMAND ${PROGRAM} report ${dir}/run/${input} -o ${dir}/from-${input}.html
                  --target-calls 0.9 OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT EXISTS ${dir}/from-${input}.html)
    message(FATAL_ERROR "hubsim report ${input} failed (${rc}): ${err}")
  endif()
  file(READ ${dir}/from-${input}.html html)
  string(FIND "${html}" "\"calls\":0.9}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the report from ${input} lacks --target-calls 0.9")
  endif()
endforeach()

# Bad input: exit 2, a message naming the file, nothing written.
file(WRITE ${dir}/broken.json "{\"days\": ")
foreach(input IN ITEMS ${dir}/missing.pb ${dir}/broken.json ${SOURCE_DIR}/scenarios/prd.textproto)
  execute_process(COMMAND ${PROGRAM} report ${input} -o ${dir}/bad.html
                  ERROR_VARIABLE err RESULT_VARIABLE rc OUTPUT_QUIET)
  string(FIND "${err}" "${input}" at)
  if(NOT rc EQUAL 2 OR at EQUAL -1)
    message(FATAL_ERROR "hubsim report ${input}: exit ${rc}, message: ${err}")
  endif()
endforeach()
execute_process(COMMAND ${PROGRAM} report ${dir}/run/results.pb -o ${dir}/bad.html
                --target-pickup 95 ERROR_VARIABLE err RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 2 OR NOT err MATCHES "--target-pickup")
  message(FATAL_ERROR "--target-pickup 95: exit ${rc}, message: ${err}")
endif()
execute_process(COMMAND ${PROGRAM} run --days 1 --out "" --report
                ERROR_VARIABLE err RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 2 OR NOT err MATCHES "--report")
  message(FATAL_ERROR "run --report --out '': exit ${rc}, message: ${err}")
endif()
if(EXISTS ${dir}/bad.html)
  message(FATAL_ERROR "a refused report left output behind")
endif()

# An output that cannot be written: exit 1, a message naming it, no temporary left.
execute_process(COMMAND ${PROGRAM} report ${dir}/run/results.pb -o ${dir}/no-such-dir/report.html
                ERROR_VARIABLE err RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 1 OR NOT err MATCHES "no-such-dir/report.html")
  message(FATAL_ERROR "unwritable -o: exit ${rc}, message: ${err}")
endif()
file(GLOB leftovers ${dir}/*.tmp.* ${dir}/run/*.tmp.*)
if(leftovers)
  message(FATAL_ERROR "temporary files left behind: ${leftovers}")
endif()
