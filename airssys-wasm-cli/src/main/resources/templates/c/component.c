// The {{name}} component. `airssys-wasm build` generates build/bindings/{{snake}}.h and .c from
// wit/ (the canonical ABI is in there) and compiles this file with them.
//
// Ownership follows wit-bindgen's C conventions: arguments an export receives are its own to
// free (the *_free helpers), what it returns is freed after the host has read it, and what an
// import returns belongs to the caller.
#include <stdlib.h>
#include <string.h>

#include "{{snake}}.h"

bool exports_airssys_core_component_lifecycle_initialize(
    {{snake}}_list_tuple2_string_string_t *config, airssys_core_types_component_error_t *err) {
  (void) err;
  {{snake}}_list_tuple2_string_string_free(config);
  return true;
}

bool exports_airssys_core_component_lifecycle_handle_message(
    airssys_core_types_message_t *message, {{snake}}_list_u8_t *ret, airssys_core_types_component_error_t *err) {
  (void) err;
  // the reply is the payload itself: it moves into the result, the rest of the message is freed
  *ret = message->payload;
  message->payload.ptr = NULL;
  message->payload.len = 0;
  airssys_core_types_message_free(message);
  return true;
}

bool exports_airssys_core_component_lifecycle_handle_callback(
    airssys_core_types_correlation_id_t *correlation,
    exports_airssys_core_component_lifecycle_result_list_u8_messaging_error_t *response,
    airssys_core_types_component_error_t *err) {
  (void) err;
  airssys_core_types_correlation_id_free(correlation);
  exports_airssys_core_component_lifecycle_result_list_u8_messaging_error_free(response);
  return true;
}

void exports_airssys_core_component_lifecycle_metadata(airssys_core_types_component_metadata_t *ret) {
  {{snake}}_string_dup(&ret->name, "{{name}}");
  {{snake}}_string_dup(&ret->version, "0.1.0");
  ret->description.is_some = true;
  {{snake}}_string_dup(&ret->description.val, "The {{name}} component");
  ret->interfaces.ptr = NULL;
  ret->interfaces.len = 0;
}

airssys_core_types_health_status_t exports_airssys_core_component_lifecycle_health(void) {
  return AIRSSYS_CORE_TYPES_HEALTH_STATUS_HEALTHY;
}

bool exports_airssys_core_component_lifecycle_shutdown(airssys_core_types_component_error_t *err) {
  (void) err;
  return true;
}

void exports_{{snake}}_greet({{snake}}_string_t *name, {{snake}}_string_t *ret) {
  static const char hello[] = "Hello, ";
  size_t prefix = sizeof hello - 1;
  ret->len = prefix + name->len + 1;
  ret->ptr = malloc(ret->len);
  memcpy(ret->ptr, hello, prefix);
  memcpy(ret->ptr + prefix, name->ptr, name->len);
  ret->ptr[ret->len - 1] = '!';
  {{snake}}_string_free(name);
}
