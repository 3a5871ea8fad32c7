// The text-stats component, in C: counts bytes, characters, words and lines of a message and
// replies with JSON. It implements airssys:core/component-lifecycle's handle-message and
// health by hand, as wit-bindgen's C output would, and logs to stderr through WASI, which the
// host turns into WARN lines of the component's logger.
//
// Build: see ../build.sh (clang --target=wasm32-wasi -mexec-model=reactor).

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Canonical ABI allocator: the host allocates argument memory here; we own it afterwards.
__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size) {
    (void) old_size;
    if (new_size == 0) {
        return (void *) align;
    }
    void *result = realloc(ptr, new_size);
    if (result == NULL) {
        abort();
    }
    return result;
}

// result<list<u8>, component-error>: discriminant at 0, list pointer at 4, length at 8.
static uint8_t return_area[16] __attribute__((aligned(4)));

__attribute__((export_name("airssys:core/component-lifecycle@1.0.0#handle-message")))
uint8_t *handle_message(uint8_t *sender, size_t sender_len,
                        int32_t has_correlation, uint8_t *correlation, size_t correlation_len,
                        uint8_t *payload, size_t payload_len, int64_t sent_at_millis) {
    (void) sender_len;
    (void) sent_at_millis;
    size_t chars = 0, words = 0, lines = 0;
    int in_word = 0;
    for (size_t i = 0; i < payload_len; i++) {
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
    if (payload_len > 0 && payload[payload_len - 1] != '\n') {
        lines++;
    }
    char *reply = malloc(128);
    int length = snprintf(reply, 128, "{\"bytes\":%zu,\"chars\":%zu,\"words\":%zu,\"lines\":%zu}",
                          payload_len, chars, words, lines);
    fprintf(stderr, "counted %zu words in %zu bytes\n", words, payload_len);
    free(sender);
    if (has_correlation) {
        free(correlation);
    }
    free(payload);
    return_area[0] = 0;
    *(char **) (return_area + 4) = reply;
    *(size_t *) (return_area + 8) = (size_t) length;
    return return_area;
}

// Called by the host once it has read the reply.
__attribute__((export_name("cabi_post_airssys:core/component-lifecycle@1.0.0#handle-message")))
void handle_message_post_return(uint8_t *area) {
    free(*(char **) (area + 4));
}

__attribute__((export_name("airssys:core/component-lifecycle@1.0.0#health")))
int32_t health(void) {
    return 0; // healthy
}
