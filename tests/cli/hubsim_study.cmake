# `hubsim run --replications/--warmup-days/--set` and `hubsim compare` as a user runs them:
# the study in results.json, the same files on 1 and 2 threads, the first replication
# being the plain run, overrides applied; compare.pb/json written; bad overrides and flags
# exit 2 with a message naming them and write nothing.
set(w ${WORK_DIR}/study)
file(REMOVE_RECURSE ${w})
file(MAKE_DIRECTORY ${w})

function(run_ok)
  execute_process(COMMAND ${PROGRAM} ${ARGN} WORKING_DIRECTORY ${SOURCE_DIR}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "hubsim ${ARGN}: exit ${rc}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

function(expect_in text what)
  string(FIND "${text}" "${what}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected '${what}' in:\n${text}")
  endif()
endfunction()

# Replications: the study in the results, identical on 1 and 2 threads.
run_ok(run --days 1 --replications 3 --threads 1 --out ${w}/rep-t1)
expect_in("${out}" "replication 1 of 3")
expect_in("${out}" "study of 3 replications: mean ± half-width of the 95 % interval")
expect_in("${out}" "pickup on time")
run_ok(run --days 1 --replications 3 --threads 2 --out ${w}/rep-t2)
file(SHA256 ${w}/rep-t1/results.pb h1)
file(SHA256 ${w}/rep-t2/results.pb h2)
if(NOT h1 STREQUAL h2)
  message(FATAL_ERROR "a study's results.pb differs between 1 and 2 threads")
endif()
file(READ ${w}/rep-t1/results.json json)
string(JSON n GET "${json}" study replications)
string(JSON first_seed GET "${json}" study seed 0)
string(JSON seed GET "${json}" seed)
string(JSON kpi0 GET "${json}" study kpi 0 name)
string(JSON values LENGTH "${json}" study kpi 0 value)
string(JSON low GET "${json}" study kpi 0 ci_low)
if(NOT n EQUAL 3 OR NOT first_seed STREQUAL seed OR NOT kpi0 STREQUAL "pickup_on_time" OR NOT values EQUAL 3)
  message(FATAL_ERROR "unexpected study: replications ${n}, first seed ${first_seed} (run ${seed}), "
                      "first KPI ${kpi0} with ${values} values")
endif()
# The first replication is the plain run.
run_ok(run --days 1 --out ${w}/plain)
file(READ ${w}/plain/results.json plain)
foreach(key IN ITEMS fingerprint events)
  string(JSON a GET "${json}" ${key})
  string(JSON b GET "${plain}" ${key})
  if(NOT a STREQUAL b)
    message(FATAL_ERROR "replication 1's ${key} ${a} is not the plain run's ${b}")
  endif()
endforeach()
string(JSON plain_study ERROR_VARIABLE none GET "${plain}" study)
if(NOT none)
  message(FATAL_ERROR "a plain run (one replication, no warm-up) has a study")
endif()

# Warm-up and overrides.
run_ok(run --days 2 --warmup-days 1 --set "outlet[SZX-01].couriers=40" --set "name=More couriers"
       --out ${w}/warm)
expect_in("${out}" "hubsim run: More couriers")
expect_in("${out}" "863 couriers")  # 856 + 7: SZX-01 from 33 to 40, shared among its shift groups
expect_in("${out}" "2 day(s) (1 warm-up day not counted)")
file(READ ${w}/warm/results.json json)
string(JSON warmup GET "${json}" study warmup_days)
string(JSON days LENGTH "${json}" day)
if(NOT warmup EQUAL 1 OR NOT days EQUAL 2)
  message(FATAL_ERROR "warm-up ${warmup}, ${days} days in the results")
endif()

# Compare, on common random numbers.
run_ok(compare scenarios/prd.textproto --set-alt "outlet[SZX-01].couriers=20" --days 1 --replications 3
       --out ${w}/cmp)
expect_in("${out}" "alt - base [interval]")
expect_in("${out}" "paired/unpaired")
expect_in("${out}" "* worse")
foreach(file IN ITEMS compare.pb compare.json)
  if(NOT EXISTS ${w}/cmp/${file})
    message(FATAL_ERROR "hubsim compare wrote no ${file}")
  endif()
endforeach()
file(GLOB leftovers ${w}/cmp/*.tmp.*)
if(leftovers)
  message(FATAL_ERROR "temporary files left: ${leftovers}")
endif()
file(READ ${w}/cmp/compare.json json)
string(JSON name GET "${json}" kpi 0 name)
string(JSON significant GET "${json}" kpi 0 significant)
string(JSON reps GET "${json}" base replications)
string(JSON alt_override GET "${json}" alt_override 0)
if(NOT name STREQUAL "pickup_on_time" OR NOT reps EQUAL 3 OR
   NOT alt_override STREQUAL "--set-alt outlet[SZX-01].couriers=20")
  message(FATAL_ERROR "unexpected comparison: ${name} significant=${significant}, ${reps} replications, "
                      "alt override '${alt_override}'")
endif()

# Bad input: exit 2, a message naming the override or flag, nothing written.
set(bad ${w}/bad)
set(cases
  "run|--set|outlet[3].courier=5|--set outlet[3].courier=5: outlet has no field 'courier'; did you mean 'couriers'?"
  "run|--set|outlet[99].couriers=5|--set outlet[99].couriers=5: outlet[99]: no such element: outlet has 36 (indices 0..35)"
  "run|--set|outlet[XYZ].couriers=5|--set outlet[XYZ].couriers=5: outlet[XYZ]: no element of outlet has id 'XYZ'"
  "run|--set|days=two|--set days=two: 'two' is not an unsigned integer (uint32) (days)"
  "run|--set|outlet[3].couriers=0|--set outlet[3].couriers=0: outlet 'CAN-04' couriers must be in 1..10000 (got 0)"
  "run|--set|call_center.patience.kind=SOMETIMES|is not a value of kind (Kind): use one of EXPONENTIAL, LOGNORMAL, CONSTANT"
  "run|--set|couriers|--set couriers: expected PATH=VALUE"
  "run|--warmup-days|3|--warmup-days 3: warmup_days (3) must be less than days (1): at least one day must be counted"
  "run|--replications|0|--replications: Value 0 not in range"
  "compare|--set-alt|outlet[3].courier=5|--set-alt outlet[3].courier=5: outlet has no field 'courier'"
  "compare|--set-alt|seed=9|--set-alt seed=9: both scenarios run on the same seeds"
  "compare|--replications|1|--replications: Value 1 not in range")
# The next "|"-separated field of `rest` into `var` (not a CMake list: "[...]" would keep
# a list's ";" from separating).
macro(next_field var)
  string(FIND "${rest}" "|" bar)
  string(SUBSTRING "${rest}" 0 ${bar} ${var})
  math(EXPR bar "${bar} + 1")
  string(SUBSTRING "${rest}" ${bar} -1 rest)
endmacro()
foreach(case IN LISTS cases)
  set(rest "${case}")
  next_field(command)
  next_field(flag)
  next_field(value)
  set(expected "${rest}")
  if(command STREQUAL "compare")
    set(args compare scenarios/prd.textproto --set-alt "outlet[0].couriers=20")
  else()
    set(args run)
  endif()
  execute_process(COMMAND ${PROGRAM} ${args} --days 1 ${flag} ${value} --out ${bad}
                  WORKING_DIRECTORY ${SOURCE_DIR}
                  OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "hubsim ${command} ${flag} ${value}: exit ${rc} (expected 2): ${err}")
  endif()
  expect_in("${err}" "${expected}")
  if(EXISTS ${bad})
    message(FATAL_ERROR "hubsim ${command} ${flag} ${value} wrote output")
  endif()
endforeach()
execute_process(COMMAND ${PROGRAM} compare scenarios/prd.textproto --out ${bad} WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 2 OR NOT err MATCHES "nothing to compare")
  message(FATAL_ERROR "compare without an alternative: exit ${rc}: ${err}")
endif()
execute_process(COMMAND ${PROGRAM} compare scenarios/prd.textproto ${w}/no-such.textproto --out ${bad}
                WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 2 OR NOT err MATCHES "no-such.textproto: cannot read")
  message(FATAL_ERROR "compare with a missing file: exit ${rc}: ${err}")
endif()
if(EXISTS ${bad})
  message(FATAL_ERROR "a failed compare wrote output")
endif()
# An output directory that cannot be made: exit 1.
file(WRITE ${w}/not-a-dir "a file where the output directory should go")
execute_process(COMMAND ${PROGRAM} compare scenarios/prd.textproto --set-alt "outlet[0].couriers=20" --days 1
                        --replications 2 --out ${w}/not-a-dir/sub
                WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 1 OR NOT err MATCHES "not-a-dir/sub")
  message(FATAL_ERROR "unwritable --out: exit ${rc}: ${err}")
endif()
