# Where the upstream NodeMCU tree lives and which of its components we build.
#
# The NodeMCU firmware (branch dev-esp32, pinned commit in docker/lib/pins.ts) is
# never committed here: docker/fetch-nodemcu.sh checks it out at build time into
# NODEMCU_DIR. The path is fixed relative to this repository because two files
# that cannot take variables must find it too:
#   - components/modules/Kconfig (Kconfig `rsource` is resolved relative to itself)
#   - the sdkconfig fragment that names NodeMCU's partition table
# Keep all three in step (test/firmware/project-layout.test.ts checks that).
#
# This file is included by the project CMakeLists.txt files (ours and the Unity
# test app's) and by components/modules/CMakeLists.txt, also while ESP-IDF runs
# that file in script mode to collect requirements, so it only sets variables.

# The branch the pinned commit is on (reported by node.info()).
set(NODEMCU_BRANCH "dev-esp32")

get_filename_component(NODEMCU_DIR "${CMAKE_CURRENT_LIST_DIR}/../.cache/nodemcu-firmware" ABSOLUTE)

# Upstream's own `modules` component is deliberately left out: ours in
# components/modules builds every upstream module source except mqtt.c, plus our
# generated mqtt.c. Leaving it out (rather than relying on "the project's
# components/ wins over EXTRA_COMPONENT_DIRS") means no build ever sees two
# components named `modules`, including the Unity test app whose components all
# come in through EXTRA_COMPONENT_DIRS.
set(NODEMCU_REPLACED_COMPONENTS modules)

# nodemcu_upstream_component_dirs(<out-var>): absolute paths of the upstream
# component directories to hand to EXTRA_COMPONENT_DIRS.
function(nodemcu_upstream_component_dirs out_var)
  if(NOT EXISTS "${NODEMCU_DIR}/components/base_nodemcu/CMakeLists.txt")
    message(FATAL_ERROR
      "NodeMCU sources not found in ${NODEMCU_DIR}. "
      "Run `npm run firmware` (it fetches them), or docker/fetch-nodemcu.sh inside the IDF image.")
  endif()
  file(GLOB candidates LIST_DIRECTORIES true "${NODEMCU_DIR}/components/*")
  list(SORT candidates)
  set(dirs "")
  foreach(dir ${candidates})
    get_filename_component(name "${dir}" NAME)
    if(IS_DIRECTORY "${dir}" AND EXISTS "${dir}/CMakeLists.txt"
       AND NOT name IN_LIST NODEMCU_REPLACED_COMPONENTS)
      list(APPEND dirs "${dir}")
    endif()
  endforeach()
  set(${out_var} "${dirs}" PARENT_SCOPE)
endfunction()
