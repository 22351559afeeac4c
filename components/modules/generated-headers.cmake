# Headers and data that upstream's modules generate at build time from sdkconfig:
# font/display/driver selections for the u8g2 and ucg modules (perl scripts in
# NodeMCU's tools/) and the eromfs image. The sources that use them are compiled
# whether or not their module is enabled, so these are always produced.
set(nodemcu_tools "${NODEMCU_DIR}/tools")

add_custom_command(
  OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/ucg_config.h"
  COMMAND perl -w "${nodemcu_tools}/ucg_config.pl" < "${SDKCONFIG_HEADER}" > ucg_config.h
  WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}"
  DEPENDS "${SDKCONFIG_HEADER}"
  VERBATIM)
add_custom_command(
  OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/u8g2_fonts.h"
  COMMAND perl -w "${nodemcu_tools}/u8g2_config_fonts.pl" < "${SDKCONFIG_HEADER}" > u8g2_fonts.h
  WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}"
  DEPENDS "${SDKCONFIG_HEADER}"
  VERBATIM)
add_custom_command(
  OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/u8g2_displays.h"
  COMMAND perl -w "${nodemcu_tools}/u8g2_config_displays.pl" < "${SDKCONFIG_HEADER}" > u8g2_displays.h
  WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}"
  DEPENDS "${SDKCONFIG_HEADER}"
  VERBATIM)
add_custom_target(nodemcu_modules_headers DEPENDS
  "${CMAKE_CURRENT_BINARY_DIR}/ucg_config.h"
  "${CMAKE_CURRENT_BINARY_DIR}/u8g2_fonts.h"
  "${CMAKE_CURRENT_BINARY_DIR}/u8g2_displays.h")
add_dependencies(${COMPONENT_LIB} nodemcu_modules_headers)

# eromfs.py packs the volumes named in CONFIG_NODEMCU_CMODULE_EROMFS_VOLUMES
# (none unless the eromfs module is on). It resolves relative volume paths from
# three levels above its working directory, which upstream arranges to be the
# NodeMCU tree; with our layout give volumes as absolute paths.
idf_build_get_property(nodemcu_python PYTHON)
add_custom_command(
  OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/eromfs.bin"
  COMMAND "${nodemcu_python}" "${upstream_modules}/eromfs.py" ${CONFIG_NODEMCU_CMODULE_EROMFS_VOLUMES}
  WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}"
  DEPENDS "${SDKCONFIG_HEADER}")
add_custom_target(nodemcu_eromfs_bin DEPENDS "${CMAKE_CURRENT_BINARY_DIR}/eromfs.bin")
target_add_binary_data(${COMPONENT_LIB} "${CMAKE_CURRENT_BINARY_DIR}/eromfs.bin" BINARY
  DEPENDS nodemcu_eromfs_bin)
