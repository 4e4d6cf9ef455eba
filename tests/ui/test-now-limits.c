/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Now view shows what is left of the limits besides the daily cap
 * (issue #19): the real app, in this process, on a real X server (Xvfb),
 * with a policy that weighs intensities, caps video and counts days in a
 * row, and a store that already holds yesterday's and today's exposure.
 * The label is found in the window's widget tree as the reviewer sees it:
 * visible, drawn, with the text the limits give.
 *
 * The local time zone is chosen so that it is about noon: the blocks,
 * placed an hour before now and a day before that, then fall on today and
 * yesterday whenever the test runs.
 */

#define G_LOG_DOMAIN "test-now-limits"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "respite-application.h"
#include "respite-store.h"
#include "respite-window.h"

static RespiteApplication *app;       /* (unowned) */
static char               *work_dir;  /* (owned) */
static char               *expected;  /* (owned) */
static int                 status;

#define WAIT_UNTIL(seconds, condition) \
  G_STMT_START { \
    gint64 wu_deadline = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC; \
    while (!(condition)) \
      { \
        if (g_get_monotonic_time () > wu_deadline) \
          g_error ("Timed out waiting for %s", #condition); \
        g_main_context_iteration (NULL, FALSE); \
        g_usleep (1000); \
      } \
  } G_STMT_END

static const char policy[] =
  "[Cap]\n"
  "daily-minutes=240\n"
  "weight-high=2\n"
  "video-minutes=30\n"
  "consecutive-days=5\n";

/* The first visible, drawn label under @widget whose text holds @part. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *part)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
      strstr (gtk_label_get_label (GTK_LABEL (widget)), part) != NULL)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, part);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
main_window (void)
{
  return GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

static void
test_now_shows_limits (void)
{
  GtkLabel *label = NULL;

  WAIT_UNTIL (60, main_window () != NULL && gtk_widget_get_mapped (main_window ()));
  WAIT_UNTIL (60, (label = find_label (main_window (), "Video today")) != NULL);

  /* 20 minutes of high video today count 40 against the daily cap; the
   * video cap counts them as 20; yesterday and today are two days. */
  g_assert_cmpstr (gtk_label_get_label (label), ==, expected);
}

static gboolean
run_tests (gpointer user_data)
{
  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  if (status != 0)
    g_printerr ("# some tests failed\n");

  return G_SOURCE_REMOVE;
}

static void
activate_cb (GApplication *application)
{
  g_idle_add (run_tests, NULL);
}

/* Yesterday's half hour of images and today's 20 minutes of high video,
 * ended a minute ago. */
static void
seed_store (const char *data_home)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (data_home, "respite", "respite.db", NULL);
  g_autoptr(RespiteStore) store = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id;

  g_mkdir_with_parents (data_home, 0700);
  store = respite_store_open (path, &error);
  g_assert_no_error (error);

  id = respite_store_begin_block (store, now - 24 * 3600, RESPITE_KIND_IMAGE, 1, &error);
  g_assert_no_error (error);
  respite_store_end_block (store, id, now - 24 * 3600 + 30 * 60, RESPITE_END_STOPPED, &error);
  g_assert_no_error (error);

  id = respite_store_begin_block (store, now - 21 * 60, RESPITE_KIND_VIDEO, 3, &error);
  g_assert_no_error (error);
  respite_store_end_block (store, id, now - 60, RESPITE_END_STOPPED, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteApplication) application = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();
  g_autofree char *data_home = NULL;
  g_autofree char *config_home = NULL;
  g_autofree char *cache_home = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *tz = NULL;
  int hours_ahead;

  g_test_init (&argc, &argv, NULL);

  /* About noon, local time (a POSIX TZ's sign is west of Greenwich). */
  hours_ahead = 12 - g_date_time_get_hour (utc);
  tz = g_strdup_printf ("NOON%+d", -hours_ahead);
  g_setenv ("TZ", tz, TRUE);

  work_dir = g_dir_make_tmp ("respite-test-now-limits-XXXXXX", &error);
  g_assert_no_error (error);
  data_home = g_build_filename (work_dir, "data", NULL);
  config_home = g_build_filename (work_dir, "config", NULL);
  cache_home = g_build_filename (work_dir, "cache", NULL);
  conf = g_build_filename (work_dir, "organisation.conf", NULL);
  g_assert_true (g_file_set_contents (conf, policy, -1, NULL));
  g_setenv ("RESPITE_ORGANISATION_CONF", conf, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  seed_store (data_home);

  expected = g_strdup ("Daily cap, weighed by intensity: 3 h 20 min left\n"
                       "Video today: 10 min left\n"
                       "Days in a row with exposure: 2 of at most 5");

  g_test_add_func ("/now/limits", test_now_shows_limits);

  application = respite_application_new ();
  g_application_set_flags (G_APPLICATION (application),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  app = application;
  g_signal_connect_after (application, "activate", G_CALLBACK (activate_cb), NULL);

  g_application_run (G_APPLICATION (application), 1, argv);

  g_clear_object (&application);
  remove_tree (work_dir);
  g_free (work_dir);
  g_free (expected);

  return status;
}
