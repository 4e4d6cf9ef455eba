/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What respite-team-page.c, respite-team-page-export.c and
 * respite-team-page-signals.c share.
 */
#pragma once

#include "respite-chart.h"
#include "respite-team-page.h"

G_BEGIN_DECLS

struct _RespiteTeamPage
{
  AdwBin            parent_instance;

  RespiteTeamStore *store;           /* (owned) */
  char             *team;            /* (owned): the team or group shown */
  RespiteTeamUnit   unit;            /* which of the two self->team names */
  char             *home_team;       /* (owned): the policy's team, the page's first */
  GStrv             choices;         /* (owned) (nullable): team_list's names */
  GArray           *choice_units;    /* (owned) (element-type RespiteTeamUnit) */
  gboolean          filling;         /* team_list is being filled, not chosen from */
  RespiteClock     *clock;           /* (owned) */
  RespitePolicy    *policy;          /* (owned) (nullable): for the export */
  RespitePeriod     period;
  GCancellable     *loading;         /* (owned) (nullable) */
  GCancellable     *exporting;       /* (owned) (nullable) */
  GStrv             export_periods;  /* (owned) (nullable): export_period_row's */
  GPtrArray        *signal_rows;     /* (owned) (element-type AdwActionRow): the groups' */

  /* Template widgets */
  AdwToastOverlay  *toast_overlay;
  GtkLabel         *title;
  GtkLabel         *subtitle;
  GtkLabel         *status;
  GtkDropDown      *team_dropdown;
  GtkStringList    *team_list;
  GtkWidget        *group_offer;
  GtkLabel         *group_offer_label;
  AdwPreferencesGroup *signals_group;
  AdwPreferencesGroup *policy_change_group;
  AdwPreferencesGroup *programme_group;
  GtkLabel         *exposure_caption;
  RespiteChart     *exposure_chart;
  GtkLabel         *breaks_caption;
  RespiteChart     *breaks_chart;
  GtkLabel         *cap_caption;
  RespiteChart     *cap_chart;
  GtkLabel         *check_ins_caption;
  RespiteChart     *check_ins_chart;
  GtkLabel         *bands_caption;
  RespiteChart     *bands_chart;
  GtkGrid          *table;
  GtkMenuButton    *export_button;
  AdwComboRow      *export_unit_row;
  AdwComboRow      *export_period_row;
  GtkStringList    *export_period_list;
  GtkLabel         *export_caption;
};

/* respite-team-page-export.c */
void respite_team_page_export_action         (GtkWidget       *widget,
                                              const char      *action_name,
                                              GVariant        *parameter);
void respite_team_page_update_export_periods (RespiteTeamPage *self);

/* respite-team-page-teams.c */
void respite_team_page_show_title            (RespiteTeamPage *self);
void respite_team_page_show_choices          (RespiteTeamPage *self,
                                              GStrv            teams,
                                              GStrv            groups);
void respite_team_page_offer_group           (RespiteTeamPage *self,
                                              GPtrArray       *aggregates,
                                              guint            k);
void respite_team_page_team_selected         (RespiteTeamPage *self);
void respite_team_page_show_group            (RespiteTeamPage *self);

/* respite-team-page-signals.c */
void respite_team_page_show_signals          (RespiteTeamPage *self,
                                              GPtrArray       *aggregates);

G_END_DECLS
