/* A POSIX program built twice: natively with the host's C compiler and run on Linux, and for
 * wasm32-wasi with wasi-libc and run inside Wosix. Both runs must print the same lines, so
 * Linux itself is the golden output for what wasi-libc's POSIX layer over Wosix's WASI does:
 * files, directories, links, seeks, truncation, errno values, stdio buffering, environment
 * and arguments. Run it in an empty directory (its only argument is a word to echo back).
 * Nothing printed depends on inode numbers, times, uids or the absolute working directory. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int failures;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            printf("FAIL line %d: %s (errno %s)\n", __LINE__, #cond,       \
                   strerror(errno));                                       \
            failures++;                                                    \
        }                                                                  \
    } while (0)

/* Print the errno name of a call expected to fail. */
static void expect_err(const char *what, int r) {
    const char *name = "?";
    switch (errno) {
    case ENOENT: name = "ENOENT"; break;
    case EEXIST: name = "EEXIST"; break;
    case ENOTDIR: name = "ENOTDIR"; break;
    case EISDIR: name = "EISDIR"; break;
    case ENOTEMPTY: name = "ENOTEMPTY"; break;
    case EBADF: name = "EBADF"; break;
    case EINVAL: name = "EINVAL"; break;
    case ELOOP: name = "ELOOP"; break;
    }
    printf("%s: %d %s\n", what, r, r < 0 ? name : "-");
}

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names of a directory, without . and .. */
static void list(const char *dir) {
    DIR *d = opendir(dir);
    char *names[64];
    int n = 0;
    struct dirent *e;
    CHECK(d != NULL);
    if (!d)
        return;
    while ((e = readdir(d)) != NULL && n < 64) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    printf("ls %s:", dir);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static const char *kind(mode_t m) {
    return S_ISREG(m) ? "file" : S_ISDIR(m) ? "dir" : S_ISLNK(m) ? "link" : "other";
}

int main(int argc, char **argv) {
    printf("argc %d arg1 %s\n", argc, argc > 1 ? argv[1] : "(none)");
    printf("env WOSIX_TEST=%s\n", getenv("WOSIX_TEST") ? getenv("WOSIX_TEST") : "(unset)");

    /* Files: create, write, read back, seek, append, truncate. */
    int fd = open("a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "hello, world\n", 13) == 13);
    CHECK(close(fd) == 0);
    fd = open("a.txt", O_RDWR);
    char buf[64] = {0};
    CHECK(read(fd, buf, sizeof buf) == 13);
    printf("read: %s", buf);
    printf("lseek end: %ld\n", (long)lseek(fd, 0, SEEK_END));
    printf("lseek set 7: %ld\n", (long)lseek(fd, 7, SEEK_SET));
    memset(buf, 0, sizeof buf);
    CHECK(read(fd, buf, 5) == 5);
    printf("at 7: %s\n", buf);
    printf("pwrite: %ld\n", (long)pwrite(fd, "W", 1, 7));
    memset(buf, 0, sizeof buf);
    printf("pread: %ld ", (long)pread(fd, buf, 5, 7));
    printf("%s\n", buf);
    CHECK(ftruncate(fd, 5) == 0);
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    printf("after ftruncate: size %ld %s\n", (long)st.st_size, kind(st.st_mode));
    CHECK(ftruncate(fd, 10) == 0);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    memset(buf, 'x', sizeof buf);
    printf("extended read: %ld", (long)read(fd, buf, sizeof buf));
    for (int i = 0; i < 10; i++)
        printf(" %02x", (unsigned char)buf[i]);
    printf("\n");
    CHECK(close(fd) == 0);
    fd = open("a.txt", O_WRONLY | O_APPEND);
    CHECK(write(fd, "+tail", 5) == 5);
    close(fd);
    CHECK(stat("a.txt", &st) == 0);
    printf("after append: size %ld\n", (long)st.st_size);

    /* Errors. */
    expect_err("open missing", open("missing", O_RDONLY));
    expect_err("open excl", open("a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
    expect_err("read bad fd", (int)read(99, buf, 1));
    expect_err("mkdir existing", mkdir("a.txt", 0755));
    expect_err("open file as dir", open("a.txt/x", O_RDONLY));

    /* Directories, renames, links. */
    CHECK(mkdir("d", 0755) == 0);
    CHECK(mkdir("d/sub", 0755) == 0);
    fd = open("d/f", O_CREAT | O_WRONLY, 0600);
    CHECK(fd >= 0);
    close(fd);
    list("d");
    expect_err("rmdir non-empty", rmdir("d"));
    expect_err("unlink dir", unlink("d/sub"));
    CHECK(rename("d/f", "d/g") == 0);
    CHECK(rename("a.txt", "d/sub/a.txt") == 0);
    list("d");
    list("d/sub");
    expect_err("rename missing", rename("nope", "x"));
    CHECK(symlink("sub/a.txt", "d/ln") == 0);
    char target[64] = {0};
    printf("readlink: %ld %s\n", (long)readlink("d/ln", target, sizeof target - 1), target);
    CHECK(lstat("d/ln", &st) == 0);
    printf("lstat ln: %s\n", kind(st.st_mode));
    CHECK(stat("d/ln", &st) == 0);
    printf("stat ln: %s size %ld\n", kind(st.st_mode), (long)st.st_size);
    CHECK(symlink("loop", "loop") == 0);
    expect_err("open loop", open("loop", O_RDONLY));
    CHECK(link("d/g", "d/h") == 0);
    CHECK(stat("d/g", &st) == 0);
    printf("nlink after link: %ld\n", (long)st.st_nlink);
    CHECK(unlink("d/h") == 0);
    CHECK(stat("d/g", &st) == 0);
    printf("nlink after unlink: %ld\n", (long)st.st_nlink);

    /* chdir and relative paths. (Back by absolute path: wasi-libc keeps the working directory
     * as a string and does not fold "..", so "../.." would go on naming d/sub after it is
     * removed.) */
    char home[512];
    CHECK(getcwd(home, sizeof home) != NULL);
    CHECK(chdir("d/sub") == 0);
    fd = open("a.txt", O_RDONLY);
    memset(buf, 0, sizeof buf);
    printf("via chdir: %ld %s\n", (long)read(fd, buf, sizeof buf - 1), buf);
    close(fd);
    CHECK(chdir("..") == 0);
    CHECK(stat("sub/a.txt", &st) == 0);
    CHECK(chdir(home) == 0);

    /* stdio: buffered writes, fgets, fseek. */
    FILE *f = fopen("s.txt", "w+");
    CHECK(f != NULL);
    for (int i = 1; i <= 3; i++)
        fprintf(f, "line %d\n", i);
    CHECK(fseek(f, 0, SEEK_SET) == 0);
    char line[32];
    while (fgets(line, sizeof line, f))
        printf("fgets: %s", line);
    printf("ftell: %ld\n", ftell(f));
    fclose(f);

    /* Clean up, then the directory is empty again. */
    CHECK(unlink("loop") == 0);
    CHECK(unlink("s.txt") == 0);
    CHECK(unlink("d/ln") == 0);
    CHECK(unlink("d/g") == 0);
    CHECK(unlink("d/sub/a.txt") == 0);
    CHECK(rmdir("d/sub") == 0);
    CHECK(rmdir("d") == 0);
    list(".");

    /* Clocks move forward. */
    struct timespec t1, t2;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &t1) == 0);
    CHECK(clock_gettime(CLOCK_MONOTONIC, &t2) == 0);
    printf("monotonic ok: %d\n",
           t2.tv_sec > t1.tv_sec || (t2.tv_sec == t1.tv_sec && t2.tv_nsec >= t1.tv_nsec));

    printf("failures %d\n", failures);
    return failures ? 1 : 0;
}
