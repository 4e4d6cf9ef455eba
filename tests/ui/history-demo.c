/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * history-demo: the History view over a temporary store filled with 90
 * days of plausible shifts, for looking at it and for screenshots:
 *
 *   history-demo [14|30|90]
 *
 * The clock is fake and the data comes from a fixed seed, so every run
 * draws the same picture. The store is deleted on exit.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "respite-history-view.h"

/* Thursday 19 March 2026, 16:00 UTC. */
#define NOW G_GINT64_CONSTANT (1773936000)

static int
pick_intensity (GRand *rand)
{
  double r = g_rand_double (rand);

  return r < 0.5 ? 1 : r < 0.85 ? 2 : 3;
}

static void
fill (RespiteStore *store)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GError) error = NULL;
  gint64 today = NOW - NOW % 86400;

  for (int d = 90; d >= 0; d--)
    {
      gint64 day = today - d * 86400;
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (day);
      gint64 t = day + 9 * 3600 + g_rand_int_range (rand, 0, 1800);
      gint64 end_of_shift = day + 16 * 3600;
      gint64 continuous = 0;

      if (g_date_time_get_day_of_week (dt) > 5 || g_rand_int_range (rand, 0, 12) == 0)
        continue;

      while (t < end_of_shift && t + 600 < NOW)
        {
          gint64 length = g_rand_int_range (rand, 15, 55) * 60;
          gint64 id = respite_store_begin_block (store, t, RESPITE_KIND_IMAGE + g_rand_int_range (rand, 0, 4),
                                                 pick_intensity (rand), &error);

          g_assert_no_error (error);
          respite_store_end_block (store, id, MIN (t + length, NOW), RESPITE_END_STOPPED, &error);
          t += length;
          continuous += length;

          if (continuous >= 3600)
            {
              gint64 prompt = respite_store_add_prompt (store, RESPITE_DEADLINE_BREAK_DUE, t, &error);

              continuous = 0;
              if (g_rand_int_range (rand, 0, 6) > 0)
                {
                  gint64 brk = respite_store_begin_break (store, RESPITE_BREAK_BREAK, t, 600,
                                                          prompt, &error);

                  respite_store_answer_prompt (store, prompt, RESPITE_RESPONSE_TAKEN, t, &error);
                  respite_store_end_break (store, brk, t + 600, &error);
                  t += 600;
                }
              else
                {
                  respite_store_answer_prompt (store, prompt, RESPITE_RESPONSE_SKIPPED, t, &error);
                }
            }

          t += g_rand_int_range (rand, 2, 30) * 60;
        }

      /* WHO-5 every fortnight. */
      if (d % 14 == 3)
        {
          g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (int));
          RespiteCheckIn check_in = {
            .instrument_id = (char *) "who-5", .instrument_version = 1,
            .started_at = end_of_shift, .finished_at = end_of_shift + 120,
            .answers = answers,
          };

          for (int i = 0; i < 5; i++)
            {
              int a = g_rand_int_range (rand, 1, 6);

              g_array_append_val (answers, a);
              check_in.raw_score += a;
            }
          check_in.scaled_score = check_in.raw_score * 4;
          check_in.band_id = (char *) (check_in.raw_score < 13 ? "poor" : "fine");
          check_in.suggests_support = check_in.raw_score < 13;
          respite_store_add_check_in (store, &check_in, &error);
        }

      g_assert_no_error (error);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("respite-history-demo-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(RespiteStore) store = NULL;
  g_autoptr(RespiteClock) clock = respite_clock_new_fake (NOW * G_USEC_PER_SEC);
  GtkWidget *window, *box, *view;

  g_assert_no_error (error);
  path = g_build_filename (dir, "respite.db", NULL);
  store = respite_store_open (path, &error);
  g_assert_no_error (error);
  fill (store);

  adw_init ();

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "History");
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 1400);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  view = respite_history_view_new (store, clock);
  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (GTK_BOX (box), view);
  adw_window_set_content (ADW_WINDOW (window), box);

  if (argc > 1)
    gtk_widget_activate_action (view, "history.range", "u", (guint) atoi (argv[1]));

  gtk_window_present (GTK_WINDOW (window));

  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
    g_main_context_iteration (NULL, TRUE);

  g_clear_object (&store);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);

      g_remove (file);
    }
  g_rmdir (dir);

  return 0;
}
