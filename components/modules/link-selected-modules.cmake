# Force the linker to keep every module enabled in menuconfig.
#
# A NodeMCU module registers itself by placing ROM-table entries in special
# sections; nothing references them, so the linker would drop the object file.
# NODEMCU_MODULE() names one entry `<CFG>_module_selected1` when
# CONFIG_NODEMCU_CMODULE_<CFG> is set, and `-u` on that name keeps the module.
# The module's config name is its file name in upper case (mqtt.c -> MQTT), the
# convention upstream's CMakeLists.txt relies on as well.
set(nodemcu_modules_enabled "")
foreach(src ${module_srcs})
  get_filename_component(stem "${src}" NAME_WE)
  string(TOUPPER "${stem}" cfg)
  if(CONFIG_NODEMCU_CMODULE_${cfg})
    list(APPEND nodemcu_modules_enabled "${cfg}")
    target_link_libraries(${COMPONENT_LIB} INTERFACE "-u ${cfg}_module_selected1")
  endif()
endforeach()
message(STATUS "NodeMCU modules linked in: ${nodemcu_modules_enabled}")
if(NOT "MQTT" IN_LIST nodemcu_modules_enabled)
  message(WARNING "CONFIG_NODEMCU_CMODULE_MQTT is off: the firmware will not contain our mqtt module")
endif()
