# NodeMCU's helpers for modules that live outside the `modules` component
# ("external modules"). Upstream's modules component provides them; since ours
# replaces it, we provide the same two functions with the same meaning, so
# external-module components (our main/ and the Unity test app) work unchanged.

# extmod_register_conditional(<CFG>): link the module in when the Kconfig option
# CONFIG_NODEMCU_CMODULE_<CFG> (declared by the external component) is on.
function(extmod_register_conditional cfg)
  if(CONFIG_NODEMCU_CMODULE_${cfg})
    message(STATUS "NodeMCU external module ${cfg}: linked in")
    target_link_libraries(${COMPONENT_LIB} INTERFACE "-u ${cfg}_module_selected1")
  endif()
endfunction()

# extmod_register_unconditional(<CFG>): always link the module in. Its sources
# still need CONFIG_NODEMCU_CMODULE_<CFG> defined for NODEMCU_MODULE() to name the
# entry the linker keeps, so define it for the component.
function(extmod_register_unconditional cfg)
  message(STATUS "NodeMCU external module ${cfg}: linked in")
  target_compile_definitions(${COMPONENT_LIB} PRIVATE "CONFIG_NODEMCU_CMODULE_${cfg}=1")
  target_link_libraries(${COMPONENT_LIB} INTERFACE "-u ${cfg}_module_selected1")
endfunction()
