/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "respite-team-store.h"

G_BEGIN_DECLS

/* What may need a lead's attention, from sealed figures alone. The rules
 * and their sources are in docs/report.md, "Signals". */
typedef enum
{
  RESPITE_SIGNAL_BREAKS_LOW,     /* breaks taken < 80 % of those suggested, three periods running */
  RESPITE_SIGNAL_CAP_RISING,     /* the share of days over the limit rose two periods running */
  RESPITE_SIGNAL_WHO5_VERY_LOW,  /* people in the WHO-5 very-low band, in the latest period */
  RESPITE_SIGNAL_CHECKINS_LOW,   /* fewer than half did a check-in, two periods running */
  RESPITE_SIGNAL_POLICY_REVIEW,  /* the policy is more than 12 months old */
} RespiteSignalKind;

typedef struct
{
  RespiteSignalKind  kind;
  char              *finding;     /* translated: what the figures show */
  char              *suggestion;  /* translated: an action the seeds' practices suggest */
} RespiteSignal;

void respite_signal_free (RespiteSignal *signal);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RespiteSignal, respite_signal_free)

/* The figures a digest compares, each from one sealed aggregate. */
typedef enum
{
  RESPITE_TREND_BREAKS_TAKEN,     /* share of breaks suggested, 0–1 */
  RESPITE_TREND_CAP_EXCEEDED,     /* share of member-days, 0–1 */
  RESPITE_TREND_CHECKINS,         /* share of members, 0–1 */
  RESPITE_TREND_WHO5_MEAN,        /* 0–100 % */
  RESPITE_TREND_MEDIAN_EXPOSURE,  /* hours in a member's day */
  RESPITE_N_TRENDS,
} RespiteTrend;

const char *respite_trend_get_label (RespiteTrend trend);
/* FALSE when the aggregate does not show it (hidden, or nothing to count). */
gboolean    respite_trend_get_value (RespiteTrend                trend,
                                     const RespiteTeamAggregate *aggregate,
                                     double                     *value);
char       *respite_trend_format    (RespiteTrend trend,
                                     double       value);
/* The figure of @aggregate as a table shows it: formatted, "hidden", or
 * "—" when @aggregate is %NULL (no such period). */
char       *respite_trend_dup_cell  (RespiteTrend                trend,
                                     const RespiteTeamAggregate *aggregate);

/* @aggregates: (element-type RespiteTeamAggregate) one team's sealed
 * periods of @unit, in any order.
 * Returns: (transfer full) (element-type RespiteSignal) */
GPtrArray  *respite_signals_find    (GPtrArray     *aggregates,
                                     RespitePeriod  unit);

/* The latest period, the one before it and the same period a year before,
 * each %NULL where the store has none. */
void        respite_signals_compare (GPtrArray                   *aggregates,
                                     RespitePeriod                unit,
                                     const RespiteTeamAggregate **latest,
                                     const RespiteTeamAggregate **previous,
                                     const RespiteTeamAggregate **year_before);

/* The latest change of the policy version among the periods, and each
 * figure's mean over up to RESPITE_POLICY_CHANGE_PERIODS shown periods
 * before it and from it on: periods compared, never people. */
#define RESPITE_POLICY_CHANGE_PERIODS 4

typedef struct
{
  const char *version;           /* the new one, borrowed from the aggregates */
  const char *previous_version;
  const char *since;             /* the first day of its first period */
  gboolean    has_before[RESPITE_N_TRENDS];
  double      before[RESPITE_N_TRENDS];
  gboolean    has_after[RESPITE_N_TRENDS];
  double      after[RESPITE_N_TRENDS];
} RespitePolicyChange;

gboolean    respite_signals_find_policy_change (GPtrArray           *aggregates,
                                                RespitePeriod        unit,
                                                RespitePolicyChange *change);
/* @trend's mean before the change, or since it (@since), as a table shows
 * it: formatted, or "hidden" when no shown period gives it. */
char       *respite_policy_change_dup_mean     (const RespitePolicyChange *change,
                                                RespiteTrend               trend,
                                                gboolean                   since);
/* How the means are taken, in a sentence, for weeks or months. */
const char *respite_policy_change_get_method   (RespitePeriod              unit);

/* A lead's digest, in plain text or Markdown, for a cron job to mail. */
char       *respite_signals_write_digest (GPtrArray     *aggregates,
                                          const char    *team,
                                          RespitePeriod  unit,
                                          guint          k,
                                          gboolean       markdown);

G_END_DECLS
