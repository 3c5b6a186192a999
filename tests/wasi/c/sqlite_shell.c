/*
 * A small `sqlite3` command-line shell for the SQLite-inside-Wosix test
 * (crates/host-native/tests/sqlite.rs), linked with SQLite's amalgamation.
 *
 *   sqlite3 [-header] DATABASE [SQL]
 *
 * Runs the SQL given as the second argument, or read from standard input when
 * there is none, and prints result rows the way `sqlite3 -list` does: columns
 * separated by '|', NULL as an empty string. An error is reported on stderr as
 * "Error: ..." and ends the program with status 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite3.h"

static int show_header = 0;

/* Read all of standard input into a NUL-terminated buffer. */
static char *read_stdin(void) {
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    for (;;) {
        if (len + 1 >= cap) {
            cap *= 2;
            char *bigger = realloc(buf, cap);
            if (!bigger) {
                free(buf);
                return NULL;
            }
            buf = bigger;
        }
        size_t n = fread(buf + len, 1, cap - len - 1, stdin);
        if (n == 0) break;
        len += n;
    }
    if (ferror(stdin)) {
        free(buf);
        return NULL;
    }
    buf[len] = 0;
    return buf;
}

/* Run every statement of `sql`, printing rows; returns 0 or 1 on error. */
static int run_sql(sqlite3 *db, const char *sql) {
    while (*sql) {
        sqlite3_stmt *stmt = NULL;
        const char *tail = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &stmt, &tail) != SQLITE_OK) {
            fprintf(stderr, "Error: %s\n", sqlite3_errmsg(db));
            return 1;
        }
        sql = tail;
        if (!stmt) continue; /* whitespace or a comment */
        int cols = sqlite3_column_count(stmt);
        int first = 1, rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            if (first && show_header) {
                for (int i = 0; i < cols; i++)
                    printf("%s%s", i ? "|" : "", sqlite3_column_name(stmt, i));
                printf("\n");
            }
            first = 0;
            for (int i = 0; i < cols; i++) {
                const unsigned char *v = sqlite3_column_text(stmt, i);
                printf("%s%s", i ? "|" : "", v ? (const char *)v : "");
            }
            printf("\n");
        }
        if (rc != SQLITE_DONE) {
            fprintf(stderr, "Error: %s\n", sqlite3_errmsg(db));
            sqlite3_finalize(stmt);
            return 1;
        }
        sqlite3_finalize(stmt);
    }
    return 0;
}

int main(int argc, char **argv) {
    int i = 1;
    if (i < argc && strcmp(argv[i], "-header") == 0) {
        show_header = 1;
        i++;
    }
    if (i < argc && strcmp(argv[i], "-version") == 0) {
        printf("%s\n", sqlite3_libversion());
        return 0;
    }
    if (i >= argc || argc - i > 2) {
        fprintf(stderr, "usage: sqlite3 [-header] DATABASE [SQL]\n");
        return 2;
    }
    const char *path = argv[i];
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        int err = db ? sqlite3_system_errno(db) : 0;
        fprintf(stderr, "Error: unable to open database \"%s\": %s%s%s%s\n", path,
                db ? sqlite3_errmsg(db) : sqlite3_errstr(rc), err ? " (" : "",
                err ? strerror(err) : "", err ? ")" : "");
        sqlite3_close(db);
        return 1;
    }
    char *input = NULL;
    const char *sql = argv[i + 1];
    if (!sql) {
        input = read_stdin();
        if (!input) {
            fprintf(stderr, "Error: reading standard input: %s\n", strerror(errno));
            sqlite3_close(db);
            return 1;
        }
        sql = input;
    }
    int status = run_sql(db, sql);
    free(input);
    if (sqlite3_close(db) != SQLITE_OK) {
        fprintf(stderr, "Error: %s\n", sqlite3_errmsg(db));
        status = 1;
    }
    return status;
}
