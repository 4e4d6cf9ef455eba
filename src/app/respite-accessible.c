/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What GTK 4.8 tells a screen reader, put right where it is wrong
 * (issue #21; tests/ui/test-atspi.py hears the result through AT-SPI).
 *
 * Names heard twice. GTK 4.8 names a widget by its accessible label
 * followed by whatever it is labelled by. A button or an expander with a
 * mnemonic sets its label to the raw text ("_Start Exposure") and its own
 * label child, the mnemonic's owner, points back at it: a screen reader
 * hears "_Start Exposure Start Exposure". Setting an accessible label
 * only makes that "Start Exposure Start Exposure". What works on 4.8 is to
 * set the label without the underscore and drop the labelled-by relation,
 * again each time the text changes; the mnemonic itself still works, as
 * it lives on the child label. GTK 4.10 and later compute the name
 * without the underscore and without repeating it, so this does no harm
 * there.
 *
 * Hidden pages. GTK 4.8 gives the "showing" state to top-level windows
 * only, and presents every child that is visible: every page of a stack
 * is in the tree at once, marked focusable. The pages a stack does not
 * show, and a revealer's child while it is hidden, are marked
 * GTK_ACCESSIBLE_STATE_HIDDEN, which takes them out of the tree.
 */

#define G_LOG_DOMAIN "respite-accessible"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "respite-accessible.h"

/* "Take a B_reak" → "Take a Break"; "__" is a literal underscore. */
static char *
strip_mnemonic (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] == '_')
            g_string_append_c (out, '_');
          else
            continue;
          p++;
          continue;
        }
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static void
tidy_name (GtkWidget *widget)
{
  const char *label = NULL;
  gboolean underline = FALSE;
  g_autofree char *name = NULL;

  if (GTK_IS_BUTTON (widget))
    {
      label = gtk_button_get_label (GTK_BUTTON (widget));
      underline = gtk_button_get_use_underline (GTK_BUTTON (widget));
    }
  else if (GTK_IS_EXPANDER (widget))
    {
      label = gtk_expander_get_label (GTK_EXPANDER (widget));
      underline = gtk_expander_get_use_underline (GTK_EXPANDER (widget));
    }

  if (label == NULL || !underline)
    return;

  name = strip_mnemonic (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static void
label_changed_cb (GtkWidget  *widget,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  tidy_name (widget);
}

/**
 * respite_accessible_tidy_names:
 * @root: a widget
 *
 * Gives every button and expander under @root, @root included, a name
 * without its mnemonic's underscore, heard once, and keeps it so when
 * the text changes.
 */
void
respite_accessible_tidy_names (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if ((GTK_IS_BUTTON (root) || GTK_IS_EXPANDER (root)) &&
      g_object_get_data (G_OBJECT (root), "respite-tidy-name") == NULL)
    {
      g_object_set_data (G_OBJECT (root), "respite-tidy-name", GINT_TO_POINTER (TRUE));
      g_signal_connect (root, "notify::label", G_CALLBACK (label_changed_cb), NULL);
      g_signal_connect (root, "notify::use-underline", G_CALLBACK (label_changed_cb), NULL);
      tidy_name (root);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    respite_accessible_tidy_names (child);
}

static void
set_hidden (GtkWidget *widget,
            gboolean   hidden)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (widget),
                               GTK_ACCESSIBLE_STATE_HIDDEN, hidden,
                               -1);
}

static void
stack_changed_cb (GtkWidget  *stack,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  GtkWidget *shown;

  if (GTK_IS_STACK (stack))
    shown = gtk_stack_get_visible_child (GTK_STACK (stack));
  else
    shown = adw_view_stack_get_visible_child (ADW_VIEW_STACK (stack));

  /* A stack's children are its pages' own widgets (GTK 4.8 and
   * libadwaita 1.2 both keep them as direct children). */
  for (GtkWidget *child = gtk_widget_get_first_child (stack);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    set_hidden (child, child != shown);
}

/**
 * respite_accessible_follow_stack:
 * @stack: a #GtkStack or an #AdwViewStack
 *
 * Keeps the pages @stack does not show out of the accessibility tree.
 * Called again after a page is added, it takes the new page in.
 */
void
respite_accessible_follow_stack (GtkWidget *stack)
{
  g_return_if_fail (GTK_IS_STACK (stack) || ADW_IS_VIEW_STACK (stack));

  if (g_object_get_data (G_OBJECT (stack), "respite-follow-stack") == NULL)
    {
      g_object_set_data (G_OBJECT (stack), "respite-follow-stack", GINT_TO_POINTER (TRUE));
      g_signal_connect (stack, "notify::visible-child", G_CALLBACK (stack_changed_cb), NULL);
    }
  stack_changed_cb (stack, NULL, NULL);
}

static void
revealer_changed_cb (GtkRevealer *revealer,
                     GParamSpec  *pspec,
                     gpointer     user_data)
{
  GtkWidget *child = gtk_revealer_get_child (revealer);

  /* Hidden as soon as it starts to close, there as soon as it starts to
   * open. */
  if (child != NULL)
    set_hidden (child, !gtk_revealer_get_reveal_child (revealer));
}

/**
 * respite_accessible_follow_revealer:
 * @revealer: a #GtkRevealer
 *
 * Keeps @revealer's child out of the accessibility tree while it is not
 * revealed.
 */
void
respite_accessible_follow_revealer (GtkRevealer *revealer)
{
  g_return_if_fail (GTK_IS_REVEALER (revealer));

  g_signal_connect (revealer, "notify::reveal-child", G_CALLBACK (revealer_changed_cb), NULL);
  g_signal_connect (revealer, "notify::child", G_CALLBACK (revealer_changed_cb), NULL);
  revealer_changed_cb (revealer, NULL, NULL);
}
