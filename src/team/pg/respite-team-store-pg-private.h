/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of RespiteTeamStorePg share: the instance, and how its
 * statements run. respite-team-store-pg.c connects, publishes, seals and
 * upgrades; respite-team-store-pg-figures.c reads the sealed figures.
 */
#pragma once

#include <libpq-fe.h>

#include "respite-team-store-pg.h"

G_BEGIN_DECLS

struct _RespiteTeamStorePg
{
  GObject  parent_instance;

  char    *conninfo;  /* (owned) secret: may hold a password */
  char    *password;  /* (owned) (nullable) to scrub from messages */
  gboolean conninfo_valid;
  PGconn  *conn;      /* (owned) (nullable) connected lazily, again after a loss */
  gboolean version_checked;  /* this connection's store has our schema version */
  GMutex   lock;      /* a PGconn serves one thread at a time */
};

/* A value of a result, as text on the wire. */
static inline double
get_double (PGresult *result,
            int       row,
            int       column)
{
  return g_ascii_strtod (PQgetvalue (result, row, column), NULL);
}

static inline guint
get_uint (PGresult *result,
          int       row,
          int       column)
{
  return (guint) g_ascii_strtoull (PQgetvalue (result, row, column), NULL, 10);
}

/* respite-team-store-pg.c */
PGresult *respite_team_store_pg_exec_params        (RespiteTeamStorePg         *self,
                                                    const char                 *sql,
                                                    int                         n_params,
                                                    const char * const         *params,
                                                    GError                    **error);
gboolean  respite_team_store_pg_exec_command       (RespiteTeamStorePg         *self,
                                                    const char                 *sql,
                                                    int                         n_params,
                                                    const char * const         *params,
                                                    GError                    **error);
gboolean  respite_team_store_pg_ensure_ready       (RespiteTeamStorePg         *self,
                                                    GError                    **error);

/* respite-team-store-pg-figures.c: reading sealed figures, and what a login may read */
void      respite_team_store_pg_figures_iface_init (RespiteTeamStoreInterface  *iface);

G_END_DECLS
