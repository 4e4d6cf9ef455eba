/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/**
 * RespiteSqliteErrorFunc:
 * @owner: the store whose connection failed
 * @rc: SQLite's result code
 * @doing: (nullable): what was being done, in words for the message, as
 *   given to the function that failed
 * @error: where to say it
 *
 * How a store words a failure of SQLite's, in its own error domain.
 */
typedef void (* RespiteSqliteErrorFunc) (gpointer     owner,
                                         int          rc,
                                         const char  *doing,
                                         GError     **error);

gboolean      respite_sqlite_create_private (const char              *path,
                                             gboolean                 tighten,
                                             GStatBuf                *identity,
                                             GError                 **error);
gboolean      respite_sqlite_is_emptied     (const char              *path,
                                             const GStatBuf          *identity);
gboolean      respite_sqlite_open           (const char              *path,
                                             sqlite3                **db,
                                             RespiteSqliteErrorFunc   set_error,
                                             gpointer                 owner,
                                             const char              *doing,
                                             GError                 **error);

gboolean      respite_sqlite_exec           (sqlite3                 *db,
                                             const char              *sql,
                                             RespiteSqliteErrorFunc   set_error,
                                             gpointer                 owner,
                                             const char              *doing,
                                             GError                 **error);
sqlite3_stmt *respite_sqlite_prepare        (sqlite3                 *db,
                                             const char              *sql,
                                             unsigned int             flags,
                                             RespiteSqliteErrorFunc   set_error,
                                             gpointer                 owner,
                                             const char              *doing,
                                             GError                 **error);
gboolean      respite_sqlite_query_int      (sqlite3                 *db,
                                             const char              *sql,
                                             int                     *value,
                                             RespiteSqliteErrorFunc   set_error,
                                             gpointer                 owner,
                                             const char              *doing,
                                             GError                 **error);
gboolean      respite_sqlite_quick_check    (sqlite3                 *db,
                                             char                   **problems,
                                             RespiteSqliteErrorFunc   set_error,
                                             gpointer                 owner,
                                             const char              *doing,
                                             GError                 **error);

char         *respite_sqlite_move_aside     (const char              *path,
                                             GDateTime               *now,
                                             GQuark                   error_domain,
                                             int                      error_code,
                                             GError                 **error);

G_END_DECLS
