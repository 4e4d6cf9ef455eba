/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of RespiteTeamStoreSqlite share: the instance, how it
 * words SQLite's failures and runs its statements, and what opening,
 * publishing, sealing and reading call across files. Each
 * RespiteTeamStore method is in the file of its concern, which fills its
 * part of the interface.
 */
#pragma once

#include <sqlite3.h>

#include "respite-team-store-sqlite.h"

G_BEGIN_DECLS

struct _RespiteTeamStoreSqlite
{
  GObject  parent_instance;

  char         *path;   /* (owned) */
  sqlite3      *db;     /* (owned) */
  RespiteClock *clock;  /* (owned) (nullable): the system's when NULL */
  GMutex    lock;     /* one transaction at a time, whatever the thread */
  gboolean  damaged;  /* an error said the file itself is damaged */
};

/* respite-team-store-sqlite.c: the object, its statements, opening */
void          respite_team_store_sqlite_set_error          (RespiteTeamStoreSqlite     *self,
                                                            int                         rc,
                                                            GError                    **error);
gboolean      respite_team_store_sqlite_exec               (RespiteTeamStoreSqlite     *self,
                                                            const char                 *sql,
                                                            GError                    **error);
sqlite3_stmt *respite_team_store_sqlite_prepare            (RespiteTeamStoreSqlite     *self,
                                                            const char                 *sql,
                                                            GError                    **error);
gboolean      respite_team_store_sqlite_run                (RespiteTeamStoreSqlite     *self,
                                                            sqlite3_stmt               *stmt,
                                                            GError                    **error);
gboolean      respite_team_store_sqlite_query_int          (RespiteTeamStoreSqlite     *self,
                                                            const char                 *sql,
                                                            int                        *value,
                                                            GError                    **error);
char         *respite_team_store_sqlite_load_sql           (const char                 *name);
char         *respite_team_store_sqlite_get_today          (RespiteTeamStoreSqlite     *self);

/* respite-team-store-sqlite-seal.c: sealing periods */
gboolean      respite_team_store_sqlite_read_sealing       (RespiteTeamStoreSqlite     *self,
                                                            const char                 *today,
                                                            RespiteTeamStoreSealing    *sealing,
                                                            char                      **due_through,
                                                            GError                    **error);
gboolean      respite_team_store_sqlite_seal_locked        (RespiteTeamStoreSqlite     *self,
                                                            RespiteTeamStoreSealing    *sealing,
                                                            GError                    **error);
void          respite_team_store_sqlite_seal_iface_init    (RespiteTeamStoreInterface  *iface);

/* respite-team-store-sqlite-publish.c: publishing rows, erasing a member */
void          respite_team_store_sqlite_publish_iface_init (RespiteTeamStoreInterface  *iface);

/* respite-team-store-sqlite-figures.c: sealed figures, k and version, the ε ledger */
void          respite_team_store_sqlite_figures_iface_init (RespiteTeamStoreInterface  *iface);

G_END_DECLS
