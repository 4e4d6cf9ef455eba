/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Team page's teams and groups, on a real X server (Xvfb): over a
 * store where team Hotline has three people (below k) and Triage nine, both
 * in the group Child Protection, the page of Hotline offers the group's
 * figures and shows them when asked; its switcher lists both teams and the
 * group, and choosing one shows it. Without a group in the policy, nothing
 * is offered. Every Triage period is hidden too: its group shown beside it
 * would otherwise give Hotline away (complementary suppression).
 */

#include "config.h"

#include <glib/gstdio.h>

#include "respite-team-page-private.h"
#include "respite-team-store-sqlite.h"

static RespiteClock *test_clock;
static char *work_dir;

static void
set_today (const char *day)
{
  g_autoptr(GDateTime) noon = NULL;
  g_autofree char *iso = g_strconcat (day, "T12:00:00Z", NULL);

  noon = g_date_time_new_from_iso8601 (iso, NULL);
  respite_clock_jump_real_time (test_clock, g_date_time_to_unix (noon) * G_USEC_PER_SEC
                                            - respite_clock_get_real_time (test_clock));
}

/* @n people of @team, each on every weekday of March 2024. */
static void
publish_team (RespiteTeamStore *store,
              const char       *team,
              guint             first,
              guint             n)
{
  for (guint m = first; m < first + n; m++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *member = g_strdup_printf ("test-member-token-%04u", m);
      g_autofree char *secret = g_strdup_printf ("test-secret-of-member-%04u", m);

      for (guint d = 4; d <= 29; d++)
        {
          g_autofree char *day = g_strdup_printf ("2024-03-%02u", d);
          RespiteDayRow row = {
            .team = (char *) team, .team_group = (char *) "Child Protection",
            .member = member, .day = day,
            .exposure_seconds = { 3600, 1800, 0 }, .longest_block_seconds = 1800,
            .breaks_prompted = 2, .breaks_taken = 2, .checkins_done = 1,
            .wellbeing_sum = 60, .wellbeing_count = 1,
          };

          if ((d + 3) % 7 >= 5)  /* 2024-03-04 is a Monday: no weekends */
            continue;
          g_assert_true (respite_team_store_publish (store, secret, &row, 1, &error));
          g_assert_no_error (error);
        }
    }
}

static RespitePolicy *
policy_with (const char *text)
{
  g_autofree char *path = g_build_filename (work_dir, "organisation.conf", NULL);
  g_autoptr(GError) error = NULL;
  RespitePolicy *policy;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  policy = respite_policy_load (path, NULL, NULL);
  g_assert_nonnull (policy);
  g_remove (path);

  return policy;
}

static void
wait_loaded (RespiteTeamPage *page)
{
  while (page->loading != NULL)
    g_main_context_iteration (NULL, TRUE);
}

static RespiteTeamPage *
show_page (RespiteTeamStore *store,
           RespitePolicy    *policy,
           GtkWidget       **window)
{
  RespiteTeamPage *page = RESPITE_TEAM_PAGE (respite_team_page_new (store, "Hotline", test_clock));

  respite_team_page_set_policy (page, policy);
  *window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (*window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (*window));
  wait_loaded (page);

  return page;
}

static RespiteTeamStore *
make_store (const char *name)
{
  g_autofree char *path = g_build_filename (work_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  RespiteTeamStoreSqlite *store = respite_team_store_sqlite_open (path, &error);

  g_assert_no_error (error);
  respite_team_store_sqlite_set_clock (store, test_clock);
  /* Nothing is sealed until the page reads: publish on the last day. */
  set_today ("2024-03-29");
  publish_team (RESPITE_TEAM_STORE (store), "Hotline", 0, 3);
  publish_team (RESPITE_TEAM_STORE (store), "Triage", 100, 9);
  /* Every week of March is over and sealed. */
  set_today ("2024-04-10");

  return RESPITE_TEAM_STORE (store);
}

static void
test_offer_and_switch (void)
{
  g_autoptr(RespiteTeamStore) store = make_store ("offer.db");
  g_autoptr(RespitePolicy) policy = policy_with ("[TeamStore]\nteam=Hotline\ngroup=Child Protection\n");
  GtkWidget *window = NULL;
  RespiteTeamPage *page = show_page (store, policy, &window);
  GListModel *list = G_LIST_MODEL (page->team_list);
  g_autofree char *first = NULL;
  g_autofree char *third = NULL;

  /* Hotline is below k: hidden, and its group offered. */
  g_assert_cmpstr (gtk_label_get_label (page->title), ==, "Team Hotline");
  g_assert_true (gtk_widget_get_visible (page->group_offer));
  g_assert_nonnull (strstr (gtk_label_get_label (page->group_offer_label), "Child Protection"));
  g_assert_nonnull (strstr (gtk_label_get_label (page->group_offer_label), "Fewer than 5 people"));

  /* The switcher: the policy's team first, the other team, the group. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->team_dropdown)));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);
  first = g_strdup (gtk_string_list_get_string (page->team_list, 0));
  third = g_strdup (gtk_string_list_get_string (page->team_list, 2));
  g_assert_cmpstr (first, ==, "Hotline");
  g_assert_cmpstr (gtk_string_list_get_string (page->team_list, 1), ==, "Triage");
  g_assert_cmpstr (third, ==, "Child Protection (group)");
  g_assert_cmpuint (gtk_drop_down_get_selected (page->team_dropdown), ==, 0);

  /* Show the Group: twelve people, so its weeks are shown. */
  respite_team_page_show_group (page);
  wait_loaded (page);
  g_assert_cmpstr (gtk_label_get_label (page->title), ==, "Group Child Protection");
  g_assert_cmpuint (gtk_drop_down_get_selected (page->team_dropdown), ==, 2);
  g_assert_false (gtk_widget_get_visible (page->group_offer));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (page->status)));

  /* Triage from the switcher: of nine, yet hidden, or the group minus it
   * would be Hotline's three. No group offered for a team not the policy's. */
  gtk_drop_down_set_selected (page->team_dropdown, 1);
  wait_loaded (page);
  g_assert_cmpstr (gtk_label_get_label (page->title), ==, "Team Triage");
  g_assert_false (gtk_widget_get_visible (page->group_offer));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->status)));
  g_assert_nonnull (strstr (gtk_label_get_label (page->status), "hidden to protect privacy"));

  /* And back. */
  gtk_drop_down_set_selected (page->team_dropdown, 0);
  wait_loaded (page);
  g_assert_cmpstr (gtk_label_get_label (page->title), ==, "Team Hotline");
  g_assert_true (gtk_widget_get_visible (page->group_offer));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* No group in the policy: the hidden team is said to be hidden, and no
 * group is offered; the switcher still lists what the store has. */
static void
test_no_group (void)
{
  g_autoptr(RespiteTeamStore) store = make_store ("no-group.db");
  g_autoptr(RespitePolicy) policy = policy_with ("[TeamStore]\nteam=Hotline\n");
  GtkWidget *window = NULL;
  RespiteTeamPage *page = show_page (store, policy, &window);

  g_assert_false (gtk_widget_get_visible (page->group_offer));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->status)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (page->team_list)), ==, 3);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  test_clock = respite_clock_new_fake (0);
  work_dir = g_dir_make_tmp ("respite-test-team-switch-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/team-switch/offer-and-switch", test_offer_and_switch);
  g_test_add_func ("/team-switch/no-group", test_no_group);
  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (work_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (work_dir, name, NULL);

        g_remove (file);
      }
    g_rmdir (work_dir);
  }
  g_clear_object (&test_clock);

  return status;
}
