/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * team-demo: the lead's Team page and the reviewer's "What My Team Sees"
 * over a temporary SQLite team store filled with a plausible team, for
 * looking at them and for screenshots:
 *
 *   team-demo [team|months|sharing]
 *
 * The generator here is small and local (a fixed seed, so every run draws
 * the same picture): twelve reviewers over six months, of whom eight were
 * away for two weeks in February, so that those weeks, and their month,
 * are hidden. Five of them feel low (a WHO-5 score from 32 to 51), the
 * others well; a week shows its WHO-5 bands only when all five or none of
 * them answered. The policy changed on 23 February. The clock is fake;
 * everything is deleted on exit.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "respite-publisher.h"
#include "respite-sharing-page.h"
#include "respite-team-page.h"
#include "respite-team-store-sqlite.h"

/* Thursday 19 March 2026, 16:00 UTC. */
#define NOW G_GINT64_CONSTANT (1773936000)
#define MEMBERS 12
#define MEMBERS_LOW 5
#define DAYS 190

static void
fill_team (RespiteTeamStore *store)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  gint64 today = NOW - NOW % 86400;

  for (guint m = 0; m < MEMBERS; m++)
    {
      g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (RespiteDayRow));
      g_autoptr(GError) error = NULL;
      g_autofree char *member = g_strdup_printf ("demo-member-token-%04u", m);
      g_autofree char *secret = g_strdup_printf ("demo-secret-of-member-%04u", m);
      double wellbeing = m < MEMBERS_LOW ? g_rand_double_range (rand, 38, 45)
                                         : g_rand_double_range (rand, 58, 76);

      g_array_set_clear_func (rows, (GDestroyNotify) respite_day_row_clear);

      for (int d = DAYS; d >= 1; d--)
        {
          gint64 day = today - d * 86400;
          g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (day);
          RespiteDayRow row = { 0 };
          gint64 total;

          /* Weekends off, the odd day off, and two thirds of the team
           * away for the two weeks from Monday 9 February 2026. */
          if (g_date_time_get_day_of_week (dt) > 5 || g_rand_int_range (rand, 0, 10) == 0 ||
              (m >= MEMBERS / 3 && day >= 1770595200 && day < 1771804800))
            continue;

          total = g_rand_int_range (rand, 90, 270) * 60;
          row.team = g_strdup ("Hotline");
          row.member = g_strdup (member);
          row.day = g_date_time_format (dt, "%Y-%m-%d");
          row.exposure_seconds[0] = total / 2;
          row.exposure_seconds[1] = total * 3 / 10;
          row.exposure_seconds[2] = total - row.exposure_seconds[0] - row.exposure_seconds[1];
          row.longest_block_seconds = MIN (total, g_rand_int_range (rand, 35, 75) * 60);
          row.breaks_prompted = total / 3600;
          row.breaks_taken = row.breaks_prompted - (g_rand_int_range (rand, 0, 5) == 0 ? 1 : 0)
                             + (g_rand_int_range (rand, 0, 4) == 0 ? 1 : 0);
          row.breaks_taken = MIN (row.breaks_taken, row.breaks_prompted + 1);
          row.breaks_skipped = row.breaks_prompted > row.breaks_taken
                               ? row.breaks_prompted - row.breaks_taken : 0;
          row.cap_exceeded = total > 4 * 3600;
          if (g_rand_int_range (rand, 0, 2) == 0)
            {
              row.checkins_done = 1;
              row.wellbeing_count = 1;
              row.wellbeing_sum = (guint) CLAMP (wellbeing + g_rand_double_range (rand, -6, 6),
                                                 0, 100);
            }
          /* The policy changed on Monday 23 February 2026. */
          row.policy_version = g_strdup (day >= 1771804800 ? "2026-02" : "2026-01");
          g_array_append_val (rows, row);
        }

      respite_team_store_publish (store, secret, (RespiteDayRow *) rows->data, rows->len, &error);
      g_assert_no_error (error);
    }
}

static RespiteTeamStore *
open_team_store (gpointer   user_data,
                 GError   **error)
{
  return (RespiteTeamStore *) respite_team_store_sqlite_open (user_data, error);
}

/* The reviewer's own last three days: two sent, today waiting. */
static RespitePublisher *
make_publisher (RespiteStore *store,
                RespiteClock *clock,
                const char   *team_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespitePolicy) policy = respite_policy_new_default ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  RespitePublisher *publisher;
  gint64 today = NOW - NOW % 86400;

  publisher = respite_publisher_new (store, policy, clock, utc, open_team_store,
                                     g_strdup (team_path), g_free);
  respite_publisher_set_team (publisher, "Hotline", &error);

  for (int d = 2; d >= 0; d--)
    {
      gint64 start = today - d * 86400 + 9 * 3600;

      for (int b = 0; b < 3; b++)
        {
          gint64 id = respite_store_begin_block (store, start, RESPITE_KIND_IMAGE + b, 1 + b,
                                                 &error);

          respite_store_end_block (store, id, start + (40 - 5 * b - d * 3) * 60,
                                   RESPITE_END_BREAK, &error);
          respite_store_add_prompt (store, RESPITE_DEADLINE_BREAK_DUE, start + 2400, &error);
          respite_store_end_break (store,
                                   respite_store_begin_break (store, RESPITE_BREAK_BREAK,
                                                              start + 2400, 600, 0, &error),
                                   start + 3000, &error);
          respite_publisher_queue_period (publisher, start, start + 3000, &error);
          start += 3600;
        }
      g_assert_no_error (error);
    }

  while (respite_publisher_get_busy (publisher))
    g_main_context_iteration (NULL, TRUE);

  return publisher;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("respite-team-demo-XXXXXX", &error);
  g_autofree char *team_path = NULL;
  g_autofree char *personal_path = NULL;
  g_autoptr(RespiteTeamStore) team_store = NULL;
  g_autoptr(RespiteStore) store = NULL;
  g_autoptr(RespitePublisher) publisher = NULL;
  g_autoptr(RespiteClock) clock = respite_clock_new_fake (NOW * G_USEC_PER_SEC);
  gboolean sharing = argc > 1 && g_str_equal (argv[1], "sharing");
  GtkWidget *window, *box, *page;

  g_assert_no_error (error);
  team_path = g_build_filename (dir, "team.db", NULL);
  team_store = RESPITE_TEAM_STORE (respite_team_store_sqlite_open (team_path, &error));
  g_assert_no_error (error);
  respite_team_store_sqlite_set_clock (RESPITE_TEAM_STORE_SQLITE (team_store), clock);
  fill_team (team_store);

  /* Saving an export adds it to the recent files, under this name. */
  g_set_prgname ("team-demo");
  g_set_application_name ("Respite team demo");
  adw_init ();

  if (sharing)
    {
      personal_path = g_build_filename (dir, "respite.db", NULL);
      store = respite_store_open (personal_path, &error);
      g_assert_no_error (error);
      publisher = make_publisher (store, clock, team_path);
      page = respite_sharing_page_new (publisher, 5, TRUE);
    }
  else
    {
      page = respite_team_page_new (team_store, "Hotline", clock);
      if (argc > 1 && g_str_equal (argv[1], "months"))
        g_object_set (page, "period-name", "month", NULL);
    }

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), sharing ? "What My Team Sees" : "Team");
  gtk_window_set_default_size (GTK_WINDOW (window), 960, sharing ? 860 : 2160);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
    g_main_context_iteration (NULL, TRUE);

  g_clear_object (&publisher);
  g_clear_object (&store);
  g_clear_object (&team_store);
  for (guint i = 0; i < 6; i++)
    {
      const char *name = (const char *[]) { "team.db", "team.db-wal", "team.db-shm", "respite.db",
                                            "respite.db-wal", "respite.db-shm" }[i];
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_remove (file);
    }
  g_rmdir (dir);

  return 0;
}
