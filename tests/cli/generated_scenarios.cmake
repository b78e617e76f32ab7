# The generated scenarios in scenarios/ are what `hubsim generate` makes today: each file's
# header has the command that made it; running it again gives the file byte for byte, and
# the file validates. A deliberate change of the generator regenerates them in the same
# commit (the commands are in scenarios/README.md).
foreach(name IN ITEMS cn-ci cn-national)
  set(path ${SOURCE_DIR}/scenarios/${name}.textproto)
  file(STRINGS ${path} command REGEX "^#   hubsim generate " LIMIT_COUNT 1)
  string(REGEX REPLACE "^#   hubsim " "" command "${command}")
  separate_arguments(command UNIX_COMMAND "${command}")
  execute_process(COMMAND ${PROGRAM} ${command} -o ${WORK_DIR}/${name}.textproto
                  OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "hubsim ${command} failed (${rc}): ${err}")
  endif()
  file(SHA256 ${path} expected)
  file(SHA256 ${WORK_DIR}/${name}.textproto got)
  if(NOT expected STREQUAL got)
    message(FATAL_ERROR "scenarios/${name}.textproto is not what `hubsim ${command}` makes now; "
                        "regenerate it (scenarios/README.md)")
  endif()
  execute_process(COMMAND ${PROGRAM} validate ${path}
                  OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "scenarios/${name}.textproto does not validate: ${err}")
  endif()
endforeach()
