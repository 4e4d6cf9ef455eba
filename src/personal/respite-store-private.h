/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of RespiteStore share: the instance struct, the statements
 * kept as long as the store is open, and the plumbing of respite-store.c
 * that every file runs its statements through, which words SQLite's
 * failures in the store's error domain.
 */
#pragma once

#include <sqlite3.h>

#include "respite-sqlite.h"
#include "respite-store.h"

G_BEGIN_DECLS

struct _RespiteStore
{
  GObject       parent_instance;

  char         *path;  /* (owned) */
  sqlite3      *db;    /* (owned) */

  /* respite-store-exposure.c */
  sqlite3_stmt *begin_block;      /* (owned) */
  sqlite3_stmt *heartbeat_block;  /* (owned) */
  sqlite3_stmt *end_block;        /* (owned) */
  sqlite3_stmt *recover_blocks;   /* (owned) */
  sqlite3_stmt *last_ended_at;    /* (owned) */
  sqlite3_stmt *sum_exposure;     /* (owned) */
  sqlite3_stmt *list_blocks;      /* (owned) */
  sqlite3_stmt *add_prompt;       /* (owned) */
  sqlite3_stmt *answer_prompt;    /* (owned) */
  sqlite3_stmt *count_prompts;    /* (owned) */
  sqlite3_stmt *begin_break;      /* (owned) */
  sqlite3_stmt *end_break;        /* (owned) */
  sqlite3_stmt *recover_breaks;   /* (owned) */

  /* respite-store-check-ins.c */
  sqlite3_stmt *add_check_in;     /* (owned) */
  sqlite3_stmt *list_check_ins;   /* (owned) */
  sqlite3_stmt *last_check_in;    /* (owned) */
  sqlite3_stmt *add_session;      /* (owned) */
  sqlite3_stmt *list_sessions;    /* (owned) */
  sqlite3_stmt *last_session;     /* (owned) */
};

/* A statement prepared when the store opens and kept until it closes, and
 * the field of RespiteStore that holds it. A list of them ends with
 * { 0, NULL }. */
typedef struct
{
  gsize       field;  /* G_STRUCT_OFFSET () of a sqlite3_stmt * */
  const char *sql;
} RespiteStoreStatement;

/**
 * RespiteStoreReadRow:
 * @stmt: a statement on one of its rows
 * @element: (out caller-allocates): the element to read the row into,
 *   zeroed
 *
 * Returns: whether to keep the element
 */
typedef gboolean (* RespiteStoreReadRow) (sqlite3_stmt *stmt,
                                          gpointer      element);

/* respite-store-exposure.c */
extern const RespiteStoreStatement respite_store_exposure_statements[];

/* respite-store-check-ins.c */
extern const RespiteStoreStatement respite_store_check_in_statements[];

/* respite-store.c */
void          respite_store_set_sqlite_error    (RespiteStore         *self,
                                                 int                   rc,
                                                 GError              **error,
                                                 const char           *doing);
gboolean      respite_store_exec                (RespiteStore         *self,
                                                 const char           *sql,
                                                 const char           *doing,
                                                 GError              **error);
gboolean      respite_store_query_int           (RespiteStore         *self,
                                                 const char           *sql,
                                                 int                  *value,
                                                 GError              **error);

/* Kept statements (RespiteStoreStatement) */
int           respite_store_run_write           (RespiteStore         *self,
                                                 sqlite3_stmt         *stmt,
                                                 const char           *doing,
                                                 GError              **error);
gint64        respite_store_run_insert          (RespiteStore         *self,
                                                 sqlite3_stmt         *stmt,
                                                 const char           *doing,
                                                 GError              **error);
gboolean      respite_store_step_int64          (RespiteStore         *self,
                                                 sqlite3_stmt         *stmt,
                                                 gint64               *value,
                                                 GError              **error);

/* Loops over rows, of any statement */
gboolean      respite_store_check_done          (RespiteStore         *self,
                                                 int                   rc,
                                                 const char           *doing,
                                                 GError              **error);
GArray       *respite_store_list_rows           (RespiteStore         *self,
                                                 sqlite3_stmt         *stmt,
                                                 guint                 element_size,
                                                 GDestroyNotify        clear_func,
                                                 RespiteStoreReadRow   read_row,
                                                 GError              **error);

/* Statements run once */
sqlite3_stmt *respite_store_prepare_once        (RespiteStore         *self,
                                                 const char           *sql,
                                                 GError              **error);
sqlite3_stmt *respite_store_prepare_period      (RespiteStore         *self,
                                                 const char           *sql,
                                                 gint64                from,
                                                 gint64                to,
                                                 GError              **error);
GArray       *respite_store_list_period         (RespiteStore         *self,
                                                 const char           *sql,
                                                 gint64                from,
                                                 gint64                to,
                                                 guint                 element_size,
                                                 RespiteStoreReadRow   read_row,
                                                 GError              **error);
GStrv         respite_store_query_strv          (RespiteStore         *self,
                                                 const char           *sql,
                                                 GError              **error);

/* Transactions */
gboolean      respite_store_begin_write         (RespiteStore         *self,
                                                 const char           *doing,
                                                 GError              **error);
gboolean      respite_store_end_write           (RespiteStore         *self,
                                                 gboolean              ok,
                                                 const char           *doing,
                                                 GError              **error);
gboolean      respite_store_exec_in_transaction (RespiteStore         *self,
                                                 const char           *sql,
                                                 const char           *doing,
                                                 GError              **error);

G_END_DECLS
