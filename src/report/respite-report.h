/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "respite-policy.h"
#include "respite-team-store.h"

G_BEGIN_DECLS

#define RESPITE_REPORT_ERROR (respite_report_error_quark ())

typedef enum
{
  RESPITE_REPORT_ERROR_PERIOD,   /* not a period the report understands */
  RESPITE_REPORT_ERROR_OPTION,   /* an option out of range, or k below the store's */
  RESPITE_REPORT_ERROR_EMPTY,    /* nothing to report: no group, or every figure hidden */
  RESPITE_REPORT_ERROR_WRITE,
} RespiteReportError;

GQuark respite_report_error_quark (void);

/* The columns of a report: each row holds one cell of each. */
typedef enum
{
  RESPITE_REPORT_MEMBERS,
  RESPITE_REPORT_MEMBER_DAYS,
  RESPITE_REPORT_EXPOSURE_HOURS,
  RESPITE_REPORT_MEDIAN_EXPOSURE_HOURS,  /* of a member's day */
  RESPITE_REPORT_CAP_EXCEEDED_SHARE,     /* of member-days, 0–1 */
  RESPITE_REPORT_BREAKS_PROMPTED,
  RESPITE_REPORT_BREAKS_TAKEN,
  RESPITE_REPORT_CHECKIN_PARTICIPATION,  /* share of members, 0–1 */
  RESPITE_REPORT_WHO5_RESPONDENTS,
  RESPITE_REPORT_WHO5_VERY_LOW,          /* people whose mean raw score is 0–7 (< 32 %) */
  RESPITE_REPORT_WHO5_LOW,               /* 8–12 */
  RESPITE_REPORT_WHO5_GOOD,              /* 13–25 (≥ 52 %) */
  RESPITE_REPORT_WHO5_MEAN_PERCENT,      /* mean of the respondents' means, 0–100 */
  RESPITE_REPORT_POLICY_AGE_DAYS,
  RESPITE_REPORT_N_FIGURES,
} RespiteReportFigure;

/* The stable id of a figure: CSV column, JSON key ("members", …). */
const char *respite_report_figure_get_id    (RespiteReportFigure figure);
/* Translated, for people. */
const char *respite_report_figure_get_label (RespiteReportFigure figure);

typedef enum
{
  RESPITE_CELL_SHOWN,
  RESPITE_CELL_HIDDEN_K,              /* from 1 to k - 1 people */
  RESPITE_CELL_HIDDEN_COMPLEMENTARY,  /* hidden so that a hidden cell cannot be recomputed */
  RESPITE_CELL_OMITTED_DP,            /* no private mechanism for it: left out under DP */
} RespiteCellState;

/* The reason's stable id: "", "k", "complementary", "dp". */
const char *respite_cell_state_get_id (RespiteCellState state);

typedef struct
{
  double           value;  /* 0 unless shown */
  RespiteCellState state;
} RespiteReportCell;

typedef struct
{
  char              *team;
  char              *period_start;    /* YYYY-MM-DD */
  char              *period_end;
  char              *policy_version;  /* (nullable) */
  RespiteReportCell  cells[RESPITE_REPORT_N_FIGURES];
  RespiteTeamUnit    unit;            /* team holds a group's name for a group */
  /* Coverage (docs/team-store.md): members registered, and the share of
   * them who published. Shown only when the store showed it, both counts
   * reach the report's k, and no noise is added (it has no private
   * mechanism). */
  gboolean           coverage_shown;
  guint              registered;
  double             coverage;
} RespiteReportRow;

/* Primary and complementary suppression over any table of counts, and the
 * attacker that checks it: see respite-report-suppression.c. */
typedef struct _RespiteSuppression RespiteSuppression;

RespiteSuppression *respite_suppression_new          (guint               k);
void                respite_suppression_free         (RespiteSuppression *self);
/* A cell, and how many people it is computed from (for a count of people,
 * the count itself; G_MAXUINT for a figure about nobody). Returns its id. */
guint               respite_suppression_add_cell     (RespiteSuppression *self,
                                                      double              value,
                                                      guint               people);
/* The cell was hidden already, by the store. */
void                respite_suppression_hide         (RespiteSuppression *self,
                                                      guint               cell,
                                                      RespiteCellState    state);
/* @total is the sum of @parts, and a reader knows it. */
void                respite_suppression_add_relation (RespiteSuppression *self,
                                                      guint               total,
                                                      const guint        *parts,
                                                      guint               n_parts);
void                respite_suppression_run          (RespiteSuppression *self);
RespiteCellState    respite_suppression_get_state    (RespiteSuppression *self,
                                                      guint               cell);
/* TRUE if a reader of the shown cells could compute the hidden @cell
 * exactly from the relations (linear algebra over every relation). */
gboolean            respite_suppression_is_disclosed (RespiteSuppression *self,
                                                      guint               cell);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RespiteSuppression, respite_suppression_free)

/* Periods. HR names a month (2026-10), an ISO week (2026-W43) or a span,
 * FROM..TO, of days, months or weeks (2026-07..2026-09). The figures
 * always come in whole weeks or months (docs/team-store.md): @unit says
 * which. A span of whole months is in months; any other in the weeks that
 * touch it. */
gboolean respite_report_parse_period (const char     *text,
                                      char          **from_day,
                                      char          **to_day,
                                      RespitePeriod  *unit,
                                      gboolean       *single,
                                      GError        **error);

/* The default privacy budget: the most ε all releases about any one day
 * may spend together, until the policy says otherwise. A design choice
 * (docs/report.md). */
#define RESPITE_REPORT_DEFAULT_EPSILON_BUDGET 2.0

typedef struct
{
  const char    *period;          /* as HR typed it: the label */
  const char    *from_day;        /* from respite_report_parse_period() */
  const char    *to_day;
  RespitePeriod  unit;            /* rows are teams × this */
  const char    *team;            /* (nullable): every team (or group) */
  RespiteTeamUnit team_unit;      /* rows are teams (default) or groups */
  guint          k;               /* 0: the store's; never below it */
  double         epsilon;         /* 0: no noise */
  double         epsilon_budget;
  guint64        seed;            /* noise; 0: unpredictable */
  gboolean       record;          /* write the release into the store's ledger */
} RespiteReportOptions;

/* What the welfare programme section reads, from the figures and the
 * policy. Shares are -1 when no figure was shown to compute them. */
typedef struct
{
  int      support_services;        /* contracted services; -1: no policy given */
  double   break_adherence;         /* breaks taken / prompted */
  double   checkin_participation;
  double   cap_exceeded_share;
  gint64   counselling_interval;    /* seconds between reminders; 0: none; -1: no policy */
  char    *policy_version;          /* (nullable) */
  int      policy_age_days;         /* at the end of the report; -1: unknown */
  gboolean policy_review_due;       /* older than 12 months */
  guint    phase;                   /* 0 Building … 3 Maturity */
} RespiteReportProgramme;

#define RESPITE_TYPE_REPORT (respite_report_get_type ())
G_DECLARE_FINAL_TYPE (RespiteReport, respite_report, RESPITE, REPORT, GObject)

/* Reads the figures from the store's k-enforcing view, hides what k asks
 * (primary, then complementary suppression), adds noise under ε and
 * records the release in the store's ledger (refused past the budget).
 * @policy (nullable) feeds the welfare programme; @now dates the report.
 * Blocks. */
RespiteReport *respite_report_new_from_store (RespiteTeamStore            *store,
                                              const RespiteReportOptions  *options,
                                              RespitePolicy               *policy,
                                              GDateTime                   *now,
                                              GError                     **error);

const char    *respite_report_get_period        (RespiteReport *self);
const char    *respite_report_get_from_day      (RespiteReport *self);
const char    *respite_report_get_to_day        (RespiteReport *self);
RespitePeriod  respite_report_get_unit          (RespiteReport *self);
GDateTime     *respite_report_get_generated_at  (RespiteReport *self);
guint          respite_report_get_k             (RespiteReport *self);
guint          respite_report_get_store_k       (RespiteReport *self);
double         respite_report_get_epsilon       (RespiteReport *self);
double         respite_report_get_epsilon_spent (RespiteReport *self);
double         respite_report_get_epsilon_budget (RespiteReport *self);
/* The Laplace scale each figure's noise had (0: none). */
double         respite_report_get_noise_scale   (RespiteReport       *self,
                                                 RespiteReportFigure  figure);
/* (element-type RespiteReportRow): by period, then team. */
GPtrArray     *respite_report_get_rows          (RespiteReport *self);
const RespiteReportProgramme *respite_report_get_programme (RespiteReport *self);
guint          respite_report_programme_get_phase (const RespiteReportProgramme *programme);
/* The translated names of the four phases of the WeProtect/UNICEF Model
 * National Response maturity model. */
const char    *respite_report_phase_get_label   (guint phase);

/* The writers. Each says which k and ε applied. */
gboolean respite_report_write_csv  (RespiteReport  *self,
                                    GOutputStream  *stream,
                                    GError        **error);
gboolean respite_report_write_json (RespiteReport  *self,
                                    GOutputStream  *stream,
                                    GError        **error);
gboolean respite_report_write_pdf  (RespiteReport  *self,
                                    GOutputStream  *stream,
                                    GError        **error);

/* For tests of the noise: one Laplace draw of scale @b from @rand. */
double   respite_report_laplace    (GRand          *rand,
                                    double          b);

G_END_DECLS
