/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Team page's model never shows a figure from fewer than k people: fed
 * k - 1 members, each period says it is hidden, with no number but k; fed
 * k, the figures appear. No display needed: no widget is made.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "respite-team-page.h"
#include "respite-team-store-sqlite.h"

static void
publish_members (RespiteTeamStore *store,
                 guint             first,
                 guint             n,
                 const char       *day)
{
  for (guint m = first; m < first + n; m++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *member = g_strdup_printf ("test-member-token-%04u", m);
      g_autofree char *secret = g_strdup_printf ("test-secret-of-member-%04u", m);
      RespiteDayRow row = {
        .team = (char *) "Hotline", .member = member, .day = (char *) day,
        .exposure_seconds = { 3600 * (m + 1), 0, 0 }, .longest_block_seconds = 1800,
        .breaks_prompted = 3, .breaks_taken = 2, .checkins_done = 1,
        .wellbeing_sum = 60 + m, .wellbeing_count = 1,
      };

      g_assert_true (respite_team_store_publish (store, secret, &row, 1, &error));
      g_assert_no_error (error);
    }
}

static gboolean
has_digit_but (const char *text,
               char        allowed)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p) && *p != allowed)
      return TRUE;

  return FALSE;
}

static void
test_fewer_than_k_hidden (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("respite-test-team-page-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "team.db", NULL);
  g_autoptr(RespiteTeamStore) store = NULL;
  g_autoptr(GPtrArray) aggregates = NULL;
  g_autofree char *hidden = NULL;
  guint k = 0;

  store = RESPITE_TEAM_STORE (respite_team_store_sqlite_open (path, &error));
  g_assert_no_error (error);
  g_assert_true (respite_team_store_get_k (store, &k, &error));
  g_assert_cmpuint (k, ==, 5);
  hidden = respite_team_page_hidden_text (k);
  g_assert_cmpstr (hidden, ==, "Fewer than 5 people — hidden to protect privacy");

  /* k - 1 people, all week. */
  publish_members (store, 0, k - 1, "2024-03-04");
  publish_members (store, 0, k - 1, "2024-03-05");

  for (RespitePeriod period = RESPITE_PERIOD_WEEK; period <= RESPITE_PERIOD_MONTH; period++)
    {
      aggregates = respite_team_store_read_aggregates (store, "Hotline", period,
                                                       "2024-03-01", "2024-03-10", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (aggregates->len, >, 0);

      for (guint i = 0; i < aggregates->len; i++)
        {
          g_auto(GStrv) cells = respite_team_page_describe (g_ptr_array_index (aggregates, i),
                                                            period, k);

          /* The period, then only the sentence: no figure, not even a 0. */
          g_assert_cmpuint (g_strv_length (cells), ==, 2);
          g_assert_cmpstr (cells[1], ==, hidden);
          g_assert_false (has_digit_but (cells[1], '5'));
        }
      g_clear_pointer (&aggregates, g_ptr_array_unref);
    }

  /* One more person: the week's figures appear. */
  publish_members (store, k - 1, 1, "2024-03-05");
  aggregates = respite_team_store_read_aggregates (store, "Hotline", RESPITE_PERIOD_WEEK,
                                                   "2024-03-04", "2024-03-10", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aggregates->len, ==, 1);
  {
    g_auto(GStrv) cells = respite_team_page_describe (g_ptr_array_index (aggregates, 0),
                                                      RESPITE_PERIOD_WEEK, k);

    g_assert_cmpuint (g_strv_length (cells), ==, 8);
    g_assert_cmpstr (cells[0], ==, "4 Mar");
    g_assert_cmpstr (cells[1], ==, "5");
    g_assert_true (g_strv_contains ((const char * const *) cells, "18 of 27"));
  }

  g_clear_object (&store);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);

      g_remove (file);
    }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/team-page/fewer-than-k-hidden", test_fewer_than_k_hidden);

  return g_test_run ();
}
