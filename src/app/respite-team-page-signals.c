/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Team view's "Needs Attention": the signals of the lead's digest
 * (src/report/respite-signals.c) over the sealed periods the view shows,
 * each with the action it suggests. Like every figure on the view, they
 * come from sealed periods of at least k people, and name nobody.
 */

#define G_LOG_DOMAIN "respite-team-page"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-signals.h"
#include "respite-team-page-private.h"

void
respite_team_page_show_signals (RespiteTeamPage *self,
                                GPtrArray       *aggregates)
{
  g_autoptr(GPtrArray) signals = respite_signals_find (aggregates, self->period);

  for (guint i = 0; i < self->signal_rows->len; i++)
    adw_preferences_group_remove (self->signals_group, g_ptr_array_index (self->signal_rows, i));
  g_ptr_array_set_size (self->signal_rows, 0);

  for (guint i = 0; i < signals->len; i++)
    {
      RespiteSignal *signal = g_ptr_array_index (signals, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), signal->finding);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), signal->suggestion);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Needs attention"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->signals_group, row);
      g_ptr_array_add (self->signal_rows, row);
    }

  adw_preferences_group_set_description (self->signals_group,
    _("Suggestions from the figures below, which cannot say why: you know the team."));
  gtk_widget_set_visible (GTK_WIDGET (self->signals_group), signals->len > 0);
}
