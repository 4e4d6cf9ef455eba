/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "respite-team-store.h"

G_BEGIN_DECLS

/* What plausible, made-up team data to make. The same options make the
 * same rows, on any machine. */
typedef struct
{
  guint       teams;           /* 1 to 100 */
  guint       members;         /* per team, 1 to 10000 */
  guint       days;            /* calendar days ending on end_day, 1 to 3660 */
  guint64     seed;
  const char *end_day;         /* YYYY-MM-DD, the last day */
  const char *policy_version;  /* (nullable): the first day's YYYY-MM */
  gboolean    troubled;        /* the last team's last three weeks raise every signal */
  const char *policy_changed;  /* (nullable): from this day on, a new version: its YYYY-MM */
  guint       groups;          /* 0: none; else team t is in group t % groups, 0 to 100 */
  gboolean    small_team;      /* the first team has RESPITE_DEMO_SMALL_TEAM members */
} RespiteDemoOptions;

/* Below the default k (5): a team whose figures only its group shows. */
#define RESPITE_DEMO_SMALL_TEAM 3

/* Called after each member is published: @done of @total members. */
typedef void (*RespiteDemoProgress) (guint    done,
                                     guint    total,
                                     gpointer user_data);

char     *respite_demo_team_name  (guint                      index);
char     *respite_demo_group_name (guint                      index);

/* (element-type RespiteDayRow): one member's rows after another, days in
 * order; the array clears its rows. NULL with an error if an option is out
 * of range. */
GArray   *respite_demo_generate  (const RespiteDemoOptions  *options,
                                  GError                   **error);

/* Generates the rows and publishes them, one member at a time, with that
 * member's made-up secret. Publishing again replaces the same rows. */
gboolean  respite_demo_publish   (RespiteTeamStore          *store,
                                  const RespiteDemoOptions  *options,
                                  RespiteDemoProgress        progress,
                                  gpointer                   user_data,
                                  GError                   **error);

G_END_DECLS
