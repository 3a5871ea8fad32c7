// A counter resource and a user of the host's logbook, written against the bindings
// `airssys-wasm bindgen c` generates for resources.wit (cres.h).
#include "cres.h"

#include <stdlib.h>
#include <string.h>

struct exports_test_cres_counters_counter_t {
  int64_t value;
};

static uint32_t live;

exports_test_cres_counters_own_counter_t exports_test_cres_counters_constructor_counter(int64_t start) {
  exports_test_cres_counters_counter_t *rep = malloc(sizeof *rep);
  if (!rep) {
    abort();
  }
  rep->value = start;
  live++;
  return exports_test_cres_counters_counter_new(rep);
}

int64_t exports_test_cres_counters_method_counter_increment(exports_test_cres_counters_borrow_counter_t self,
                                                            int64_t by) {
  self->value += by;
  return self->value;
}

int64_t exports_test_cres_counters_method_counter_get(exports_test_cres_counters_borrow_counter_t self) {
  return self->value;
}

void exports_test_cres_counters_method_counter_name(exports_test_cres_counters_borrow_counter_t self,
                                                   cres_string_t *ret) {
  // no stdio: the component imports nothing but the host's logbook
  char digits[24];
  int n = 0;
  int64_t value = self->value < 0 ? -self->value : self->value;
  do {
    digits[n++] = (char) ('0' + value % 10);
    value /= 10;
  } while (value > 0);
  char text[40] = "counter at ";
  size_t at = strlen(text);
  if (self->value < 0) {
    text[at++] = '-';
  }
  while (n > 0) {
    text[at++] = digits[--n];
  }
  text[at] = '\0';
  cres_string_dup(ret, text);
}

exports_test_cres_counters_own_counter_t exports_test_cres_counters_static_counter_merge(
    exports_test_cres_counters_borrow_counter_t a, exports_test_cres_counters_borrow_counter_t b) {
  return exports_test_cres_counters_constructor_counter(a->value + b->value);
}

void exports_test_cres_counters_counter_destructor(exports_test_cres_counters_counter_t *rep) {
  live--;
  free(rep);
}

uint32_t exports_test_cres_counters_live(void) {
  return live;
}

int64_t exports_test_cres_counters_consume(exports_test_cres_counters_own_counter_t c) {
  int64_t value = exports_test_cres_counters_counter_rep(c)->value;
  exports_test_cres_counters_counter_drop_own(c);
  return value;
}

void exports_test_cres_counters_pair(int64_t start, exports_test_cres_counters_tuple2_own_counter_own_counter_t *ret) {
  ret->f0 = exports_test_cres_counters_constructor_counter(start);
  ret->f1 = exports_test_cres_counters_constructor_counter(start + 1);
}

uint32_t exports_test_cres_counters_write(test_cres_logs_borrow_logbook_t log, cres_string_t *line) {
  test_cres_logs_method_logbook_append(log, line);
  cres_string_free(line);
  return test_cres_logs_method_logbook_size(log);
}

test_cres_logs_own_logbook_t exports_test_cres_counters_make_log(cres_string_t *name) {
  test_cres_logs_own_logbook_t log = test_cres_logs_constructor_logbook(name);
  cres_string_free(name);
  return log;
}

uint32_t exports_test_cres_counters_adopt(test_cres_logs_own_logbook_t log) {
  test_cres_logs_borrow_logbook_t borrowed = test_cres_logs_borrow_logbook(log);
  cres_string_t line;
  cres_string_set(&line, "adopted");
  test_cres_logs_method_logbook_append(borrowed, &line);
  uint32_t size = test_cres_logs_method_logbook_size(borrowed);
  test_cres_logs_logbook_drop_own(log);
  return size;
}
