/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which team or group the Team page shows. The switcher lists what the
 * store lets this login read (respite_team_store_list_teams(): on
 * PostgreSQL the administrator's grants, on SQLite every team), and is
 * shown only when there is a choice. A team whose every period is hidden,
 * because fewer than k of its people share, is offered its group's
 * figures: k applies to the whole group, so they count everyone in it with
 * the same protection (docs/team-store.md, "Groups").
 */

#define G_LOG_DOMAIN "respite-team-page"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-team-page-private.h"

void
respite_team_page_show_title (RespiteTeamPage *self)
{
  g_autofree char *title = NULL;

  if (self->unit == RESPITE_TEAM_UNIT_GROUP)
    /* Translators: the Team page's title, with a group of teams' name */
    title = g_strdup_printf (_("Group %s"), self->team);
  else
    /* Translators: the Team page's title, with the team's name */
    title = g_strdup_printf (_("Team %s"), self->team);
  gtk_label_set_label (self->title, title);
}

static void
add_choice (RespiteTeamPage *self,
            GStrvBuilder    *names,
            const char      *name,
            RespiteTeamUnit  unit)
{
  g_autofree char *label = NULL;

  g_strv_builder_add (names, name);
  g_array_append_val (self->choice_units, unit);
  if (unit == RESPITE_TEAM_UNIT_GROUP)
    /* Translators: a group of teams in the Team page's switcher */
    label = g_strdup_printf (C_("team switcher", "%s (group)"), name);
  gtk_string_list_append (self->team_list, label != NULL ? label : name);
}

/* What a row of the switcher is, as the page names it. */
static gboolean
choice_is (RespiteTeamPage *self,
           guint            i,
           const char      *name,
           RespiteTeamUnit  unit)
{
  return g_array_index (self->choice_units, RespiteTeamUnit, i) == unit &&
         g_str_equal (self->choices[i], name);
}

/**
 * respite_team_page_show_choices:
 * @teams: (nullable): the teams the store lets this login read
 * @groups: (nullable): the groups
 *
 * Fills the switcher: the policy's own team first, then the other teams,
 * then the groups; what the page shows is always in it, and selected.
 */
void
respite_team_page_show_choices (RespiteTeamPage *self,
                                GStrv            teams,
                                GStrv            groups)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  guint n, selected = 0;

  self->filling = TRUE;
  gtk_string_list_splice (self->team_list, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->team_list)), NULL);
  g_array_set_size (self->choice_units, 0);

  add_choice (self, names, self->home_team, RESPITE_TEAM_UNIT_TEAM);
  for (guint i = 0; teams != NULL && teams[i] != NULL; i++)
    if (!g_str_equal (teams[i], self->home_team))
      add_choice (self, names, teams[i], RESPITE_TEAM_UNIT_TEAM);
  for (guint i = 0; groups != NULL && groups[i] != NULL; i++)
    add_choice (self, names, groups[i], RESPITE_TEAM_UNIT_GROUP);

  g_strfreev (self->choices);
  self->choices = g_strv_builder_end (names);
  n = self->choice_units->len;

  for (guint i = 0; i < n; i++)
    if (choice_is (self, i, self->team, self->unit))
      selected = i + 1;
  if (selected == 0)
    {
      /* Shown, though the store no longer lists it (a grant withdrawn). */
      g_autoptr(GStrvBuilder) more = g_strv_builder_new ();

      g_strv_builder_addv (more, (const char **) self->choices);
      add_choice (self, more, self->team, self->unit);
      g_strfreev (self->choices);
      self->choices = g_strv_builder_end (more);
      selected = ++n;
    }

  gtk_drop_down_set_selected (self->team_dropdown, selected - 1);
  gtk_widget_set_visible (GTK_WIDGET (self->team_dropdown), n > 1);
  self->filling = FALSE;
}

static void
choose (RespiteTeamPage *self,
        const char      *name,
        RespiteTeamUnit  unit)
{
  if (self->unit == unit && g_strcmp0 (self->team, name) == 0)
    return;

  g_free (self->team);
  self->team = g_strdup (name);
  self->unit = unit;
  respite_team_page_show_title (self);
  gtk_widget_set_visible (self->group_offer, FALSE);
  respite_team_page_reload (self);
}

/* The switcher's notify::selected. */
void
respite_team_page_team_selected (RespiteTeamPage *self)
{
  guint i = gtk_drop_down_get_selected (self->team_dropdown);

  if (self->filling || self->choices == NULL || i >= self->choice_units->len)
    return;

  choose (self, self->choices[i], g_array_index (self->choice_units, RespiteTeamUnit, i));
}

/* The policy's group, when the page shows the policy's team. */
static const char *
home_group (RespiteTeamPage *self)
{
  const char *group = self->policy != NULL ? respite_policy_get_group (self->policy) : NULL;

  if (self->unit != RESPITE_TEAM_UNIT_TEAM || g_strcmp0 (self->team, self->home_team) != 0)
    return NULL;

  return group != NULL && *group != '\0' ? group : NULL;
}

/**
 * respite_team_page_offer_group:
 *
 * When every period of the team is hidden and the policy names its group,
 * says why and offers the group's figures instead of a page of blanks.
 */
void
respite_team_page_offer_group (RespiteTeamPage *self,
                               GPtrArray       *aggregates,
                               guint            k)
{
  const char *group = home_group (self);
  g_autofree char *text = NULL;
  gboolean all_hidden = aggregates != NULL && aggregates->len > 0;

  for (guint i = 0; all_hidden && i < aggregates->len; i++)
    all_hidden = ((RespiteTeamAggregate *) g_ptr_array_index (aggregates, i))->suppressed;

  if (!all_hidden || group == NULL)
    {
      gtk_widget_set_visible (self->group_offer, FALSE);
      return;
    }

  text = g_strdup_printf (ngettext ("Fewer than %u person in team %s shared figures, so they stay "
                                    "hidden. Its group, %s, counts everyone in its teams, with the "
                                    "same protection.",
                                    "Fewer than %u people in team %s shared figures, so they stay "
                                    "hidden. Its group, %s, counts everyone in its teams, with the "
                                    "same protection.", k),
                          k, self->team, group);
  gtk_label_set_label (self->group_offer_label, text);
  gtk_widget_set_visible (self->group_offer, TRUE);
}

/* The offer's button. */
void
respite_team_page_show_group (RespiteTeamPage *self)
{
  const char *group = home_group (self);

  if (group == NULL)
    return;

  /* The switcher follows, without choosing a second time. */
  choose (self, group, RESPITE_TEAM_UNIT_GROUP);
  self->filling = TRUE;
  for (guint i = 0; self->choices != NULL && i < self->choice_units->len; i++)
    if (choice_is (self, i, group, RESPITE_TEAM_UNIT_GROUP))
      gtk_drop_down_set_selected (self->team_dropdown, i);
  self->filling = FALSE;
}
