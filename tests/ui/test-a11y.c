/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The accessibility audit: the real app, in this process, on a real X
 * server (Xvfb), with its real windows: every view of the main window (Now,
 * History, Support, and Team, here over an empty team store), What My Team
 * Sees, Preferences, a WHO-5 check-in and the shortcuts window. Each
 * widget tree is walked, and every widget a person can operate must have a
 * name a screen reader can say. Offenders are printed with their path.
 *
 * GTK 4.8 has no public call for "the accessible name", so the audit
 * accepts what GTK computes a name from, and what a screen reader reads:
 *
 *  - an accessible label property that is not empty (set in a .ui file's
 *    <accessibility> block, or by GTK itself for labelled buttons);
 *  - a labelled-by relation (what a mnemonic label and
 *    GtkLabel:mnemonic-widget set up), unless it only points at the
 *    widget's own child and that child is an icon: GTK 4.8 does that for
 *    every button with a child;
 *  - a row's title (AdwPreferencesRow);
 *  - for a button, a check button or a list row: a visible GtkLabel inside
 *    it with text (what it shows is what it says);
 *  - for a search entry, its placeholder ("Search…"), which GTK exposes
 *    and screen readers read out on an entry without a label;
 *  - a tooltip, which GTK 4.8 exposes as the description, read after the
 *    role.
 *
 * The inside of a composite control (a spin button's +/−, a drop-down's or
 * a menu button's own toggle) belongs to GTK: the control is checked as a
 * whole. Closed popovers are not walked. The few offenders inside GTK's
 * and libadwaita's own composite widgets, which nothing of ours can reach,
 * are listed in toolkit_offenders: printed, not counted.
 *
 * History, Support and Team are built the first time they are shown: each
 * is checked empty before, and audited once built.
 *
 * Then the keyboard: Tab, as GtkWindow handles it, cycles through the
 * window and reaches a view switcher button for every view, and each view
 * opened that way has something in it that Tab reaches.
 *
 * GTK_A11Y=test keeps GTK off the accessibility bus (there is none here)
 * and gives the test context gtk_test_accessible_* reads.
 */

#define G_LOG_DOMAIN "test-a11y"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "respite-application.h"
#include "respite-team-store-sqlite.h"
#include "respite-window.h"

/* Set once the app is running; the tests run inside its main loop. */
static RespiteApplication *app;       /* (unowned) */
static RespiteWindow      *window;    /* (unowned) */
static char               *work_dir;  /* (owned) */

/* Fails a test that waits for something that never comes. */
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

/* Lets pending layout, mapping and idle work run. */
static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 5;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

/* The audit */

static gboolean
is_interactive (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
      GTK_IS_SPIN_BUTTON (widget) || GTK_IS_ENTRY (widget) || GTK_IS_PASSWORD_ENTRY (widget) ||
      GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_MENU_BUTTON (widget) ||
      GTK_IS_SCALE (widget))
    return TRUE;

  if (GTK_IS_TEXT_VIEW (widget))
    return gtk_text_view_get_editable (GTK_TEXT_VIEW (widget));

  /* A row is operated when it does something on Enter, or is chosen. */
  if (GTK_IS_LIST_BOX_ROW (widget))
    return gtk_widget_get_focusable (widget) &&
           (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget)) ||
            gtk_list_box_row_get_selectable (GTK_LIST_BOX_ROW (widget)));

  return FALSE;
}

/* Controls whose inside is GTK's own, checked as a whole. */
static gboolean
is_composite (GtkWidget *widget)
{
  return GTK_IS_SPIN_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_MENU_BUTTON (widget) || GTK_IS_ENTRY (widget) ||
         GTK_IS_PASSWORD_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) ||
         GTK_IS_SCALE (widget);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

static gboolean
has_visible_label (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;

  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_visible_label (child))
      return TRUE;

  return FALSE;
}

static gboolean
has_label_property (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  g_autofree char *label = NULL;

  if (!gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    return FALSE;

  /* NULL when the label is the empty string, which names nothing. */
  label = gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "");

  return label != NULL;
}

/* GTK 4.8 points a button's labelled-by at its own child whatever the
 * child is: an icon there names nothing. */
static gboolean
is_labelled (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);
  g_autofree char *others = NULL;

  if (!gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return FALSE;
  if (child == NULL)
    return TRUE;

  /* NULL when the relation is exactly the own child. */
  others = gtk_test_accessible_check_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                               child, NULL);
  if (others != NULL)
    return TRUE;

  return has_label_property (child) ||
         (GTK_IS_LABEL (child) && has_text (gtk_label_get_text (GTK_LABEL (child))));
}

/* Whether @widget has a name, from the sources listed at the top. */
static gboolean
has_accessible_name (GtkWidget *widget)
{
  GList *mnemonic_labels;

  if (has_label_property (widget) || is_labelled (widget))
    return TRUE;

  mnemonic_labels = gtk_widget_list_mnemonic_labels (widget);
  if (mnemonic_labels != NULL)
    {
      g_list_free (mnemonic_labels);
      return TRUE;
    }

  if (ADW_IS_PREFERENCES_ROW (widget) &&
      has_text (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget))))
    return TRUE;

  if ((GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_LIST_BOX_ROW (widget)) &&
      has_visible_label (widget))
    return TRUE;

  if (GTK_IS_SEARCH_ENTRY (widget) &&
      gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                        GTK_ACCESSIBLE_PROPERTY_PLACEHOLDER))
    return TRUE;

  return has_text (gtk_widget_get_tooltip_text (widget));
}

/* "RespiteWindow > … > GtkButton#toggle_button [app.toggle-exposure]":
 * enough to find the widget in its .ui file. */
static char *
describe_path (GtkWidget *widget)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) path = g_string_new (NULL);

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      GString *part = g_string_new (G_OBJECT_TYPE_NAME (w));
      const char *id = GTK_IS_BUILDABLE (w) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (w))
                                            : NULL;

      if (id != NULL && !g_str_has_prefix (id, "___object_"))
        g_string_append_printf (part, "#%s", id);
      g_ptr_array_insert (parts, 0, g_string_free (part, FALSE));
    }

  for (guint i = 0; i < parts->len; i++)
    g_string_append_printf (path, "%s%s", i > 0 ? " > " : "", (char *) parts->pdata[i]);

  if (GTK_IS_ACTIONABLE (widget) && gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)))
    g_string_append_printf (path, " [%s]",
                            gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)));
  if (GTK_IS_BUTTON (widget) && gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL)
    g_string_append_printf (path, " (icon %s)", gtk_button_get_icon_name (GTK_BUTTON (widget)));

  return g_string_free (g_steal_pointer (&path), FALSE);
}

/* Offenders inside GTK's and libadwaita's own composite widgets, which
 * no .ui file or call of ours can reach: listed, printed, not counted.
 * Each is the end of the printed path. */
static const struct
{
  const char *path_end;
  const char *why;
} toolkit_offenders[] = {
  { "AdwHeaderBar > GtkWindowHandle > GtkCenterBox > GtkStack#title_stack > AdwClamp > "
    "GtkSearchEntry#search_entry",
    "libadwaita 1.2's preferences search; its Search button has a tooltip" },
  { "GtkShortcutsWindow#help_overlay > GtkHeaderBar > GtkWindowHandle > GtkCenterBox > GtkBox > "
    "GtkToggleButton (icon edit-find-symbolic)",
    "GTK 4.8's shortcuts search toggle; the search entry itself is named" },
  { "GtkShortcutsWindow#help_overlay > GtkHeaderBar > GtkWindowHandle > GtkCenterBox > GtkStack > "
    "GtkMenuButton",
    "GTK 4.8's section menu, only shown, titled, with several sections" },
};

static const char *
toolkit_offender_why (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (toolkit_offenders); i++)
    if (g_str_has_suffix (path, toolkit_offenders[i].path_end))
      return toolkit_offenders[i].why;

  return NULL;
}

typedef struct
{
  GtkWidget *skip;       /* (unowned) (nullable): a subtree audited on its own */
  guint      n_checked;
  GPtrArray *offenders;  /* (owned) (element-type utf8): their paths */
} Audit;

static void
audit_walk (GtkWidget *widget,
            Audit     *audit)
{
  /* Hidden widgets and closed popovers are not there to be operated.
   * Pages of a stack that are not shown are still walked: only their
   * child-visible is off. */
  if (!gtk_widget_get_visible (widget) || GTK_IS_POPOVER (widget) || widget == audit->skip)
    return;

  if (is_interactive (widget))
    {
      audit->n_checked++;
      if (!has_accessible_name (widget))
        {
          g_autofree char *path = describe_path (widget);
          const char *why = toolkit_offender_why (path);

          if (why != NULL)
            g_test_message ("toolkit's own, not counted: %s (%s)", path, why);
          else
            g_ptr_array_add (audit->offenders, g_steal_pointer (&path));
        }
      if (is_composite (widget))
        return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    audit_walk (child, audit);
}

/* Prints every offender under @root and fails the test if there is one.
 * Returns: how many interactive widgets were checked */
static guint
audit_tree (GtkWidget *root,
            GtkWidget *skip)
{
  Audit audit = { skip, 0, g_ptr_array_new_with_free_func (g_free) };
  guint n_checked;

  audit_walk (root, &audit);
  for (guint i = 0; i < audit.offenders->len; i++)
    g_test_message ("no accessible name: %s", (char *) audit.offenders->pdata[i]);
  if (audit.offenders->len > 0)
    g_test_fail_printf ("%u of %u interactive widgets have no accessible name",
                        audit.offenders->len, audit.n_checked);

  n_checked = audit.n_checked;
  g_ptr_array_unref (audit.offenders);

  return n_checked;
}

/* The audit itself can fail: an icon-only button and an unlabelled entry
 * are caught; an empty label is no name; a mnemonic label and a tooltip
 * are. */
static void
test_audit_catches_unnamed (void)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkWidget *button = gtk_button_new_from_icon_name ("open-menu-symbolic");
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *label = gtk_label_new_with_mnemonic ("_Name");
  Audit audit = { NULL, 0, g_ptr_array_new_with_free_func (g_free) };

  gtk_box_append (GTK_BOX (box), button);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);

  audit_walk (box, &audit);
  g_assert_cmpuint (audit.n_checked, ==, 2);
  g_assert_cmpuint (audit.offenders->len, ==, 2);
  g_assert_true (g_str_has_suffix (audit.offenders->pdata[0],
                                   "GtkBox > GtkButton (icon open-menu-symbolic)"));
  g_ptr_array_set_size (audit.offenders, 0);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  audit_walk (box, &audit);
  g_assert_cmpuint (audit.offenders->len, ==, 1);  /* an empty label is no name */
  g_ptr_array_set_size (audit.offenders, 0);

  gtk_widget_set_tooltip_text (button, "Main Menu");
  audit_walk (box, &audit);
  g_assert_cmpuint (audit.offenders->len, ==, 0);

  g_ptr_array_unref (audit.offenders);
  g_object_unref (box);
}

/* The app's windows */

static AdwViewStack *
find_views (GtkWidget *widget)
{
  if (ADW_IS_VIEW_STACK (widget))
    return ADW_VIEW_STACK (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwViewStack *found = find_views (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The window's views are private to it: found by type. */
static AdwViewStack *
get_views (void)
{
  AdwViewStack *views = find_views (GTK_WIDGET (window));

  g_assert_nonnull (views);

  return views;
}

static GtkWidget *
get_page (const char *name)
{
  return adw_view_stack_get_child_by_name (get_views (), name);
}

static void
test_view (gconstpointer data)
{
  const char *name = data;
  GtkWidget *page;

  respite_window_show_view (window, name);
  settle ();
  page = get_page (name);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_cmpuint (audit_tree (page, NULL), >, 0);
}

/* The window around the views (each audited on its own): header bar,
 * menu, switchers, banners. */
static void
test_window_frame (void)
{
  respite_window_show_view (window, "now");
  settle ();
  g_assert_cmpuint (audit_tree (GTK_WIDGET (window), GTK_WIDGET (get_views ())), >, 0);
}

/* Until a view is first shown it is an empty place in the stack, with its
 * title and icon for the switchers; showing it builds it. */
static void
test_built_when_shown (void)
{
  const char *names[] = { "history", "support", "team" };

  g_assert_cmpstr (adw_view_stack_get_visible_child_name (get_views ()), ==, "now");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      AdwViewStackPage *page = adw_view_stack_get_page (get_views (), get_page (names[i]));

      if (gtk_widget_get_first_child (get_page (names[i])) != NULL)
        g_test_fail_printf ("the %s view was built before it was shown", names[i]);
      g_assert_nonnull (adw_view_stack_page_get_title (page));
      g_assert_nonnull (adw_view_stack_page_get_icon_name (page));
    }
}

/* Opens a window by @action and returns it once it is on screen. The
 * shortcuts window exists, hidden, before it is first shown: what is
 * looked for is a window that was not on screen. */
static GtkWindow *
open_window (GActionGroup *group,
             const char   *action,
             GVariant     *parameter,
             GType         type)
{
  g_autoptr(GList) before = gtk_window_list_toplevels ();
  g_autoptr(GList) after = NULL;
  GtkWindow *opened = NULL;

  for (GList *l = before; l != NULL; l = l->next)
    g_assert_false (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) &&
                    gtk_widget_get_mapped (l->data) && l->data != (gpointer) window);

  g_action_group_activate_action (group, action, parameter);
  settle ();

  after = gtk_window_list_toplevels ();
  for (GList *l = after; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && l->data != (gpointer) window &&
        gtk_widget_get_visible (l->data))
      opened = l->data;
  g_assert_nonnull (opened);
  WAIT_UNTIL (30, gtk_widget_get_mapped (GTK_WIDGET (opened)));

  return opened;
}

static void
test_window (GActionGroup *group,
             const char   *action,
             GVariant     *parameter,
             GType         type)
{
  GtkWindow *opened = open_window (group, action, parameter, type);

  g_assert_cmpuint (audit_tree (GTK_WIDGET (opened), NULL), >, 0);
  /* Closed as a person would: the shortcuts window only hides. */
  gtk_window_close (opened);
  settle ();
}

static void
test_preferences (void)
{
  test_window (G_ACTION_GROUP (app), "preferences", NULL, ADW_TYPE_PREFERENCES_WINDOW);
}

static void
test_check_in (void)
{
  test_window (G_ACTION_GROUP (app), "check-in", g_variant_new_string ("who5"), GTK_TYPE_WINDOW);
}

static void
test_sharing (void)
{
  test_window (G_ACTION_GROUP (app), "sharing", NULL, GTK_TYPE_WINDOW);
}

static void
test_shortcuts (void)
{
  /* A GtkApplicationWindow is the "win." action group itself. */
  test_window (G_ACTION_GROUP (window), "show-help-overlay", NULL, GTK_TYPE_SHORTCUTS_WINDOW);
}

/* The keyboard */

static gboolean
in_view_switcher (GtkWidget *widget)
{
  return gtk_widget_get_ancestor (widget, ADW_TYPE_VIEW_SWITCHER) != NULL ||
         gtk_widget_get_ancestor (widget, ADW_TYPE_VIEW_SWITCHER_BAR) != NULL;
}

/* One turn of Tab through the window, as GtkWindow's Tab binding does it.
 * Returns: (element-type GtkWidget): each widget focused, in order */
static GPtrArray *
tab_cycle (void)
{
  GPtrArray *focused = g_ptr_array_new ();
  GtkWidget *first = NULL;

  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  for (guint i = 0; i < 500; i++)
    {
      GtkWidget *focus;

      g_signal_emit_by_name (window, "move-focus", GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (focus == NULL || focus == first)
        break;
      if (first == NULL)
        first = focus;
      g_ptr_array_add (focused, focus);
    }

  return focused;
}

/* Every view is one Tab cycle and an Enter away, and has something in it
 * that Tab reaches. */
static void
test_keyboard_reaches_every_view (void)
{
  const char *names[] = { "now", "history", "support", "team" };
  g_autoptr(GHashTable) opened = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) focused = NULL;

  respite_window_show_view (window, "now");
  settle ();

  focused = tab_cycle ();
  for (guint i = 0; i < focused->len; i++)
    {
      GtkWidget *widget = focused->pdata[i];
      const char *shown;

      if (!in_view_switcher (widget))
        continue;

      /* What Enter or Space does to the focused button; it clicks a
       * moment later, as it shows being pressed. */
      g_assert_true (GTK_IS_TOGGLE_BUTTON (widget));
      gtk_widget_grab_focus (widget);
      gtk_widget_activate (widget);
      WAIT_UNTIL (20, gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget)));
      settle ();
      shown = adw_view_stack_get_visible_child_name (get_views ());
      g_hash_table_add (opened, (gpointer) g_intern_string (shown));
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *page = get_page (names[i]);
      gboolean inside = FALSE;

      if (!g_hash_table_contains (opened, names[i]))
        {
          g_test_fail_printf ("Tab reaches no switcher button for the %s view", names[i]);
          continue;
        }

      respite_window_show_view (window, names[i]);
      settle ();
      g_clear_pointer (&focused, g_ptr_array_unref);
      focused = tab_cycle ();
      for (guint j = 0; j < focused->len; j++)
        inside |= gtk_widget_is_ancestor (focused->pdata[j], page);
      if (!inside)
        g_test_fail_printf ("Tab reaches nothing in the %s view", names[i]);
    }
}

/* Running the app */

static int test_status = 1;

static gboolean
run_tests (gpointer user_data)
{
  test_status = g_test_run ();
  g_application_quit (G_APPLICATION (app));

  return G_SOURCE_REMOVE;
}

static void
add_team_view (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (work_dir, "team.db", NULL);
  g_autoptr(RespiteTeamStoreSqlite) store = respite_team_store_sqlite_open (path, &error);

  g_assert_no_error (error);
  respite_window_show_team (window, RESPITE_TEAM_STORE (store), "Hotline",
                            respite_session_get_clock (respite_application_get_session (app)));
}

static void
activate_cb (GApplication *application)
{
  window = RESPITE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);
  add_team_view ();
  WAIT_UNTIL (60, gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_idle_add (run_tests, NULL);
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
  g_autofree char *data_home = NULL;
  g_autofree char *config_home = NULL;
  g_autofree char *cache_home = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *instruments = NULL;

  g_test_init (&argc, &argv, NULL);

  /* G_TEST_SRCDIR is tests/: the organisation's file as shipped. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  conf = g_test_build_filename (G_TEST_DIST, "..", "data", "organisation.conf", NULL);
  instruments = g_test_build_filename (G_TEST_DIST, "..", "data", "instruments", NULL);
  g_setenv ("RESPITE_ORGANISATION_CONF", conf, TRUE);
  g_setenv ("RESPITE_INSTRUMENTS_DIR", instruments, TRUE);

  work_dir = g_dir_make_tmp ("respite-test-a11y-XXXXXX", &error);
  g_assert_no_error (error);
  data_home = g_build_filename (work_dir, "data", NULL);
  config_home = g_build_filename (work_dir, "config", NULL);
  cache_home = g_build_filename (work_dir, "cache", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);

  g_test_add_func ("/a11y/audit/catches-unnamed", test_audit_catches_unnamed);
  g_test_add_func ("/a11y/window/frame", test_window_frame);
  g_test_add_func ("/a11y/window/built-when-shown", test_built_when_shown);
  g_test_add_data_func ("/a11y/window/now", "now", test_view);
  g_test_add_data_func ("/a11y/window/history", "history", test_view);
  g_test_add_data_func ("/a11y/window/support", "support", test_view);
  g_test_add_data_func ("/a11y/window/team", "team", test_view);
  g_test_add_func ("/a11y/preferences", test_preferences);
  g_test_add_func ("/a11y/check-in/who5", test_check_in);
  g_test_add_func ("/a11y/sharing", test_sharing);
  g_test_add_func ("/a11y/shortcuts", test_shortcuts);
  g_test_add_func ("/a11y/keyboard/every-view", test_keyboard_reaches_every_view);

  application = respite_application_new ();
  /* Alone on its bus, whatever else runs there. */
  g_application_set_flags (G_APPLICATION (application),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  app = application;
  g_signal_connect_after (application, "activate", G_CALLBACK (activate_cb), NULL);

  /* Only the program's name: the test options were taken by g_test_init. */
  g_application_run (G_APPLICATION (application), 1, argv);

  g_clear_object (&application);
  remove_tree (work_dir);
  g_free (work_dir);

  return test_status;
}
