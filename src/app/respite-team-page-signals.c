/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Team view's "Needs Attention": the signals of the lead's digest
 * (src/report/respite-signals.c) over the sealed periods the view shows,
 * each with the action it suggests; and, when the policy changed in them,
 * each figure before and since. Like every figure on the view, they come
 * from sealed periods of at least k people, and name nobody.
 */

#define G_LOG_DOMAIN "respite-team-page"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-signals.h"
#include "respite-team-page-private.h"

static void
add_row (RespiteTeamPage     *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->signal_rows, row);
}

/* Periods compared, not people: each figure's mean before and since. */
static void
show_policy_change (RespiteTeamPage *self,
                    GPtrArray       *aggregates)
{
  RespitePolicyChange change;
  g_autofree char *title = NULL;

  if (!respite_signals_find_policy_change (aggregates, self->period, &change))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->policy_change_group), FALSE);
      return;
    }

  /* Translators: a policy version, e.g. "2026-10" */
  title = g_strdup_printf (_("Since the Policy Changed to %s"), change.version);
  adw_preferences_group_set_title (self->policy_change_group, title);
  adw_preferences_group_set_description (self->policy_change_group,
    self->period == RESPITE_PERIOD_WEEK
    ? _("Each figure’s mean over up to four weeks before the change and four weeks from it: "
        "periods compared, not people.")
    : _("Each figure’s mean over up to four months before the change and four months from it: "
        "periods compared, not people."));

  for (RespiteTrend trend = 0; trend < RESPITE_N_TRENDS; trend++)
    {
      g_autofree char *before = change.has_before[trend]
                                ? respite_trend_format (trend, change.before[trend])
                                : g_strdup (_("hidden"));
      g_autofree char *after = change.has_after[trend]
                               ? respite_trend_format (trend, change.after[trend])
                               : g_strdup (_("hidden"));
      /* Translators: a figure's mean before and since the change */
      g_autofree char *text = g_strdup_printf (_("%s before, %s since"), before, after);

      add_row (self, self->policy_change_group, respite_trend_get_label (trend), text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->policy_change_group), TRUE);
}

void
respite_team_page_show_signals (RespiteTeamPage *self,
                                GPtrArray       *aggregates)
{
  g_autoptr(GPtrArray) signals = respite_signals_find (aggregates, self->period);

  for (guint i = 0; i < self->signal_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->signal_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
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

  show_policy_change (self, aggregates);
}
