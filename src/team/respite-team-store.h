/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RESPITE_TEAM_STORE_ERROR (respite_team_store_error_quark ())

typedef enum
{
  RESPITE_TEAM_STORE_ERROR_UNREACHABLE,  /* cannot connect or open: keep the rows, retry later */
  RESPITE_TEAM_STORE_ERROR_DENIED,       /* wrong member secret, or the role may not do this */
  RESPITE_TEAM_STORE_ERROR_INVALID,      /* a row, team or token the store refuses */
  RESPITE_TEAM_STORE_ERROR_SCHEMA,       /* no Respite schema, or another version of it */
  RESPITE_TEAM_STORE_ERROR_FAILED,
  RESPITE_TEAM_STORE_ERROR_BUDGET,       /* the release would spend more ε than the budget */
  RESPITE_TEAM_STORE_ERROR_SEALED,       /* a day of a sealed period: never accepted, never retried */
} RespiteTeamStoreError;

GQuark respite_team_store_error_quark (void);

/* The version of data/sql/schema.sql and sqlite-schema.sql this code reads. */
#define RESPITE_TEAM_STORE_SCHEMA_VERSION 5

/* The oldest version a store is upgraded from (docs/team-store.md,
 * "Upgrading"): SQLite at open, PostgreSQL by `respite-report init`. */
#define RESPITE_TEAM_STORE_OLDEST_UPGRADABLE 2

/* The days a store keeps: PostgreSQL cannot group 'infinity' or year 294276,
 * and no reviewer worked before 1970. */
#define RESPITE_TEAM_STORE_FIRST_DAY "1970-01-01"

/* The shortest member secret a store accepts (the schema says the same). */
#define RESPITE_TEAM_STORE_MIN_SECRET 16

/* One member's day, as it leaves the reviewer's machine: nothing else does.
 * Strings are owned; free with respite_day_row_clear(). */
typedef struct
{
  char     *team;
  char     *member;                 /* the install's random token */
  char     *day;                    /* YYYY-MM-DD, the reviewer's local day */
  gint64    exposure_seconds[3];    /* by intensity: [0] is intensity 1 */
  gint64    longest_block_seconds;
  guint     breaks_prompted;
  guint     breaks_taken;
  guint     breaks_snoozed;
  guint     breaks_skipped;
  gboolean  cap_exceeded;
  guint     checkins_done;
  guint     wellbeing_sum;          /* sum of check-in scores */
  guint     wellbeing_count;        /* how many scores */
  char     *policy_version;         /* (nullable) */
  char     *team_group;             /* (nullable) the group above the team, [TeamStore] group= */
} RespiteDayRow;

void respite_day_row_clear (RespiteDayRow *row);

/* What a row of figures is about: a team, or a group of teams (whose
 * figures count each member once, with k applied to the whole group). */
typedef enum
{
  RESPITE_TEAM_UNIT_TEAM,
  RESPITE_TEAM_UNIT_GROUP,
} RespiteTeamUnit;

typedef enum
{
  RESPITE_PERIOD_WEEK,   /* ISO week, Monday to Sunday */
  RESPITE_PERIOD_MONTH,
} RespitePeriod;

/* What a store has sealed (docs/team-store.md, "Sealing"): every week up
 * to @sealed_through, a Sunday (or nothing yet, %NULL), and every month
 * whose last week ends by then; a period is sealed once it has been over
 * for @seal_after_days days. Free with respite_team_store_sealing_clear(). */
typedef struct
{
  char  *sealed_through;   /* (nullable) YYYY-MM-DD */
  guint  seal_after_days;
} RespiteTeamStoreSealing;

void respite_team_store_sealing_clear (RespiteTeamStoreSealing *sealing);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RespiteTeamStoreSealing, respite_team_store_sealing_clear)

char     *respite_team_store_sealing_appears_on (const RespiteTeamStoreSealing *sealing,
                                                 RespitePeriod                  period,
                                                 const char                    *day);
gboolean  respite_team_store_sealing_is_sealed  (const RespiteTeamStoreSealing *sealing,
                                                 RespitePeriod                  period,
                                                 const char                    *day);

/* One team's (or group's) figures for one sealed week or month, k rules
 * and complementary suppression applied (docs/team-store.md). A
 * suppressed group has every figure unknown: show that it is hidden,
 * never a zero. */
typedef struct
{
  char     *team;                   /* the team's, or with RESPITE_TEAM_UNIT_GROUP the group's name */
  char     *period_start;           /* YYYY-MM-DD: a Monday, or the 1st */
  char     *period_end;             /* YYYY-MM-DD, inclusive */
  gboolean  suppressed;             /* fewer than k members: no figure below */
  guint     members;
  guint     member_days;
  double    exposure_hours;         /* total */
  double    median_exposure_hours;  /* of a member's day */
  double    cap_exceeded_share;     /* of member-days, 0–1 */
  guint     breaks_prompted;
  guint     breaks_taken;
  double    checkin_participation;  /* share of members with a check-in, 0–1 */
  gboolean  wellbeing_suppressed;   /* fewer than k members answered */
  guint     wellbeing_respondents;
  double    wellbeing_mean;         /* mean check-in score */
  /* The respondents by their mean WHO-5 score over the period, in per
   * cent as RespiteSummary publishes it (docs/instruments.md's raw bands
   * × 4). If any band has 1 to k - 1 people, all three are hidden, so that
   * none is the respondents minus the others. */
  gboolean  who5_bands_suppressed;  /* also when wellbeing_suppressed */
  guint     who5_very_low;          /* raw 0–7: below 32 % */
  guint     who5_low;               /* raw 8–12: 32 % to 48 % */
  guint     who5_good;              /* raw 13–25: 52 % and over */
  double    who5_member_mean;       /* mean of the respondents' means, 0–100 % */
  /* The organisation's policy is nobody's figure: known even when the
   * group is hidden. */
  char     *policy_version;         /* (nullable) the one most member-days ran */
  int       policy_age_days;        /* at period_end; -1: unknown */
  RespiteTeamUnit unit;
  /* Coverage: the members registered in the team or group when the period
   * was sealed (those whose latest publication named it), and the share of
   * them who published in the period (at most 1). Hidden unless both counts
   * are at least k. */
  gboolean  coverage_suppressed;
  guint     registered;
  double    coverage;
} RespiteTeamAggregate;

void respite_team_aggregate_free (RespiteTeamAggregate *aggregate);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RespiteTeamAggregate, respite_team_aggregate_free)

#define RESPITE_TYPE_TEAM_STORE (respite_team_store_get_type ())
G_DECLARE_INTERFACE (RespiteTeamStore, respite_team_store, RESPITE, TEAM_STORE, GObject)

/* Every call is synchronous and may block on the network or the disk: call
 * it from a GTask thread (g_task_run_in_thread), never the main loop. An
 * implementation serialises its own calls, so one store may be shared by
 * several threads. */
struct _RespiteTeamStoreInterface
{
  GTypeInterface g_iface;

  gboolean   (*publish)         (RespiteTeamStore     *self,
                                 const char           *secret,
                                 const RespiteDayRow  *rows,
                                 guint                 n_rows,
                                 GError              **error);
  gboolean   (*erase_member)    (RespiteTeamStore     *self,
                                 const char           *member,
                                 const char           *secret,
                                 GError              **error);
  GPtrArray *(*read_aggregates) (RespiteTeamStore     *self,
                                 RespiteTeamUnit       unit,
                                 const char           *team,
                                 RespitePeriod         period,
                                 const char           *from_day,
                                 const char           *to_day,
                                 GError              **error);
  gboolean   (*get_k)           (RespiteTeamStore     *self,
                                 guint                *k,
                                 GError              **error);
  gboolean   (*check)           (RespiteTeamStore     *self,
                                 GError              **error);
  gboolean   (*record_release)  (RespiteTeamStore     *self,
                                 const char           *from_day,
                                 const char           *to_day,
                                 guint                 k,
                                 double                epsilon,
                                 double                budget,
                                 double               *spent,
                                 GError              **error);
  gboolean   (*get_epsilon_spent) (RespiteTeamStore   *self,
                                   const char         *from_day,
                                   const char         *to_day,
                                   double             *spent,
                                   GError            **error);
  gboolean   (*seal)            (RespiteTeamStore        *self,
                                 RespiteTeamStoreSealing *sealing,
                                 GError                 **error);
  GStrv      (*list_teams)      (RespiteTeamStore     *self,
                                 RespiteTeamUnit       unit,
                                 GError              **error);
};

gboolean   respite_team_store_publish         (RespiteTeamStore     *self,
                                               const char           *secret,
                                               const RespiteDayRow  *rows,
                                               guint                 n_rows,
                                               GError              **error);
gboolean   respite_team_store_erase_member    (RespiteTeamStore     *self,
                                               const char           *member,
                                               const char           *secret,
                                               GError              **error);
GPtrArray *respite_team_store_read_aggregates (RespiteTeamStore     *self,
                                               const char           *team,
                                               RespitePeriod         period,
                                               const char           *from_day,
                                               const char           *to_day,
                                               GError              **error);
/* Groups of teams ([TeamStore] group=), issue #18: their figures, as
 * read_aggregates() gives teams' (unit RESPITE_TEAM_UNIT_GROUP, team the
 * group's name; k applies to the whole group, so a team below k is seen
 * there). list_teams() names the teams, or groups, this login may read:
 * on PostgreSQL a lead's grants in respite.reader_teams, enforced by the
 * server, and every one for HR; on SQLite every one with a sealed figure.
 * For a team switcher, and for offering a small team its group.
 * docs/team-store.md, "Groups above teams". */
GPtrArray *respite_team_store_read_group_aggregates (RespiteTeamStore  *self,
                                                     const char        *group,
                                                     RespitePeriod      period,
                                                     const char        *from_day,
                                                     const char        *to_day,
                                                     GError           **error);
GStrv      respite_team_store_list_teams      (RespiteTeamStore     *self,
                                               RespiteTeamUnit       unit,
                                               GError              **error);
gboolean   respite_team_store_get_k           (RespiteTeamStore     *self,
                                               guint                *k,
                                               GError              **error);
gboolean   respite_team_store_check           (RespiteTeamStore     *self,
                                               GError              **error);
gboolean   respite_team_store_record_release  (RespiteTeamStore     *self,
                                               const char           *from_day,
                                               const char           *to_day,
                                               guint                 k,
                                               double                epsilon,
                                               double                budget,
                                               double               *spent,
                                               GError              **error);
gboolean   respite_team_store_get_epsilon_spent (RespiteTeamStore   *self,
                                                 const char         *from_day,
                                                 const char         *to_day,
                                                 double             *spent,
                                                 GError            **error);

gboolean   respite_team_store_seal            (RespiteTeamStore        *self,
                                               RespiteTeamStoreSealing *sealing,
                                               GError                 **error);

/* For implementations. */
void       respite_team_store_hash_secret     (const char           *secret,
                                               guint8                digest[32]);
gboolean   respite_team_store_check_version   (int                   version,
                                               GError              **error);
void       respite_team_store_format_week_end (const char           *day,
                                               guint                 days,
                                               char                  text[16]);

G_END_DECLS
