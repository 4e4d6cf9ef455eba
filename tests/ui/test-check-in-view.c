/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteCheckInView with the shipped WHO-5, in a window on a real X
 * server (Xvfb). The keyboard test types through xdotool, so the keys go
 * through GTK's own key handling as a person's would; the others drive the
 * widgets directly.
 *
 * The widgets are found by walking the view, not through its private
 * fields: the answer rows are the AdwActionRows in order, question by
 * question, and the buttons are known by their actions.
 */

#define G_LOG_DOMAIN "test-check-in-view"

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "respite-check-in-view.h"

typedef struct
{
  RespiteInstrument       *instrument;  /* (owned) */
  GtkWindow               *window;      /* (owned) */
  RespiteCheckInView      *view;        /* (unowned): the window's child */
  GPtrArray               *rows;        /* (owned) (element-type AdwActionRow): item × n_answers + answer */
  GArray                  *answers;     /* (owned) (nullable): from "finished" */
  RespiteInstrumentResult *result;      /* (owned) (nullable): from "finished" */
  guint                    n_finished;
  guint                    n_support;   /* "app.support" activations */
  guint                    tick_id;
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

static GtkWidget *
find_button (Fixture    *fixture,
             const char *action_name)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (GTK_WIDGET (fixture->view), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), action_name) == 0)
        return buttons->pdata[i];
    }
  g_error ("No button for %s", action_name);
}

static GtkWidget *
get_row (Fixture *fixture,
         guint    item,
         guint    answer)
{
  guint n_answers = respite_instrument_get_n_answers (fixture->instrument);

  return g_ptr_array_index (fixture->rows, item * n_answers + answer);
}

static GtkWidget *
get_focus (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->window));
}

static gboolean
focus_is_row (Fixture *fixture,
              guint    item,
              guint    answer)
{
  return get_focus (fixture) == get_row (fixture, item, answer);
}

static gboolean
is_chosen (Fixture *fixture,
           guint    item,
           guint    answer)
{
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();

  collect (get_row (fixture, item, answer), GTK_TYPE_CHECK_BUTTON, checks);
  g_assert_cmpuint (checks->len, ==, 1);
  return gtk_check_button_get_active (checks->pdata[0]);
}

static void
finished_cb (RespiteCheckInView      *view,
             GArray                  *answers,
             RespiteInstrumentResult *result,
             Fixture                 *fixture)
{
  fixture->n_finished++;
  g_clear_pointer (&fixture->answers, g_array_unref);
  g_clear_pointer (&fixture->result, respite_instrument_result_free);
  fixture->answers = g_array_copy (answers);
  fixture->result = respite_instrument_result_copy (result);
}

static void
support_cb (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  Fixture *fixture = user_data;

  fixture->n_support++;
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autofree char *dir = respite_instrument_get_default_dir ();
  g_autofree char *path = g_build_filename (dir, "who5.json", NULL);
  g_autofree char *variant = NULL;
  g_autoptr(GSimpleActionGroup) app = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) support = g_simple_action_new ("support", NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *view;

  /* "sts": the ProQOL-shaped fixture of tests/core, as if validated. */
  if (g_strcmp0 (data, "sts") == 0)
    {
      g_autofree char *source = g_test_build_filename (G_TEST_DIST, "core", "instruments",
                                                       "sts-pack", "respite", "instruments",
                                                       "proqol5.json", NULL);
      g_autofree char *contents = NULL;
      g_autofree char *validated = NULL;
      int fd = g_file_open_tmp ("respite-test-sts-XXXXXX.json", &variant, &error);

      g_assert_no_error (error);
      close (fd);
      g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
      g_assert_nonnull (strstr (contents, "\"validated\": false"));
      {
        g_auto(GStrv) parts = g_strsplit (contents, "\"validated\": false", 2);

        validated = g_strjoinv ("\"validated\": true", parts);
      }
      g_assert_true (g_file_set_contents (variant, validated, -1, NULL));
    }

  fixture->instrument = respite_instrument_load_file (variant != NULL ? variant : path, &error);
  g_assert_no_error (error);
  if (variant != NULL)
    g_unlink (variant);

  view = respite_check_in_view_new (fixture->instrument);
  fixture->view = RESPITE_CHECK_IN_VIEW (view);
  g_signal_connect (view, "finished", G_CALLBACK (finished_cb), fixture);

  /* The application's support action, as the app's windows have it. */
  g_signal_connect (support, "activate", G_CALLBACK (support_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (support));

  fixture->window = GTK_WINDOW (g_object_ref_sink (gtk_window_new ()));
  gtk_window_set_decorated (fixture->window, FALSE);
  gtk_window_set_default_size (fixture->window, 560, 720);
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "app", G_ACTION_GROUP (app));
  gtk_window_set_child (fixture->window, view);

  fixture->rows = g_ptr_array_new ();
  collect (view, ADW_TYPE_ACTION_ROW, fixture->rows);
  g_assert_cmpuint (fixture->rows->len, ==,
                    respite_instrument_get_n_items (fixture->instrument) *
                    respite_instrument_get_n_answers (fixture->instrument));
  /* The rows are in order: each question's answers, in the scale's order. */
  for (guint i = 0; i < fixture->rows->len; i++)
    {
      guint n_answers = respite_instrument_get_n_answers (fixture->instrument);
      GtkWidget *group = gtk_widget_get_ancestor (fixture->rows->pdata[i],
                                                  ADW_TYPE_PREFERENCES_GROUP);

      g_assert_cmpstr (adw_preferences_row_get_title (fixture->rows->pdata[i]), ==,
                       respite_instrument_get_answer_label (fixture->instrument, i % n_answers));
      g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==,
                       respite_instrument_get_item_text (fixture->instrument, i / n_answers));
    }

  fixture->tick_id = g_timeout_add (50, tick_cb, NULL);
  gtk_window_present (fixture->window);
  WAIT_UNTIL (30, gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_clear_pointer (&fixture->rows, g_ptr_array_unref);
  if (fixture->window != NULL)
    gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->instrument);
  g_clear_pointer (&fixture->answers, g_array_unref);
  g_clear_pointer (&fixture->result, respite_instrument_result_free);
  g_clear_handle_id (&fixture->tick_id, g_source_remove);
}

static void
assert_result_page (Fixture *fixture)
{
  GtkWidget *support_card = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->view),
                                                                       RESPITE_TYPE_CHECK_IN_VIEW,
                                                                       "support_card"));
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->view),
                                                              RESPITE_TYPE_CHECK_IN_VIEW,
                                                              "stack"));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "result");
  /* Support, when suggested, comes first: before the result itself. */
  g_assert_null (gtk_widget_get_prev_sibling (support_card));
  g_assert_cmpint (gtk_widget_get_visible (support_card), ==, fixture->result->suggests_support);
}

/* The poorest WHO-5, typed: Tab from question to question, the arrow keys
 * between answers, Space or Enter to choose, Tab on to the Done button. */
static void
test_keyboard_poor (Fixture       *fixture,
                    gconstpointer  data)
{
  guint n_items = respite_instrument_get_n_items (fixture->instrument);
  guint last = respite_instrument_get_n_answers (fixture->instrument) - 1;
  GtkWidget *cancel_button = find_button (fixture, "check-in.cancel");
  GtkWidget *submit_button = find_button (fixture, "check-in.submit");
  GtkWidget *support_button = find_button (fixture, "app.support");
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (fixture->window)));
  g_autofree char *focus_command = g_strdup_printf ("windowfocus --sync %lu", xid);

  xdotool (focus_command);
  WAIT_UNTIL (30, gtk_window_is_active (fixture->window));

  /* The window starts on the first answer, without a focus ring; the
   * first Tab shows it there rather than skip question 1. */
  g_assert_true (focus_is_row (fixture, 0, 0));
  press ("Tab");
  WAIT_UNTIL (20, gtk_window_get_focus_visible (fixture->window));
  g_assert_true (focus_is_row (fixture, 0, 0));

  for (guint item = 0; item < n_items; item++)
    {
      /* On to the question: Tab, or Down from the last answer of the one
       * before (that is where the keyboard trap was). */
      if (item > 0)
        {
          press (item % 2 ? "Tab" : "Down");
          WAIT_UNTIL (20, focus_is_row (fixture, item, 0));
        }
      press ("End");
      WAIT_UNTIL (20, focus_is_row (fixture, item, last));
      press (item == 2 ? "Return" : "space");
      WAIT_UNTIL (20, is_chosen (fixture, item, last));

      g_assert_cmpint (gtk_widget_get_sensitive (submit_button), ==, item + 1 == n_items);

      /* Back a question and forward again: Tab lands on the answer. */
      if (item == 1)
        {
          press ("shift+Tab");
          WAIT_UNTIL (20, focus_is_row (fixture, 0, last));
          press ("Tab");
          WAIT_UNTIL (20, focus_is_row (fixture, 1, last));
        }
    }

  /* The buttons follow the last question: Not Now, then Done. */
  press ("Tab");
  WAIT_UNTIL (20, get_focus (fixture) == cancel_button);
  press ("Tab");
  WAIT_UNTIL (20, get_focus (fixture) == submit_button);
  g_assert_cmpuint (fixture->n_finished, ==, 0);
  press ("Return");
  WAIT_UNTIL (20, fixture->n_finished == 1);

  g_assert_cmpuint (fixture->answers->len, ==, n_items);
  for (guint i = 0; i < n_items; i++)
    g_assert_cmpint (g_array_index (fixture->answers, int, i), ==, 0);
  g_assert_cmpstr (fixture->result->instrument_id, ==, "who5");
  g_assert_cmpint (fixture->result->raw, ==, 0);
  g_assert_true (fixture->result->suggests_support);
  assert_result_page (fixture);

  /* The support card is visible, and has the focus first. */
  WAIT_UNTIL (20, gtk_widget_get_mapped (support_button));
  g_assert_true (get_focus (fixture) == support_button);
  g_assert_cmpuint (fixture->n_support, ==, 0);
  press ("Return");
  WAIT_UNTIL (20, fixture->n_support == 1);
}

/* Tab and Shift+Tab as the focus chain sees them (gtk_widget_child_focus,
 * no key handling): every answer, then the buttons, and back. A grouped
 * check button that cannot take the focus used to claim it, so the chain
 * stopped on the first row. */
static void
test_focus_chain (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *cancel_button = find_button (fixture, "check-in.cancel");
  GtkWidget *submit_button = find_button (fixture, "check-in.submit");

  gtk_widget_activate (get_row (fixture, 0, 0));
  g_assert_true (is_chosen (fixture, 0, 0));

  g_assert_true (focus_is_row (fixture, 0, 0));
  for (guint i = 1; i < fixture->rows->len; i++)
    {
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
      g_assert_true (get_focus (fixture) == fixture->rows->pdata[i]);
    }
  gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD);
  g_assert_true (get_focus (fixture) == cancel_button);
  /* Done is not focusable while it cannot be used. */
  g_assert_false (gtk_widget_get_sensitive (submit_button));

  gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_BACKWARD);
  g_assert_true (get_focus (fixture) == g_ptr_array_index (fixture->rows, fixture->rows->len - 1));
}

/* The best WHO-5: a good result, and no support card. */
static void
test_good (Fixture       *fixture,
           gconstpointer  data)
{
  guint n_items = respite_instrument_get_n_items (fixture->instrument);
  GtkWidget *close_button = find_button (fixture, "check-in.close");
  GtkWidget *support_button = find_button (fixture, "app.support");

  g_assert_cmpstr (respite_instrument_get_answer_label (fixture->instrument, 0), ==,
                   "All of the time");
  for (guint item = 0; item < n_items; item++)
    adw_action_row_activate (ADW_ACTION_ROW (get_row (fixture, item, 0)));
  /* A button clicks a moment after its activation, as it shows being pressed. */
  gtk_widget_activate (find_button (fixture, "check-in.submit"));
  WAIT_UNTIL (20, fixture->n_finished == 1);

  for (guint i = 0; i < n_items; i++)
    g_assert_cmpint (g_array_index (fixture->answers, int, i), ==, 5);
  g_assert_true (fixture->result->is_scaled);
  g_assert_cmpint (fixture->result->scaled, ==, 100);
  g_assert_false (fixture->result->suggests_support);
  assert_result_page (fixture);

  WAIT_UNTIL (20, gtk_widget_get_mapped (close_button));
  g_assert_false (gtk_widget_get_mapped (support_button));
  g_assert_true (get_focus (fixture) == close_button);
}

/* An instrument scored by subscale (ProQOL 5's structure) shows each
 * subscale's sum and band; its band is the primary subscale's. */
static void
test_subscales (Fixture       *fixture,
                gconstpointer  data)
{
  guint n_items = respite_instrument_get_n_items (fixture->instrument);
  GtkLabel *score = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->view),
                                                             RESPITE_TYPE_CHECK_IN_VIEW,
                                                             "score_label"));
  GtkLabel *band = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->view),
                                                            RESPITE_TYPE_CHECK_IN_VIEW,
                                                            "band_label"));

  /* Every answer the lowest: burnout's five reversed items score 5. */
  for (guint item = 0; item < n_items; item++)
    adw_action_row_activate (ADW_ACTION_ROW (get_row (fixture, item, 0)));
  gtk_widget_activate (find_button (fixture, "check-in.submit"));
  WAIT_UNTIL (20, fixture->n_finished == 1);

  assert_result_page (fixture);
  g_assert_cmpstr (gtk_label_get_label (band), ==, "Placeholder STS low");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (score)));
  g_assert_cmpstr (gtk_label_get_label (score), ==,
                   "Placeholder subscale CS: 10, Placeholder CS low\n"
                   "Placeholder subscale BO: 30, Placeholder BO moderate\n"
                   "Placeholder subscale STS: 10, Placeholder STS low");
}

/* Done waits for every answer; a changed answer is one answer. */
static void
test_submit_needs_every_answer (Fixture       *fixture,
                                gconstpointer  data)
{
  guint n_items = respite_instrument_get_n_items (fixture->instrument);
  GtkWidget *submit_button = find_button (fixture, "check-in.submit");

  for (guint item = 0; item < n_items; item++)
    {
      g_assert_false (gtk_widget_get_sensitive (submit_button));
      /* The action itself refuses too, whatever calls it. */
      gtk_widget_activate_action (GTK_WIDGET (fixture->view), "check-in.submit", NULL);
      g_assert_cmpuint (fixture->n_finished, ==, 0);

      adw_action_row_activate (ADW_ACTION_ROW (get_row (fixture, item, 1)));
      adw_action_row_activate (ADW_ACTION_ROW (get_row (fixture, item, 3)));
      g_assert_false (is_chosen (fixture, item, 1));
      g_assert_true (is_chosen (fixture, item, 3));
    }
  g_assert_true (gtk_widget_get_sensitive (submit_button));

  gtk_widget_activate (submit_button);
  WAIT_UNTIL (20, fixture->n_finished == 1);
  for (guint i = 0; i < n_items; i++)
    g_assert_cmpint (g_array_index (fixture->answers, int, i), ==,
                     respite_instrument_get_answer_value (fixture->instrument, 3));

  /* Submitted: neither Done nor the action again. */
  g_assert_false (gtk_widget_get_sensitive (submit_button));
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "check-in.submit", NULL);
  g_assert_cmpuint (fixture->n_finished, ==, 1);
}

static gboolean
has_label (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* Everything a person can operate has a name for a screen reader, and the
 * answers read as radio buttons that say whether they are chosen. */
static void
test_accessible (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  guint n_interactive = 0;

  collect (GTK_WIDGET (fixture->view), GTK_TYPE_WIDGET, widgets);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = widgets->pdata[i];

      if (!GTK_IS_BUTTON (widget) && !GTK_IS_CHECK_BUTTON (widget) &&
          !GTK_IS_LIST_BOX_ROW (widget) && !GTK_IS_EDITABLE (widget) &&
          !GTK_IS_SWITCH (widget))
        continue;

      n_interactive++;
      if (!has_label (widget))
        g_error ("%s (%s) has no accessible label", G_OBJECT_TYPE_NAME (widget),
                 gtk_widget_get_name (widget));
    }
  /* Five questions of six answers (row and check button), Not Now, Done,
   * See Support and Close. */
  g_assert_cmpuint (n_interactive, ==, 5 * 6 * 2 + 4);

  for (guint i = 0; i < fixture->rows->len; i++)
    {
      guint n_answers = respite_instrument_get_n_answers (fixture->instrument);
      g_autofree char *spoken = NULL;

      g_assert_true (gtk_test_accessible_has_role (fixture->rows->pdata[i],
                                                   GTK_ACCESSIBLE_ROLE_RADIO));
      /* The question, then the answer: an answer alone means little. */
      spoken = g_strdup_printf ("%s: %s",
                                respite_instrument_get_item_text (fixture->instrument, i / n_answers),
                                respite_instrument_get_answer_label (fixture->instrument, i % n_answers));
      gtk_test_accessible_assert_property (fixture->rows->pdata[i], GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           spoken);
      gtk_test_accessible_assert_state (fixture->rows->pdata[i], GTK_ACCESSIBLE_STATE_CHECKED,
                                        GTK_ACCESSIBLE_TRISTATE_FALSE);
    }

  adw_action_row_activate (ADW_ACTION_ROW (get_row (fixture, 2, 4)));
  gtk_test_accessible_assert_state (get_row (fixture, 2, 4), GTK_ACCESSIBLE_STATE_CHECKED,
                                    GTK_ACCESSIBLE_TRISTATE_TRUE);
  adw_action_row_activate (ADW_ACTION_ROW (get_row (fixture, 2, 0)));
  gtk_test_accessible_assert_state (get_row (fixture, 2, 4), GTK_ACCESSIBLE_STATE_CHECKED,
                                    GTK_ACCESSIBLE_TRISTATE_FALSE);
  gtk_test_accessible_assert_state (get_row (fixture, 2, 0), GTK_ACCESSIBLE_STATE_CHECKED,
                                    GTK_ACCESSIBLE_TRISTATE_TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *xdotool_path = g_find_program_in_path ("xdotool");

  /* GTK's in-process accessibility backend, which the checks read. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check () || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_print ("1..0 # SKIP no X11 display\n");
      return 0;
    }
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  if (xdotool_path != NULL)
    ADD ("/check-in-view/keyboard/poor", test_keyboard_poor);
  else
    g_message ("No xdotool: the keyboard test is left out");
  ADD ("/check-in-view/focus-chain", test_focus_chain);
  ADD ("/check-in-view/good", test_good);
  ADD ("/check-in-view/submit-needs-every-answer", test_submit_needs_every_answer);
  ADD ("/check-in-view/accessible", test_accessible);
#undef ADD
  g_test_add ("/check-in-view/subscales", Fixture, "sts", set_up, test_subscales, tear_down);

  return g_test_run ();
}
