// The text-stats component, in C: counts bytes, characters, words and lines of a message and
// replies with JSON. `airssys-wasm build` generates the canonical ABI for its world
// (build/bindings/text_stats.h and .c) from wit/; this file implements the exports with plain C
// types. It logs to stderr through WASI, which the host turns into WARN lines of the component's
// logger.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_stats.h"

bool exports_airssys_core_component_lifecycle_initialize(
    text_stats_list_tuple2_string_string_t *config, airssys_core_types_component_error_t *err) {
  (void) err;
  text_stats_list_tuple2_string_string_free(config);
  return true;
}

bool exports_airssys_core_component_lifecycle_handle_message(
    airssys_core_types_message_t *message, text_stats_list_u8_t *ret, airssys_core_types_component_error_t *err) {
  (void) err;
  const uint8_t *payload = message->payload.ptr;
  size_t length = message->payload.len;
  size_t chars = 0, words = 0, lines = 0;
  int in_word = 0;
  for (size_t i = 0; i < length; i++) {
    uint8_t c = payload[i];
    if ((c & 0xC0) != 0x80) {
      chars++;
    }
    if (c == '\n') {
      lines++;
    }
    int space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in_word) {
      words++;
    }
    in_word = !space;
  }
  if (length > 0 && payload[length - 1] != '\n') {
    lines++;
  }
  char *reply = malloc(128);
  int written = snprintf(reply, 128, "{\"bytes\":%zu,\"chars\":%zu,\"words\":%zu,\"lines\":%zu}", length, chars,
                         words, lines);
  fprintf(stderr, "counted %zu words in %zu bytes\n", words, length);
  airssys_core_types_message_free(message);
  ret->ptr = (uint8_t *) reply;
  ret->len = (size_t) written;
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
  text_stats_string_dup(&ret->name, "text-stats");
  text_stats_string_dup(&ret->version, "1.0.0");
  ret->description.is_some = true;
  text_stats_string_dup(&ret->description.val, "Counts bytes, characters, words and lines");
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
