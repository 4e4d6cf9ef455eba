/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the policy value (respite-policy.c) and its file reader
 * (respite-policy-file.c) share: the defaults and the instance struct,
 * which the reader fills in before the value is handed out.
 */
#pragma once

#include "respite-policy.h"
#include "respite-training.h"

G_BEGIN_DECLS

/* The defaults, in the file's units. Their sources are in
 * docs/policy-defaults.md; keep the two, and data/organisation.conf, in
 * step. */
#define DEFAULT_INTERVAL_MINUTES       60   /* IWF: a 10-minute break every hour */
#define DEFAULT_REMINDER_LEAD_MINUTES  10   /* IWF: remind at 50 of 60 minutes */
#define DEFAULT_DURATION_MINUTES       10
#define DEFAULT_SNOOZE_MINUTES         5
#define DEFAULT_DAILY_CAP_MINUTES      240  /* 4 h, as reported for YouTube */
#define DEFAULT_WARNING_PERCENT        90
#define DEFAULT_DECOMPRESSION_MINUTES  15   /* a design choice: no source gives one */
#define DEFAULT_ANONYMITY_THRESHOLD    5    /* Qualtrics, Viva Glint, Viva Insights */
#define DEFAULT_PULSE_INTENSITY        3    /* a design choice: after the hardest material */
#define DEFAULT_WHO5_DAYS              14   /* WHO-5 asks about the last two weeks */
#define DEFAULT_COUNSELLING_DAYS       30   /* IWF: monthly individual counselling */
#define DEFAULT_RETENTION_DAYS         365  /* a design choice: a year of one's own history */
#define DEFAULT_EPSILON_BUDGET         2.0  /* a design choice: see docs/report.md */
/* The limits besides the daily cap are off unless the organisation sets
 * them: no source gives a weight, a weekly cap or a number of days. */
#define DEFAULT_INTENSITY_WEIGHT       1.0
#define MAX_INTENSITY_WEIGHT           10.0
#define DEFAULT_AID_REMINDERS          TRUE /* RESEARCH.md, viewer tools: offer, claim nothing */
#define MAX_TRAINING_RENEWAL_MONTHS    120

#define DEFAULT_IDLE_IMAGE_SECONDS     300
#define DEFAULT_IDLE_TEXT_SECONDS      300
#define DEFAULT_IDLE_AUDIO_SECONDS     600
/* Watching video or a live stream may involve no input for long
 * stretches: pausing the count then would lose real exposure. */
#define DEFAULT_IDLE_VIDEO_SECONDS     1200
#define DEFAULT_IDLE_LIVE_SECONDS      0

#define SECONDS_PER_DAY (G_TIME_SPAN_DAY / G_TIME_SPAN_SECOND)

struct _RespitePolicy
{
  GObject   parent_instance;

  char     *source;        /* (owned) (nullable) */
  char     *organisation;  /* (owned) (nullable) */
  char     *version;       /* (owned) (nullable) */

  /* Seconds, except where said. */
  gint64    break_interval;
  gint64    break_reminder;
  gint64    break_duration;
  gint64    snooze;
  gboolean  strict_breaks;
  gint64    daily_cap;
  guint     cap_warning_percent;
  gint64    decompression;
  gint64    idle_threshold[RESPITE_N_KINDS];
  guint     anonymity_threshold;  /* people */
  int       pulse_intensity;      /* 0: no pulse */
  gint64    who5_interval;        /* 0: never */
  gint64    phq4_interval;        /* 0: never */
  gint64    counselling_interval; /* 0: no reminder */
  gint64    retention;
  RespiteSupport *support;        /* (owned) */
  char     *team_store_type;      /* (owned): "sqlite" or "postgresql" */
  char     *team_store_location;  /* (owned) (nullable): a path or a connection string */
  char     *team;                 /* (owned) (nullable): none, nothing is published */
  char     *group;                /* (owned) (nullable): the group above the team */
  gboolean  allow_opt_out;
  double    epsilon_budget;

  /* [ReviewTools] */
  RespiteReviewMode review_mode;
  gboolean  review_required;
  GPtrArray *review_tools;        /* (owned) (element-type RespiteReviewTool) */
  /* The limits besides the daily cap: see respite-policy-limits.c. */
  double    intensity_weight[RESPITE_INTENSITY_MAX];  /* by intensity - 1 */
  gint64    kind_cap[RESPITE_N_KINDS];  /* seconds; 0: none */
  gint64    weekly_cap;                 /* seconds; 0: none */
  guint     consecutive_days;           /* 0: none */
  gint64    sts_interval;               /* the secondary traumatic stress check-in; 0: never */
  /* Care beyond the shift's rules (issue #19). */
  GPtrArray *training;            /* (owned) (element-type RespiteTrainingCourse) */
  gboolean  aid_reminders;        /* [Aids] reminders */
};

static inline gint64
default_reminder_minutes (gint64 interval_minutes)
{
  return MAX (interval_minutes - DEFAULT_REMINDER_LEAD_MINUTES, 0);
}

/* respite-policy-review.c */
void respite_review_tool_free (RespiteReviewTool *tool);

/* respite-policy-file.c */

/* Reads the organisation's policy file at @path into @self, which holds
 * the defaults: each key that can be used replaces its default, and @path
 * becomes @self's source if the file could be read at all. If @problems is
 * not NULL it is set to the problems found, as respite_policy_load()
 * describes. */
void respite_policy_file_load (RespitePolicy  *self,
                               const char     *path,
                               GPtrArray     **problems);

G_END_DECLS
