/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteWelcome on a real X server (Xvfb): walked with the keyboard
 * through xdotool, as a person would (Return for Next, Alt+B for Back,
 * Escape to skip), and its pages read for the policy's own numbers.
 *
 * Preferences' training group, on a fake clock and memory settings: where
 * each course stands, and marking one done on a day through its dialog.
 */

#define G_LOG_DOMAIN "test-welcome"

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>

#include "respite-training-group.h"
#include "respite-welcome.h"

typedef struct
{
  char           *dir;      /* (owned): a temporary folder for policy files */
  RespitePolicy  *policy;   /* (owned) */
  RespiteWelcome *welcome;  /* (owned) */
  guint           n_closed;
  guint           tick_id;
} Fixture;

/* Fails a test that waits for something that never comes. */
#define WAIT_UNTIL(seconds, condition) \
  G_STMT_START { \
    gint64 wu_deadline = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC; \
    while (!(condition)) \
      { \
        if (g_get_monotonic_time () > wu_deadline) \
          g_error ("Timed out waiting for %s", #condition); \
        g_main_context_iteration (NULL, TRUE); \
      } \
  } G_STMT_END

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
xdotool (const char *arguments)
{
  g_autofree char *command = g_strconcat ("xdotool ", arguments, NULL);
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

static void
press (const char *key)
{
  g_autofree char *arguments = g_strconcat ("key ", key, NULL);

  xdotool (arguments);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

/* Every label's text in the welcome, one a line. */
static char *
all_text (Fixture *fixture)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GString *text = g_string_new (NULL);

  collect (GTK_WIDGET (fixture->welcome), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    g_string_append_printf (text, "%s\n", gtk_label_get_label (labels->pdata[i]));

  return g_string_free (text, FALSE);
}

static GtkWidget *
find_button (Fixture    *fixture,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (GTK_WIDGET (fixture->welcome), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
        return buttons->pdata[i];
    }
  g_error ("No button “%s”", label);
}

static AdwCarousel *
find_carousel (Fixture *fixture)
{
  g_autoptr(GPtrArray) carousels = g_ptr_array_new ();

  collect (GTK_WIDGET (fixture->welcome), ADW_TYPE_CAROUSEL, carousels);
  g_assert_cmpuint (carousels->len, ==, 1);
  return carousels->pdata[0];
}

static gboolean
close_request_cb (GtkWindow *window,
                  Fixture   *fixture)
{
  fixture->n_closed++;
  return FALSE;
}

static void
open_welcome (Fixture    *fixture,
              const char *policy_text)
{
  g_autofree char *path = g_build_filename (fixture->dir, "organisation.conf", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, policy_text, -1, &error);
  g_assert_no_error (error);
  fixture->policy = respite_policy_load (path, NULL, NULL);

  fixture->welcome = RESPITE_WELCOME (g_object_ref_sink (respite_welcome_new (NULL,
                                                                              fixture->policy)));
  g_signal_connect (fixture->welcome, "close-request", G_CALLBACK (close_request_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->welcome));
  WAIT_UNTIL (30, gtk_widget_get_mapped (GTK_WIDGET (fixture->welcome)));
  /* The carousel scrolls by its width: none before it is laid out. */
  WAIT_UNTIL (30, gtk_widget_get_width (GTK_WIDGET (find_carousel (fixture))) > 0);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("respite-test-welcome-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->tick_id = g_timeout_add (50, tick_cb, NULL);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "organisation.conf", NULL);

  if (fixture->welcome != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->welcome));
  g_clear_object (&fixture->welcome);
  g_clear_object (&fixture->policy);
  g_clear_handle_id (&fixture->tick_id, g_source_remove);
  g_unlink (path);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

/* Waits until the carousel rests on @page. */
static void
wait_for_page (Fixture *fixture,
               guint    page)
{
  AdwCarousel *carousel = find_carousel (fixture);

  /* The carousel's spring comes to rest on the page itself. */
  WAIT_UNTIL (20, G_APPROX_VALUE (adw_carousel_get_position (carousel), page, 1e-6));
  g_assert_cmpuint (respite_welcome_get_page (fixture->welcome), ==, page);
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  Window xid;
  g_autofree char *focus_command = NULL;
  GtkWidget *back_button;

  open_welcome (fixture, "[Breaks]\ninterval-minutes=60\n");
  back_button = find_button (fixture, "_Back");
  xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (fixture->welcome)));
  focus_command = g_strdup_printf ("windowfocus --sync %lu", xid);
  xdotool (focus_command);
  WAIT_UNTIL (30, gtk_window_is_active (GTK_WINDOW (fixture->welcome)));

  /* It opens on the first page, with Next focused: Return goes on. */
  wait_for_page (fixture, 0);
  g_assert_false (gtk_widget_get_sensitive (back_button));
  press ("Return");
  wait_for_page (fixture, 1);
  g_assert_true (gtk_widget_get_sensitive (back_button));
  press ("Return");
  wait_for_page (fixture, 2);

  /* Back by its mnemonic, then on to the last page. */
  press ("alt+b");
  wait_for_page (fixture, 1);
  press ("Return");
  wait_for_page (fixture, 2);
  press ("Return");
  wait_for_page (fixture, 3);
  g_assert_nonnull (find_button (fixture, "_Start Using Respite"));

  /* Escape skips it, from any page. */
  g_assert_cmpuint (fixture->n_closed, ==, 0);
  press ("Escape");
  WAIT_UNTIL (20, fixture->n_closed == 1);
  WAIT_UNTIL (20, !gtk_widget_get_visible (GTK_WIDGET (fixture->welcome)));
}

/* Skip, the header bar's button, closes it on the first page. */
static void
test_skip (Fixture       *fixture,
           gconstpointer  data)
{
  open_welcome (fixture, "");
  gtk_widget_activate (find_button (fixture, "_Skip"));
  WAIT_UNTIL (20, fixture->n_closed == 1);
}

/* The pages say what this organisation's policy does. */
static void
test_policy_numbers (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *text = NULL;

  open_welcome (fixture,
                "[Breaks]\ninterval-minutes=45\nduration-minutes=15\nstrict=true\n"
                "[Cap]\ndaily-minutes=180\n"
                "[CheckIns]\npulse-intensity=2\nwho5-days=7\n"
                "[Privacy]\nanonymity-threshold=8\n"
                "[TeamStore]\nteam=North\n"
                "[Service one]\nname=Counselling Line\nphone=+44 20 7946 0000\n"
                "[Crisis]\nname=Night Line\nphone=116 123\n"
                "[Training]\nname=Safe Viewing\nlink=https://example.org/t\n");
  text = all_text (fixture);

  g_assert_nonnull (strstr (text, "After 45 min of continuous exposure, a break of 15 min is "
                                  "due, and at most 3 h of exposure a day."));
  g_assert_nonnull (strstr (text, "After medium- or high-intensity material"));
  g_assert_nonnull (strstr (text, "Every 7 days, a short wellbeing check-in (WHO-5)"));
  g_assert_nonnull (strstr (text, "asks for breaks to be taken in full"));
  g_assert_null (strstr (text, "You can put off or skip any break"));
  g_assert_nonnull (strstr (text, "at least 8 people"));
  g_assert_null (strstr (text, "nothing is sent anywhere"));
  g_assert_nonnull (strstr (text, "\nCounselling Line\n"));
  g_assert_nonnull (strstr (text, "In a crisis: Night Line, 116 123."));
  g_assert_nonnull (strstr (text, "Training your organisation offers:\nSafe Viewing\n"));
}

/* Without a team store nothing leaves, and the welcome says so; without
 * a pulse or the WHO-5 it promises neither. */
static void
test_defaults_and_off (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *text = NULL;

  open_welcome (fixture, "[CheckIns]\npulse-intensity=0\nwho5-days=0\n");
  text = all_text (fixture);

  g_assert_nonnull (strstr (text, "nothing is sent anywhere"));
  g_assert_null (strstr (text, "at least"));
  g_assert_null (strstr (text, "one question asks"));
  g_assert_null (strstr (text, "WHO-5)"));
  g_assert_nonnull (strstr (text, "After 1 h of continuous exposure, a break of 10 min"));
  g_assert_nonnull (strstr (text, "You can put off or skip any break or check-in."));
  g_assert_null (strstr (text, "Your organisation offers:"));
  g_assert_null (strstr (text, "Training"));
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
        return l->data;
    }
  return NULL;
}

static const char *
row_subtitle (GPtrArray *rows,
              guint      index)
{
  return adw_action_row_get_subtitle (g_ptr_array_index (rows, index));
}

/* Opens the dialog of row @index, picks @day on its calendar, and answers. */
static void
mark_done (GPtrArray  *rows,
           guint       index,
           int         year,
           int         month,
           int         day)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr(GPtrArray) calendars = g_ptr_array_new ();
  g_autoptr(GDateTime) date = g_date_time_new_utc (year, month, day, 12, 0, 0);
  GtkWidget *done = NULL;
  AdwMessageDialog *dialog;

  collect (g_ptr_array_index (rows, index), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), "_Done…") == 0)
        done = buttons->pdata[i];
    }
  g_assert_nonnull (done);
  gtk_widget_activate (done);
  WAIT_UNTIL (20, find_dialog () != NULL);
  dialog = find_dialog ();

  collect (GTK_WIDGET (dialog), GTK_TYPE_CALENDAR, calendars);
  g_assert_cmpuint (calendars->len, ==, 1);
  gtk_calendar_select_day (calendars->pdata[0], date);
  adw_message_dialog_response (dialog, "done");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_training_group (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "organisation.conf", NULL);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.respite.Respite");
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 6, 1, 12, 0, 0);
  g_autoptr(RespiteClock) clock = respite_clock_new_fake (g_date_time_to_unix (now) *
                                                         G_USEC_PER_SEC);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) done = NULL;
  GtkWindow *window;
  GtkWidget *group;
  const char *day = NULL;

  g_file_set_contents (path,
                       "[Training a]\nname=Yearly\nlink=https://example.org/y\n"
                       "renewal-months=12\n"
                       "[Training b]\nname=Once\n", -1, &error);
  g_assert_no_error (error);
  fixture->policy = respite_policy_load (path, NULL, NULL);
  g_settings_set_value (settings, "training-done",
                        g_variant_new_parsed ("@a{ss} {'Yearly': '2025-05-31'}"));

  group = respite_training_group_new (fixture->policy, settings, clock);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (window, group);
  gtk_window_present (window);
  collect (group, ADW_TYPE_ACTION_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 2);

  g_assert_cmpstr (row_subtitle (rows, 0), ==, "Renewal due since 05/31/26");
  g_assert_cmpstr (row_subtitle (rows, 1), ==, "Not marked as done");

  /* Renewed today, through the dialog's calendar. */
  mark_done (rows, 0, 2026, 6, 1);
  g_assert_cmpstr (row_subtitle (rows, 0), ==, "Done on 06/01/26 · renew by 06/01/27");

  /* A day still to come is refused, where the reviewer looks, and nothing
   * is recorded. */
  mark_done (rows, 1, 2026, 6, 2);
  g_assert_nonnull (strstr (row_subtitle (rows, 1), "still to come"));
  done = g_settings_get_value (settings, "training-done");
  g_assert_false (g_variant_lookup (done, "Once", "&s", &day));
  g_clear_pointer (&done, g_variant_unref);

  mark_done (rows, 1, 2026, 5, 2);
  g_assert_cmpstr (row_subtitle (rows, 1), ==, "Done on 05/02/26");
  done = g_settings_get_value (settings, "training-done");
  g_assert_true (g_variant_lookup (done, "Once", "&s", &day));
  g_assert_cmpstr (day, ==, "2026-05-02");

  gtk_window_destroy (window);
  g_unlink (path);
  g_settings_reset (settings, "training-done");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *xdotool_path = g_find_program_in_path ("xdotool");

  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check () || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_print ("1..0 # SKIP no X11 display\n");
      return 0;
    }
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  if (xdotool_path != NULL)
    ADD ("/welcome/keyboard", test_keyboard);
  else
    g_message ("No xdotool: the keyboard test is left out");
  ADD ("/welcome/skip", test_skip);
  ADD ("/welcome/policy-numbers", test_policy_numbers);
  ADD ("/welcome/defaults-and-off", test_defaults_and_off);
  ADD ("/training-group", test_training_group);
#undef ADD

  return g_test_run ();
}
