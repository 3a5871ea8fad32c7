// A WASI preview 1 guest built with wasi-libc, as real C programs are: exercises files,
// directories, stat, links, sleeping and standard output through the host's WASI.
// Rebuild: ./build.sh (needs clang, lld, wasi-libc: apt-get install clang lld wasi-libc)
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EXPORT(name) __attribute__((export_name(name)))

// Writes a file in the writable preopen, reads it back; 0 when both match.
EXPORT("write-and-read") int write_and_read(void) {
    FILE *out = fopen("/rw/note.txt", "w");
    if (!out) return errno;
    fprintf(out, "written %d times\n", 3);
    fclose(out);
    FILE *in = fopen("/rw/note.txt", "r");
    if (!in) return errno;
    char line[64] = {0};
    fgets(line, sizeof line, in);
    fclose(in);
    return strcmp(line, "written 3 times\n") == 0 ? 0 : -1;
}

// Counts the entries of the read-only preopen, "." and ".." excluded.
EXPORT("count-entries") int count_entries(void) {
    DIR *dir = opendir("/ro");
    if (!dir) return -errno;
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0) count++;
    }
    closedir(dir);
    return count;
}

// The size of /ro/hello.txt, or -errno.
EXPORT("hello-size") int hello_size(void) {
    struct stat st;
    return stat("/ro/hello.txt", &st) == 0 ? (int) st.st_size : -errno;
}

// errno of writing into the read-only preopen (0 if it wrongly succeeds).
EXPORT("write-read-only") int write_read_only(void) {
    FILE *out = fopen("/ro/new.txt", "w");
    if (out) { fclose(out); return 0; }
    return errno;
}

// errno of reading through a path that climbs out of the preopen (0 if it wrongly succeeds).
EXPORT("climb-out") int climb_out(void) {
    FILE *in = fopen("/ro/../secret.txt", "r");
    if (in) { fclose(in); return 0; }
    return errno;
}

// errno of opening a symbolic link planted in the writable preopen (0 if followed).
EXPORT("open-link") int open_link(void) {
    FILE *in = fopen("/rw/link.txt", "r");
    if (in) { fclose(in); return 0; }
    return errno;
}

// errno of creating a symbolic link (0 if it wrongly succeeds).
EXPORT("make-link") int make_link(void) {
    return symlink("/etc/passwd", "/rw/planted") == 0 ? 0 : errno;
}

// Creates, renames and removes directories and files; 0 when every step succeeds.
EXPORT("tree-operations") int tree_operations(void) {
    if (mkdir("/rw/a", 0755) != 0) return 1;
    if (mkdir("/rw/a/b", 0755) != 0) return 2;
    FILE *out = fopen("/rw/a/b/f.txt", "w");
    if (!out) return 3;
    fputs("x", out);
    fclose(out);
    if (rename("/rw/a/b/f.txt", "/rw/a/g.txt") != 0) return 4;
    if (unlink("/rw/a/g.txt") != 0) return 5;
    if (rmdir("/rw/a/b") != 0) return 6;
    if (rmdir("/rw/a") != 0) return 7;
    return 0;
}

// Sleeps for five seconds (poll_oneoff on a clock).
EXPORT("sleep-long") int sleep_long(void) {
    struct timespec five = {5, 0};
    nanosleep(&five, NULL);
    return 0;
}

// Prints two lines and a partial one to standard output, and one line to standard error.
EXPORT("print") int print(void) {
    printf("first line\nsecond line\npartial");
    fflush(stdout);
    fprintf(stderr, "to stderr\n");
    return 0;
}

// The MODE environment variable's length, or -1 when absent.
EXPORT("mode-length") int mode_length(void) {
    const char *mode = getenv("MODE");
    return mode ? (int) strlen(mode) : -1;
}
