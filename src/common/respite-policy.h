/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "respite-block.h"
#include "respite-support.h"
#include "respite-training.h"

G_BEGIN_DECLS

/* The organisation's care policy, merged with the reviewer's own
 * preferences, as one immutable value. Durations are in seconds.
 *
 * The policy file's keys, ranges and defaults are documented in
 * data/organisation.conf and docs/policy-defaults.md. */

#define RESPITE_ANONYMITY_MIN 3

/* Where the organisation's policy lives unless RESPITE_ORGANISATION_CONF says
 * otherwise: SYSCONFDIR "/respite/organisation.conf". An empty
 * RESPITE_ORGANISATION_CONF counts as unset. */
char *respite_policy_get_default_path (void);

#define RESPITE_TYPE_POLICY (respite_policy_get_type ())
G_DECLARE_FINAL_TYPE (RespitePolicy, respite_policy, RESPITE, POLICY, GObject)

/* The defaults alone, with no organisation file and no preferences. */
RespitePolicy *respite_policy_new_default (void);

/* Reads the policy file at @path (NULL: respite_policy_get_default_path())
 * and makes its rules stricter with @preferences (nullable; a GSettings of
 * the io.github.respite.Respite schema). Never fails: a missing file means
 * the defaults, silently; an unreadable file means the defaults too, and
 * every key that cannot be used keeps its default. If @problems is not
 * NULL it is set to a new array (element-type utf8, g_free'd; empty when all
 * is well) of translated sentences for the administrator, each naming the
 * file and, where there is one, the line and the key:
 *   /etc/respite/organisation.conf:12: [Breaks] interval-minutes: “sixty” is
 *   not a whole number; using the default, 60
 * sorted by line. */
RespitePolicy *respite_policy_load        (const char  *path,
                                           GSettings   *preferences,
                                           GPtrArray  **problems);

/* The path of the organisation file the rules were read from, or NULL when
 * none was: missing or unreadable. respite_policy_is_default() is TRUE
 * exactly when this is NULL; the reviewer's own preferences do not change
 * either. A file that was read but whose every key was bad still counts as
 * the source (its problems say why the defaults apply). */
const char    *respite_policy_get_source               (RespitePolicy *self);
/* [Organisation] name and version as written, or NULL if not given. */
const char    *respite_policy_get_organisation         (RespitePolicy *self);
const char    *respite_policy_get_version              (RespitePolicy *self);
gboolean       respite_policy_is_default               (RespitePolicy *self);

gint64         respite_policy_get_break_interval       (RespitePolicy *self);
/* 0: no reminder. Always less than the break interval. */
gint64         respite_policy_get_break_reminder       (RespitePolicy *self);
gint64         respite_policy_get_break_duration       (RespitePolicy *self);
gint64         respite_policy_get_snooze               (RespitePolicy *self);
gboolean       respite_policy_get_strict_breaks        (RespitePolicy *self);
gint64         respite_policy_get_daily_cap            (RespitePolicy *self);
guint          respite_policy_get_cap_warning_percent  (RespitePolicy *self);
gint64         respite_policy_get_decompression        (RespitePolicy *self);
/* 0: never pause this kind of material for want of input. */
gint64         respite_policy_get_idle_threshold       (RespitePolicy *self,
                                                        RespiteKind    kind);
guint          respite_policy_get_anonymity_threshold  (RespitePolicy *self);

/* The limits besides the daily cap ([Cap] weight-*, video-minutes,
 * live-minutes, weekly-minutes, consecutive-days). Each is off by default.
 *
 * How much a second of exposure at @intensity (1 to 3) counts towards the
 * daily cap: 1 unless the policy weighs it; 1 for any other intensity. */
double         respite_policy_get_intensity_weight     (RespitePolicy *self,
                                                        int            intensity);
/* What the daily cap compares: @seconds of exposure, indexed by intensity
 * - 1, each weighed, rounded down to whole seconds. */
gint64         respite_policy_weigh                    (RespitePolicy *self,
                                                        const gint64   seconds[RESPITE_INTENSITY_MAX]);
/* Seconds of exposure to @kind allowed in a day; 0: no cap of its own
 * (only video and live can have one). */
gint64         respite_policy_get_kind_cap             (RespitePolicy *self,
                                                        RespiteKind    kind);
/* Seconds of exposure allowed in an ISO week (Monday to Sunday, local
 * days), not weighed; 0: no weekly cap. */
gint64         respite_policy_get_weekly_cap           (RespitePolicy *self);
/* The most days in a row with any exposure; 0: no such limit. */
guint          respite_policy_get_consecutive_days     (RespitePolicy *self);
/* Whether any of the limits above is set: weights other than 1 included. */
gboolean       respite_policy_has_more_limits          (RespitePolicy *self);

/* Check-ins. Each is offered, never forced: the reviewer may snooze or skip.
 * The pulse, one question, follows a block of at least this intensity
 * (1 to 3; 0: no pulse). */
int            respite_policy_get_pulse_intensity      (RespitePolicy *self);
gboolean       respite_policy_pulse_after              (RespitePolicy *self,
                                                        int            intensity);
/* How often an instrument ("who5", "phq4", "proqol5": [CheckIns] sts-days)
 * is offered, in seconds; 0: never. */
gint64         respite_policy_get_check_in_interval    (RespitePolicy *self,
                                                        const char    *instrument_id);
/* Whether @instrument_id is due at @now when it was last done or skipped
 * at @last_at (0: never). Unix seconds. A pure function. */
gboolean       respite_policy_check_in_due             (RespitePolicy *self,
                                                        const char    *instrument_id,
                                                        gint64         last_at,
                                                        gint64         now);

/* Seconds between gentle reminders of the counselling on offer; 0: none. */
gint64         respite_policy_get_counselling_interval (RespitePolicy *self);
/* How long the reviewer's own detail is kept, in seconds. */
gint64         respite_policy_get_retention            (RespitePolicy *self);
/* The contracted support services and the crisis line. Never NULL. */
RespiteSupport *respite_policy_get_support             (RespitePolicy *self);

/* [TeamStore]: where the daily summaries go. The type is "sqlite" (the
 * default) or "postgresql"; the location is the path or the connection
 * string (never with a password), NULL for the default SQLite file. With
 * no team, nothing is published. */
const char    *respite_policy_get_team_store_type      (RespitePolicy *self);
const char    *respite_policy_get_team_store_location  (RespitePolicy *self);
const char    *respite_policy_get_team                 (RespitePolicy *self);
const char    *respite_policy_get_group                (RespitePolicy *self);
gboolean       respite_policy_get_allow_opt_out        (RespitePolicy *self);
/* [Privacy] epsilon-budget: the most ε the releases about any one day may
 * spend together (respite-report --epsilon). */
double         respite_policy_get_epsilon_budget       (RespitePolicy *self);

/* [ReviewTools] and its [Review tool NAME] groups (issue #20): which
 * windows, apps and sites are the review tools, so that exposure can
 * follow them. Only whether one is in front is ever used. */
typedef enum
{
  RESPITE_REVIEW_OFF,      /* not followed */
  RESPITE_REVIEW_SUGGEST,  /* a notification offers to start a block */
  RESPITE_REVIEW_TRACK,    /* blocks start and end with the tool */
} RespiteReviewMode;

typedef struct
{
  char *name;      /* the NAME of [Review tool NAME] */
  char *wm_class;  /* (nullable): X11 WM_CLASS, class part */
  char *app_id;    /* (nullable): desktop or Wayland app id */
  char *origin;    /* (nullable): scheme://host[:port], lower case */
  int   kind;      /* a RespiteKind, or -1: the kind the reviewer last chose */
} RespiteReviewTool;

RespiteReviewMode        respite_policy_get_review_mode     (RespitePolicy *self);
/* The organisation requires it: the reviewer cannot turn it off. */
gboolean                 respite_policy_get_review_required (RespitePolicy *self);
/* (element-type RespiteReviewTool) (transfer none): in the file's order. */
GPtrArray               *respite_policy_get_review_tools    (RespitePolicy *self);
/* The tool named @name, or NULL. */
const RespiteReviewTool *respite_policy_find_review_tool    (RespitePolicy *self,
                                                             const char    *name);
/* The first tool whose wm-class is @wm_class (compared as written), or NULL. */
const RespiteReviewTool *respite_policy_find_review_tool_by_wm_class (RespitePolicy *self,
                                                                      const char    *wm_class);
/* [Training …]: the courses the organisation lists, in the file's order
 * (element-type RespiteTrainingCourse) (transfer none); never NULL. */
GPtrArray     *respite_policy_get_training             (RespitePolicy *self);
/* [Aids] reminders: whether a one-line reminder of the viewer's own tools
 * (sound off, smaller, greyscale) comes when a video, audio or live block
 * starts, unless the reviewer turned it off. */
gboolean       respite_policy_get_aid_reminders        (RespitePolicy *self);

/* What the deadline computation needs to know about the shift so far. All
 * deadlines are measured in exposure: none can fall due while no block
 * runs, so the app needs no timer then. */
typedef struct
{
  gboolean exposed;             /* a block is running now */
  gint64   continuous_seconds;  /* exposure since the last break long enough to count */
  gint64   today_seconds;       /* exposure today so far */
  gint64   snoozed_until;       /* 0, or the continuous_seconds at which a snoozed break is asked again */
  gboolean reminded;            /* the break reminder was given for this stretch */
  gboolean break_asked;         /* the break was asked for this stretch (and not snoozed since) */
  gboolean cap_warned;          /* the cap warning was given today */
  gboolean cap_reached;         /* the cap-reached prompt was given today */

  /* The limits besides the daily cap. With weights, today_seconds above is
   * the weighed sum (respite_policy_weigh()). A state that leaves these at
   * zero has no exposure to them and has been told nothing. */
  RespiteKind kind;             /* of the running block */
  int      intensity;           /* of the running block: its weight is the rate of today_seconds */
  gint64   kind_seconds[RESPITE_N_KINDS];  /* exposure today, by kind, not weighed */
  gint64   week_seconds;        /* exposure this ISO week, not weighed */
  guint    days_in_a_row;       /* local days with exposure in a row, today included */
  gboolean kind_cap_reached[RESPITE_N_KINDS];  /* its prompt was given today */
  gboolean weekly_cap_reached;  /* its prompt was given this week */
  gboolean days_reached;        /* the days-in-a-row prompt was given today */
} RespiteShiftState;

typedef enum
{
  RESPITE_DEADLINE_NONE,
  RESPITE_DEADLINE_BREAK_REMINDER,  /* the break will be due soon */
  RESPITE_DEADLINE_BREAK_DUE,       /* time for a break */
  RESPITE_DEADLINE_CAP_WARNING,     /* the daily cap is near */
  RESPITE_DEADLINE_CAP_REACHED,     /* the daily cap is reached */
  /* Not deadlines of the shift but prompts all the same, offered between
   * blocks by RespiteCheckIns; respite_policy_next_deadline() never
   * returns them. */
  RESPITE_DEADLINE_CHECK_IN_PULSE,  /* how are you, after an intense block */
  RESPITE_DEADLINE_CHECK_IN_WHO5,   /* the WHO-5 is due */
  RESPITE_DEADLINE_CHECK_IN_PHQ4,   /* the PHQ-4 is due */
  RESPITE_DEADLINE_COUNSELLING,     /* a reminder of the counselling on offer */
  /* The limits besides the daily cap, each given once a day (the weekly
   * cap once a week). */
  RESPITE_DEADLINE_VIDEO_CAP_REACHED,   /* today's video cap is reached */
  RESPITE_DEADLINE_LIVE_CAP_REACHED,    /* today's live cap is reached */
  RESPITE_DEADLINE_WEEKLY_CAP_REACHED,  /* this week's cap is reached */
  RESPITE_DEADLINE_DAYS_IN_A_ROW,       /* exposure on more days in a row than the limit */
  RESPITE_DEADLINE_CHECK_IN_STS,        /* the secondary traumatic stress check-in is due */
} RespiteDeadline;

/* The next prompt due and, in @in_seconds (nullable), how many more seconds
 * of exposure until it is due: 0 if it is due already. A pure function of
 * the policy and @state.
 *
 * Not exposed: RESPITE_DEADLINE_NONE, since nothing falls due without
 * exposure. NONE also when every prompt has been given. With NONE,
 * @in_seconds is set to 0 and means nothing.
 *
 * A prompt is left out once given: the reminder once reminded or the break
 * asked, or while a snooze runs (the snooze is its own reminder); the break
 * once asked, until a snooze sets snoozed_until, which then replaces the
 * interval; the cap warning once warned or the cap reached.
 * Under strict breaks there is no snoozing, so snoozed_until is ignored.
 *
 * Ties, at the same second: a prompt that asks for something (break due,
 * cap reached) comes before a heads-up (reminder, cap warning), and a break
 * before the cap. So the order is BREAK_DUE, CAP_REACHED, VIDEO_CAP_REACHED,
 * LIVE_CAP_REACHED, WEEKLY_CAP_REACHED, DAYS_IN_A_ROW, BREAK_REMINDER,
 * CAP_WARNING. Taking the break ends the exposure, and the cap prompt then
 * comes when exposure starts again.
 *
 * The daily cap counts at the weight of the running block's intensity, so
 * with high material weighing 1.5, 90 s of weighed cap left fall due in 60
 * s. A kind's cap counts only while that kind runs. DAYS_IN_A_ROW is due as
 * soon as exposure starts on a day past the limit. */
RespiteDeadline respite_policy_next_deadline (RespitePolicy           *self,
                                              const RespiteShiftState *state,
                                              gint64                  *in_seconds);

G_END_DECLS
