/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The behaviour every RespiteTeamStore implementation promises, as tests
 * that run against any backend: test-team-store-sqlite.c and
 * tests/pg/test-team-store-pg.c each describe theirs and add these.
 */
#pragma once

#include "respite-team-store.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;  /* in the test paths: /team-store/NAME/… */

  /* Empties the store (a fresh one for each test). */
  void              (*reset)        (void);
  /* A store as a reviewer's app, and as a lead's, would open it. */
  RespiteTeamStore *(*open_as)      (const char *role);
  /* How many rows of a member and team there are, seen by the administrator. */
  guint             (*count_rows)   (const char *team,
                                     const char *member);
  /* Sets the store's today, YYYY-MM-DD, for every store opened: what
   * sealing and "in the future" count from. */
  void              (*set_today)    (const char *day);
} TeamStoreBackend;

void team_store_behaviour_add_tests (const TeamStoreBackend *backend);
/* test-team-store-groups.c: groups, complementary suppression, coverage */
void team_store_groups_add_tests    (const TeamStoreBackend *backend);

G_END_DECLS
