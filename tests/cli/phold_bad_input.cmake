# Bad parameters: a non-zero exit and a message that names the parameter.
foreach(case IN ITEMS "--lookahead;0;--lookahead" "--mean;0.05;--mean" "--remote;1.5;--remote"
                      "--threads;0;--threads" "--queue;splay;queue" "--executor;optimistic;executor"
                      "--nlp;0;--nlp")
  list(GET case 0 flag)
  list(GET case 1 value)
  list(GET case 2 expected)
  execute_process(COMMAND ${PROGRAM} ${flag} ${value} --end 1
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(rc EQUAL 0)
    message(FATAL_ERROR "${flag} ${value} was accepted")
  endif()
  string(FIND "${err}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${flag} ${value}: the message does not name ${expected}: ${err}")
  endif()
endforeach()
