/*
 * Every function of wasi_snapshot_preview1, called directly (not through libc) by a guest
 * running inside Wosix as an ordinary user in its home directory. Prints the WASI errno of
 * each call and the values it returned; crates/host-native/tests/wasi.rs compares the output
 * with golden/calls.stdout and checks that every import of the WASI layer is called here.
 *
 * Build: clang --target=wasm32-wasi --sysroot=/usr -O2 calls.c -o calls.wasm
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

/* Not declared by Debian's wasi-libc headers. */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
uint16_t raw_proc_raise(uint32_t sig);

static void r(const char *name, int e) { printf("%s: %d\n", name, e); }

static __wasi_fd_t open_at(__wasi_fd_t dir, const char *path, __wasi_oflags_t of, __wasi_rights_t rights,
                           __wasi_fdflags_t fl, int *err) {
    __wasi_fd_t fd = (__wasi_fd_t)-1;
    *err = __wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, of, rights, rights, fl, &fd);
    return fd;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    int e;
    /* ---- args and environment ---- */
    __wasi_size_t argc = 0, argsz = 0;
    r("args_sizes_get", __wasi_args_sizes_get(&argc, &argsz));
    printf("argc=%u size=%u\n", (unsigned)argc, (unsigned)argsz);
    char **av = calloc(argc + 1, sizeof(char *));
    char *ab = malloc(argsz);
    r("args_get", __wasi_args_get((uint8_t **)av, (uint8_t *)ab));
    for (unsigned i = 1; i < argc; i++) printf("arg %u=%s\n", i, av[i]);
    __wasi_size_t envc = 0, envsz = 0;
    r("environ_sizes_get", __wasi_environ_sizes_get(&envc, &envsz));
    char **ev = calloc(envc + 1, sizeof(char *));
    char *eb = malloc(envsz);
    r("environ_get", __wasi_environ_get((uint8_t **)ev, (uint8_t *)eb));
    for (unsigned i = 0; i < envc; i++)
        if (strncmp(ev[i], "HOME=", 5) == 0) printf("env %s\n", ev[i]);

    /* ---- clocks and randomness ---- */
    __wasi_timestamp_t res = 0, t1 = 0, t2 = 0, now = 0;
    r("clock_res_get", __wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &res));
    printf("resolution positive: %d\n", res > 0);
    r("clock_res_get bad clock", __wasi_clock_res_get(99, &res));
    r("clock_time_get", __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t1));
    (void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t2);
    printf("monotonic: %d\n", t2 >= t1);
    (void)__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &now);
    printf("realtime after 2024: %d\n", now > 1704067200ull * 1000000000ull);
    uint8_t rnd[32] = {0};
    r("random_get", __wasi_random_get(rnd, sizeof rnd));
    int nonzero = 0;
    for (unsigned i = 0; i < sizeof rnd; i++) nonzero |= rnd[i];
    printf("random nonzero: %d\n", nonzero != 0);

    /* ---- preopens ---- */
    __wasi_prestat_t ps;
    char name[64];
    for (__wasi_fd_t fd = 3; fd <= 4; fd++) {
        memset(name, 0, sizeof name);
        r("fd_prestat_get", __wasi_fd_prestat_get(fd, &ps));
        r("fd_prestat_dir_name", __wasi_fd_prestat_dir_name(fd, (uint8_t *)name, ps.u.dir.pr_name_len));
        printf("preopen %u: type=%d name=%s\n", fd, ps.tag, name);
    }
    r("fd_prestat_get stdin", __wasi_fd_prestat_get(0, &ps));

    /* ---- files, relative to the working directory (fd 4) ---- */
    const __wasi_rights_t RW = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK |
                               __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_FILESTAT_GET |
                               __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | __WASI_RIGHTS_FD_ALLOCATE;
    r("path_create_directory", __wasi_path_create_directory(4, "cdir"));
    r("path_create_directory again", __wasi_path_create_directory(4, "cdir"));
    __wasi_fd_t fd = open_at(4, "cdir/f.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RW, 0, &e);
    r("path_open create", e);
    __wasi_ciovec_t out[2] = {{(const uint8_t *)"hello ", 6}, {(const uint8_t *)"world\n", 6}};
    __wasi_size_t n = 0;
    r("fd_write", __wasi_fd_write(fd, out, 2, &n));
    printf("wrote %u\n", (unsigned)n);
    __wasi_filesize_t pos = 99;
    r("fd_seek", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
    r("fd_tell", __wasi_fd_tell(fd, &pos));
    printf("pos=%llu\n", (unsigned long long)pos);
    char b1[5], b2[20];
    memset(b2, 0, sizeof b2);
    __wasi_iovec_t in[2] = {{(uint8_t *)b1, 5}, {(uint8_t *)b2, 19}};
    r("fd_read", __wasi_fd_read(fd, in, 2, &n));
    printf("read %u: %.5s|%s", (unsigned)n, b1, b2);
    char b3[6] = {0};
    __wasi_iovec_t in3 = {(uint8_t *)b3, 5};
    r("fd_pread", __wasi_fd_pread(fd, &in3, 1, 6, &n));
    printf("pread %u: %s\n", (unsigned)n, b3);
    __wasi_ciovec_t up = {(const uint8_t *)"WORLD", 5};
    r("fd_pwrite", __wasi_fd_pwrite(fd, &up, 1, 6, &n));
    __wasi_filestat_t st;
    r("fd_filestat_get", __wasi_fd_filestat_get(fd, &st));
    printf("size=%llu type=%d nlink=%llu\n", (unsigned long long)st.size, st.filetype, (unsigned long long)st.nlink);
    __wasi_fdstat_t fs;
    r("fd_fdstat_get", __wasi_fd_fdstat_get(fd, &fs));
    printf("type=%d flags=%d read=%d write=%d\n", fs.fs_filetype, fs.fs_flags,
           (fs.fs_rights_base & __WASI_RIGHTS_FD_READ) != 0, (fs.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0);
    r("fd_fdstat_set_flags", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND));
    (void)__wasi_fd_fdstat_get(fd, &fs);
    printf("flags now=%d\n", fs.fs_flags);
    r("fd_fdstat_set_rights", __wasi_fd_fdstat_set_rights(fd, RW, RW));
    r("fd_advise", __wasi_fd_advise(fd, 0, 0, __WASI_ADVICE_NORMAL));
    r("fd_allocate", __wasi_fd_allocate(fd, 0, 100));
    (void)__wasi_fd_filestat_get(fd, &st);
    printf("allocated size=%llu\n", (unsigned long long)st.size);
    r("fd_filestat_set_size", __wasi_fd_filestat_set_size(fd, 12));
    r("fd_filestat_set_times", __wasi_fd_filestat_set_times(fd, 1000000000ull * 1000000000ull, 2000000000ull * 1000000000ull,
                                                             __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    (void)__wasi_fd_filestat_get(fd, &st);
    printf("size=%llu atim=%llu mtim=%llu\n", (unsigned long long)st.size, (unsigned long long)(st.atim / 1000000000ull),
           (unsigned long long)(st.mtim / 1000000000ull));
    r("fd_filestat_set_times both", __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));
    r("fd_datasync", __wasi_fd_datasync(fd));
    r("fd_sync", __wasi_fd_sync(fd));
    __wasi_fd_t other = open_at(4, "cdir/other", __WASI_OFLAGS_CREAT, RW, 0, &e);
    r("path_open other", e);
    r("fd_renumber", __wasi_fd_renumber(fd, other));
    r("fd_close renumbered", __wasi_fd_close(fd));
    char b4[13] = {0};
    __wasi_iovec_t in4 = {(uint8_t *)b4, 12};
    (void)__wasi_fd_pread(other, &in4, 1, 0, &n);
    printf("through renumbered fd: %s", b4);
    r("fd_close", __wasi_fd_close(other));
    r("fd_close again", __wasi_fd_close(other));

    /* ---- paths ---- */
    r("path_filestat_get", __wasi_path_filestat_get(4, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "cdir/f.txt", &st));
    printf("size=%llu mtim=%llu\n", (unsigned long long)st.size, (unsigned long long)(st.mtim / 1000000000ull));
    r("path_filestat_set_times", __wasi_path_filestat_set_times(4, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "cdir/f.txt", 0,
                                                                 0, __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW));
    (void)__wasi_path_filestat_get(4, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "cdir/f.txt", &st);
    printf("mtim recent: %d\n", st.mtim / 1000000000ull > 1704067200ull);
    r("path_link", __wasi_path_link(4, 0, "cdir/f.txt", 4, "cdir/g.txt"));
    (void)__wasi_path_filestat_get(4, 0, "cdir/g.txt", &st);
    printf("nlink=%llu\n", (unsigned long long)st.nlink);
    r("path_symlink", __wasi_path_symlink("f.txt", 4, "cdir/s"));
    char link[32] = {0};
    r("path_readlink", __wasi_path_readlink(4, "cdir/s", (uint8_t *)link, sizeof link, &n));
    printf("link=%.*s\n", (int)n, link);
    (void)__wasi_path_filestat_get(4, 0, "cdir/s", &st);
    printf("nofollow type=%d\n", st.filetype);
    (void)__wasi_path_filestat_get(4, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "cdir/s", &st);
    printf("follow type=%d\n", st.filetype);
    r("path_rename", __wasi_path_rename(4, "cdir/g.txt", 4, "cdir/h.txt"));
    __wasi_fd_t dir = open_at(4, "cdir", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, &e);
    r("path_open directory", e);
    uint8_t dbuf[256];
    r("fd_readdir", __wasi_fd_readdir(dir, dbuf, sizeof dbuf, 0, &n));
    char *names[16];
    int count = 0;
    for (size_t off = 0; off + sizeof(__wasi_dirent_t) <= n && count < 16;) {
        __wasi_dirent_t d;
        memcpy(&d, dbuf + off, sizeof d);
        off += sizeof d;
        names[count] = strndup((char *)dbuf + off, d.d_namlen);
        count++;
        off += d.d_namlen;
    }
    qsort(names, count, sizeof(char *), cmp);
    printf("entries:");
    for (int i = 0; i < count; i++) printf(" %s", names[i]);
    printf("\n");
    __wasi_size_t small = 0;
    r("fd_readdir small buffer", __wasi_fd_readdir(dir, dbuf, 10, 0, &small));
    printf("filled=%u\n", (unsigned)small);
    (void)__wasi_fd_close(dir);
    r("path_unlink_file", __wasi_path_unlink_file(4, "cdir/h.txt"));
    r("path_unlink_file missing", __wasi_path_unlink_file(4, "cdir/h.txt"));
    r("path_remove_directory non-empty", __wasi_path_remove_directory(4, "cdir"));
    (void)__wasi_path_unlink_file(4, "cdir/f.txt");
    (void)__wasi_path_unlink_file(4, "cdir/s");
    (void)__wasi_path_unlink_file(4, "cdir/other");
    r("path_remove_directory", __wasi_path_remove_directory(4, "cdir"));

    /* ---- permissions: absolute paths through the root preopen ---- */
    open_at(3, "etc/shadow", 0, __WASI_RIGHTS_FD_READ, 0, &e);
    r("path_open /etc/shadow", e);
    __wasi_fd_t pw = open_at(3, "etc/passwd", 0, __WASI_RIGHTS_FD_READ, 0, &e);
    r("path_open /etc/passwd", e);
    open_at(3, "etc/passwd", 0, __WASI_RIGHTS_FD_WRITE, 0, &e);
    r("path_open /etc/passwd for writing", e);
    open_at(3, "nonexistent", 0, __WASI_RIGHTS_FD_READ, 0, &e);
    r("path_open missing", e);

    /* ---- poll_oneoff: a clock alone, then a readable file and a clock ---- */
    __wasi_subscription_t subs[2];
    __wasi_event_t evs[2];
    memset(subs, 0, sizeof subs);
    subs[0].userdata = 7;
    subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[0].u.u.clock.timeout = 10 * 1000000ull;
    (void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t1);
    r("poll_oneoff clock", __wasi_poll_oneoff(subs, evs, 1, &n));
    (void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t2);
    printf("events=%u userdata=%llu type=%d waited=%d\n", (unsigned)n, (unsigned long long)evs[0].userdata, evs[0].type,
           t2 - t1 >= 10 * 1000000ull);
    subs[1].userdata = 8;
    subs[1].u.tag = __WASI_EVENTTYPE_FD_READ;
    subs[1].u.u.fd_read.file_descriptor = pw;
    subs[0].u.u.clock.timeout = 5ull * 1000000000ull;
    r("poll_oneoff fd", __wasi_poll_oneoff(subs, evs, 2, &n));
    printf("events=%u userdata=%llu type=%d has bytes=%d\n", (unsigned)n, (unsigned long long)evs[0].userdata,
           evs[0].type, evs[0].fd_readwrite.nbytes > 0);
    r("poll_oneoff none", __wasi_poll_oneoff(subs, evs, 0, &n));

    /* ---- scheduling, signals, sockets ---- */
    r("sched_yield", __wasi_sched_yield());
    r("proc_raise SIGCHLD (ignored)", raw_proc_raise(16));
    r("proc_raise bad signal", raw_proc_raise(99));
    __wasi_fd_t sfd;
    r("sock_accept", __wasi_sock_accept(1, 0, &sfd));
    __wasi_iovec_t riov = {(uint8_t *)b1, 1};
    __wasi_roflags_t rof;
    r("sock_recv", __wasi_sock_recv(1, &riov, 1, 0, &n, &rof));
    r("sock_send", __wasi_sock_send(1, &up, 1, 0, &n));
    r("sock_shutdown", __wasi_sock_shutdown(1, __WASI_SDFLAGS_WR));
    r("sock_shutdown bad fd", __wasi_sock_shutdown(99, __WASI_SDFLAGS_WR));
    fflush(stdout);
    __wasi_proc_exit(3);
}
