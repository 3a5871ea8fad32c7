// Implements world test:all/everything against the bindings `airssys-wasm bindgen c` generates
// (everything.h / everything.c). Echo functions hand their argument back (ownership moves to
// the result, which the generated post-return frees); relay functions pass their argument to
// the host's import of the same name and return what it returns, freeing the argument.
#include <stdlib.h>
#include <string.h>
#include "everything.h"

void exports_test_all_guest_echo_bundle(test_all_types_bundle_t *b, test_all_types_bundle_t *ret) {
  *ret = *b;
}

void exports_test_all_guest_relay_bundle(test_all_types_bundle_t *b, test_all_types_bundle_t *ret) {
  test_all_host_echo_bundle(b, ret);
  test_all_types_bundle_free(b);
}

void exports_test_all_guest_echo_shape(test_all_types_shape_t *s, test_all_types_shape_t *ret) {
  *ret = *s;
}

void exports_test_all_guest_relay_shape(test_all_types_shape_t *s, test_all_types_shape_t *ret) {
  test_all_host_echo_shape(s, ret);
  test_all_types_shape_free(s);
}

bool exports_test_all_guest_maybe_double(uint32_t *maybe_x, uint32_t *ret) {
  if (maybe_x == NULL) {
    return false;
  }
  *ret = *maybe_x * 2;
  return true;
}

bool exports_test_all_guest_relay_maybe_double(uint32_t *maybe_x, uint32_t *ret) {
  return test_all_host_maybe_double(maybe_x, ret);
}

bool exports_test_all_guest_check(int32_t x, int32_t *ret, everything_string_t *err) {
  if (x < 0) {
    everything_string_dup(err, "negative");
    return false;
  }
  *ret = x;
  return true;
}

bool exports_test_all_guest_relay_check(int32_t x, int32_t *ret, everything_string_t *err) {
  return test_all_host_check(x, ret, err);
}

uint64_t exports_test_all_guest_sum_many(uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e,
                                         uint32_t f, uint32_t g, uint32_t h, uint32_t i, uint32_t j,
                                         uint32_t k, uint32_t l, uint32_t m, uint64_t n, float o, double p,
                                         everything_string_t *q) {
  uint64_t sum = (uint64_t) a + b + c + d + e + f + g + h + i + j + k + l + m + n + (uint64_t) o + (uint64_t) p
                 + q->len;
  everything_string_free(q);
  return sum;
}

uint64_t exports_test_all_guest_relay_sum_many(uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e,
                                               uint32_t f, uint32_t g, uint32_t h, uint32_t i, uint32_t j,
                                               uint32_t k, uint32_t l, uint32_t m, uint64_t n, float o, double p,
                                               everything_string_t *q) {
  uint64_t sum = test_all_host_sum_many(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q);
  everything_string_free(q);
  return sum;
}

test_all_types_color_t exports_test_all_guest_next_color(test_all_types_color_t c) {
  return (test_all_types_color_t) ((c + 1) % 3);
}

test_all_types_perms_t exports_test_all_guest_flip_perms(test_all_types_perms_t p) {
  return p ^ (TEST_ALL_TYPES_PERMS_READ | TEST_ALL_TYPES_PERMS_WRITE | TEST_ALL_TYPES_PERMS_EXEC);
}

double exports_test_all_guest_scalars(float a, double b, uint32_t c, bool d, int8_t e, uint16_t f) {
  return (double) a + b + (double) c + (d ? 1000.0 : 0.0) + (double) e + (double) f;
}

void exports_test_all_guest_greet(everything_string_t *name, everything_string_t *ret) {
  const char *hello = "Hello, ";
  size_t prefix = strlen(hello);
  ret->len = prefix + name->len;
  ret->ptr = malloc(ret->len);
  memcpy(ret->ptr, hello, prefix);
  memcpy(ret->ptr + prefix, name->ptr, name->len);
  everything_string_free(name);
}

void exports_test_all_guest_relay_greet(everything_string_t *name, everything_string_t *ret) {
  test_all_host_greet(name, ret);
  everything_string_free(name);
}

void exports_test_all_guest_mirror(test_all_types_point_t *p, test_all_types_point_t *ret) {
  ret->x = p->y;
  ret->y = p->x;
}

void exports_test_all_guest_words(everything_string_t *text, everything_list_string_t *ret) {
  ret->len = 0;
  ret->ptr = malloc(sizeof(everything_string_t) * (text->len + 1));
  size_t start = 0;
  for (size_t i = 0; i <= text->len; i++) {
    if (i == text->len || text->ptr[i] == ' ') {
      if (i > start) {
        everything_string_t *word = &ret->ptr[ret->len++];
        word->len = i - start;
        word->ptr = malloc(word->len);
        memcpy(word->ptr, text->ptr + start, word->len);
      }
      start = i + 1;
    }
  }
  everything_string_free(text);
}

void exports_test_all_guest_relay_note(everything_string_t *message) {
  test_all_host_note(message);
  everything_string_free(message);
}

uint32_t exports_test_all_guest_relay_twice(uint32_t x) {
  return everything_twice(x);
}

bool exports_test_all_guest_returns_nothing(void) {
  return true;
}

void exports_everything_version(everything_string_t *ret) {
  everything_string_dup(ret, "1.0.0");
}
