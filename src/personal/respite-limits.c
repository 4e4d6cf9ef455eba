/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteLimits: the exposure that the limits besides the daily cap
 * compare (issue #19) — today's by kind and intensity, for the weighed
 * daily cap and the caps of video and live; this ISO week's; the days in a
 * row with exposure — and which of their prompts were given already.
 *
 * The ended blocks are read from the store once, and again only when the
 * tracker changes (a block starts, ends or switches) or the day does; the
 * running block is added from the tracker. So the Now view can ask every
 * second while a block runs without touching the disk.
 *
 * Days are the local days of the wall clock, as everywhere in Respite
 * (respite-day.c): after the clock jumps, the totals are those of the day
 * it now shows. A block across midnight counts in each day for its part.
 */

#define G_LOG_DOMAIN "respite-limits"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "respite-day.h"
#include "respite-limits.h"

struct _RespiteLimits
{
  GObject                parent_instance;

  RespiteTracker        *tracker;  /* (owned) */
  RespiteStore          *store;    /* (owned) */
  RespiteClock          *clock;    /* (owned) */

  /* The ended blocks, until the tracker or the day changes. */
  gboolean               valid;
  gint64                 day_start;
  gint64                 day_end;
  gint64                 week_start;
  gint64                 week_end;
  RespiteExposureTotals  closed;
  gint64                 running_started_at;  /* 0: none found */

  /* What was said: read back from the store for each new day and week. */
  gint64                 said_day_start;
  gint64                 said_week_start;
  gboolean               kind_cap_reached[RESPITE_N_KINDS];
  gboolean               weekly_cap_reached;
  gboolean               days_reached;
};

G_DEFINE_FINAL_TYPE (RespiteLimits, respite_limits, G_TYPE_OBJECT)

guint
respite_exposure_totals_get_days_in_a_row (const RespiteExposureTotals *totals)
{
  g_return_val_if_fail (totals != NULL, 0);

  return totals->today_any ? totals->days_before_today + 1 : 0;
}

static gint64
overlap (gint64 start,
         gint64 end,
         gint64 from,
         gint64 to)
{
  return MAX (0, MIN (end, to) - MAX (start, from));
}

static gint64
now_unix (RespiteLimits *self)
{
  return respite_clock_get_real_time (self->clock) / G_USEC_PER_SEC;
}

static gboolean
is_exposed (RespiteLimits *self)
{
  return respite_tracker_get_state (self->tracker) == RESPITE_TRACKER_EXPOSED;
}

/* The local midnight @days after (or before) @date. */
static gint64
midnight_after (GTimeZone   *tz,
                const GDate *date,
                int          days)
{
  GDate other = *date;

  if (days > 0)
    g_date_add_days (&other, days);
  else if (days < 0)
    g_date_subtract_days (&other, -days);

  return respite_day_midnight (tz, &other);
}

static void
add_block (RespiteExposureTotals *totals,
           RespiteLimits         *self,
           RespiteKind            kind,
           int                    intensity,
           gint64                 start,
           gint64                 end)
{
  gint64 today = overlap (start, end, self->day_start, self->day_end);

  if (intensity >= RESPITE_INTENSITY_MIN && intensity <= RESPITE_INTENSITY_MAX &&
      kind < RESPITE_N_KINDS)
    totals->today[kind][intensity - 1] += today;
  totals->today_any |= today > 0;
  totals->week += overlap (start, end, self->week_start, self->week_end);
}

static void
refresh (RespiteLimits *self)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) blocks = NULL;
  g_autofree char *day = NULL;
  gint64 now = now_unix (self);
  gint64 look_back;
  GDate date;

  if (self->valid && now >= self->day_start && now < self->day_end)
    return;

  day = respite_day_at (tz, now);
  if (!respite_day_parse (day, &date))
    g_assert_not_reached ();

  self->day_start = respite_day_midnight (tz, &date);
  self->day_end = midnight_after (tz, &date, 1);
  self->week_start = midnight_after (tz, &date, 1 - (int) g_date_get_weekday (&date));
  self->week_end = midnight_after (tz, &date, 8 - (int) g_date_get_weekday (&date));
  look_back = MIN (self->week_start,
                   midnight_after (tz, &date, -RESPITE_LIMITS_LOOK_BACK_DAYS));

  memset (&self->closed, 0, sizeof self->closed);
  self->running_started_at = 0;

  /* No upper bound: after the clock was put back, the latest blocks start
   * "later" than now. */
  blocks = respite_store_list_blocks (self->store, look_back, G_MAXINT64, &error);
  if (blocks == NULL)
    {
      /* The limits then count the running block alone, and the next
       * change tries again. */
      g_warning ("%s", error->message);
      return;
    }

  for (guint i = 0; i < blocks->len; i++)
    {
      RespiteBlock *block = &g_array_index (blocks, RespiteBlock, i);

      /* The running block is the tracker's to measure. */
      if (block->ended_at == 0 && is_exposed (self) && i == blocks->len - 1)
        {
          self->running_started_at = block->started_at;
          blocks->len--;
          break;
        }

      add_block (&self->closed, self, block->kind, block->intensity, block->started_at,
                 block->ended_at != 0 ? block->ended_at : block->heartbeat_at);
    }

  /* Back from yesterday, as long as each day has some exposure. */
  for (int back = 1; back <= RESPITE_LIMITS_LOOK_BACK_DAYS; back++)
    {
      gint64 from = midnight_after (tz, &date, -back);
      gint64 to = midnight_after (tz, &date, 1 - back);
      /* A block running since then counts for those days too. */
      gboolean any = self->running_started_at != 0 && self->running_started_at < to;

      for (guint i = 0; i < blocks->len && !any; i++)
        {
          RespiteBlock *block = &g_array_index (blocks, RespiteBlock, i);
          gint64 end = block->ended_at != 0 ? block->ended_at : block->heartbeat_at;

          any = overlap (block->started_at, end, from, to) > 0;
        }

      if (!any)
        break;
      self->closed.days_before_today++;
    }

  self->valid = TRUE;
}

static gboolean
prompted (RespiteLimits   *self,
          RespiteDeadline  deadline,
          gint64           from,
          gint64           to)
{
  g_autoptr(GError) error = NULL;
  guint count = 0;

  if (deadline == RESPITE_DEADLINE_NONE)
    return FALSE;

  if (!respite_store_count_prompts (self->store, deadline, from, to, &count, &error))
    g_warning ("%s", error->message);

  return count > 0;
}

/* What was said today and this week is read back, so a restart does not
 * say it again. */
static void
refresh_said (RespiteLimits *self)
{
  refresh (self);

  if (self->said_day_start != self->day_start)
    {
      self->said_day_start = self->day_start;
      for (guint k = 0; k < RESPITE_N_KINDS; k++)
        self->kind_cap_reached[k] = prompted (self, respite_deadline_for_kind_cap (k),
                                              self->day_start, self->day_end);
      self->days_reached = prompted (self, RESPITE_DEADLINE_DAYS_IN_A_ROW, self->day_start,
                                     self->day_end);
    }

  if (self->said_week_start != self->week_start)
    {
      self->said_week_start = self->week_start;
      self->weekly_cap_reached = prompted (self, RESPITE_DEADLINE_WEEKLY_CAP_REACHED,
                                           self->week_start, self->week_end);
    }
}

/**
 * respite_limits_get_totals:
 *
 * Today's, this week's and the days in a row's exposure so far, the
 * running block included.
 */
void
respite_limits_get_totals (RespiteLimits         *self,
                           RespiteExposureTotals *totals)
{
  g_return_if_fail (RESPITE_IS_LIMITS (self));
  g_return_if_fail (totals != NULL);

  refresh (self);
  *totals = self->closed;

  if (is_exposed (self))
    {
      gint64 seconds = respite_tracker_get_block_seconds (self->tracker);
      gint64 start = self->running_started_at != 0 ? self->running_started_at
                                                   : now_unix (self) - seconds;

      add_block (totals, self, respite_tracker_get_kind (self->tracker),
                 respite_tracker_get_intensity (self->tracker), start, start + seconds);
      /* Exposure has started today, if only a second ago. */
      totals->today_any = TRUE;
    }
}

/**
 * respite_limits_fill_state:
 *
 * Fills in what @state says of the limits besides the daily cap, and
 * today_seconds as the daily cap of @policy counts it: weighed.
 */
void
respite_limits_fill_state (RespiteLimits     *self,
                           RespitePolicy     *policy,
                           RespiteShiftState *state)
{
  RespiteExposureTotals totals;
  gint64 by_intensity[RESPITE_INTENSITY_MAX] = { 0 };

  g_return_if_fail (RESPITE_IS_LIMITS (self));
  g_return_if_fail (RESPITE_IS_POLICY (policy));
  g_return_if_fail (state != NULL);

  respite_limits_get_totals (self, &totals);
  refresh_said (self);

  for (guint k = 0; k < RESPITE_N_KINDS; k++)
    {
      state->kind_seconds[k] = 0;
      for (guint i = 0; i < RESPITE_INTENSITY_MAX; i++)
        {
          state->kind_seconds[k] += totals.today[k][i];
          by_intensity[i] += totals.today[k][i];
        }
      state->kind_cap_reached[k] = self->kind_cap_reached[k];
    }

  state->today_seconds = respite_policy_weigh (policy, by_intensity);
  state->kind = respite_tracker_get_kind (self->tracker);
  state->intensity = respite_tracker_get_intensity (self->tracker);
  state->week_seconds = totals.week;
  state->days_in_a_row = respite_exposure_totals_get_days_in_a_row (&totals);
  state->weekly_cap_reached = self->weekly_cap_reached;
  state->days_reached = self->days_reached;
}

/* Remembers that @deadline was given, if it is one of the limits here. */
void
respite_limits_note_prompt (RespiteLimits   *self,
                            RespiteDeadline  deadline)
{
  g_return_if_fail (RESPITE_IS_LIMITS (self));

  refresh_said (self);

  for (guint k = 0; k < RESPITE_N_KINDS; k++)
    {
      if (deadline == respite_deadline_for_kind_cap (k))
        self->kind_cap_reached[k] = TRUE;
    }
  if (deadline == RESPITE_DEADLINE_WEEKLY_CAP_REACHED)
    self->weekly_cap_reached = TRUE;
  if (deadline == RESPITE_DEADLINE_DAYS_IN_A_ROW)
    self->days_reached = TRUE;
}

/**
 * respite_limits_reload:
 *
 * Forgets what was read from the store, after something besides the
 * tracker changed it: the reviewer erased their data.
 */
void
respite_limits_reload (RespiteLimits *self)
{
  g_return_if_fail (RESPITE_IS_LIMITS (self));

  self->valid = FALSE;
  self->said_day_start = 0;
  self->said_week_start = 0;
}

/* Adds to @lines what is left of @cap once @used is spent, as @left_format
 * says it (a literal, so that its format is checked), or @reached. */
#define ADD_LEFT(lines, cap, used, left_format, reached) \
  G_STMT_START { \
    if ((used) >= (cap)) \
      { \
        g_ptr_array_add ((lines), g_strdup (reached)); \
      } \
    else \
      { \
        g_autofree char *left = respite_format_duration ((cap) - (used)); \
        g_ptr_array_add ((lines), g_strdup_printf (left_format, left)); \
      } \
  } G_STMT_END

/**
 * respite_limits_describe:
 *
 * Returns: (transfer full) (nullable): what is left of each limit @policy
 *   sets besides the plain daily cap, one line each, for the Now view; NULL
 *   when it sets none of them
 */
char *
respite_limits_describe (RespiteLimits *self,
                         RespitePolicy *policy)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  RespiteShiftState state = { 0 };
  gboolean weighed = FALSE;
  gint64 cap;
  guint days_limit;

  g_return_val_if_fail (RESPITE_IS_LIMITS (self), NULL);
  g_return_val_if_fail (RESPITE_IS_POLICY (policy), NULL);

  if (!respite_policy_has_more_limits (policy))
    return NULL;

  state.exposed = is_exposed (self);
  respite_limits_fill_state (self, policy, &state);

  for (int i = RESPITE_INTENSITY_MIN; i <= RESPITE_INTENSITY_MAX; i++)
    weighed |= respite_policy_get_intensity_weight (policy, i) != 1.0;

  cap = respite_policy_get_daily_cap (policy);
  if (weighed)
    /* Translators: %s is a duration, e.g. "1 h 05 min" */
    ADD_LEFT (lines, cap, state.today_seconds, _("Daily cap, weighed by intensity: %s left"),
              _("Daily cap reached"));
  else
    /* Translators: %s is a duration, e.g. "1 h 05 min" */
    ADD_LEFT (lines, cap, state.today_seconds, _("Daily cap: %s left"), _("Daily cap reached"));

  cap = respite_policy_get_kind_cap (policy, RESPITE_KIND_VIDEO);
  if (cap > 0)
    /* Translators: %s is a duration, e.g. "1 h 05 min" */
    ADD_LEFT (lines, cap, state.kind_seconds[RESPITE_KIND_VIDEO], _("Video today: %s left"),
              _("Video cap reached today"));

  cap = respite_policy_get_kind_cap (policy, RESPITE_KIND_LIVE);
  if (cap > 0)
    /* Translators: %s is a duration, e.g. "1 h 05 min" */
    ADD_LEFT (lines, cap, state.kind_seconds[RESPITE_KIND_LIVE], _("Live today: %s left"),
              _("Live cap reached today"));

  cap = respite_policy_get_weekly_cap (policy);
  if (cap > 0)
    /* Translators: %s is a duration, e.g. "1 h 05 min" */
    ADD_LEFT (lines, cap, state.week_seconds, _("This week: %s left"), _("Weekly cap reached"));

  days_limit = respite_policy_get_consecutive_days (policy);
  if (days_limit > 0)
    g_ptr_array_add (lines, g_strdup_printf (ngettext ("Days in a row with exposure: %u of at "
                                                       "most %u",
                                                       "Days in a row with exposure: %u of at "
                                                       "most %u",
                                                       days_limit),
                                             state.days_in_a_row, days_limit));

  g_ptr_array_add (lines, NULL);

  return g_strjoinv ("\n", (char **) lines->pdata);
}

static void
tracker_notify_cb (RespiteLimits *self)
{
  self->valid = FALSE;
}

static void
respite_limits_dispose (GObject *object)
{
  RespiteLimits *self = RESPITE_LIMITS (object);

  if (self->tracker != NULL)
    g_signal_handlers_disconnect_by_data (self->tracker, self);

  g_clear_object (&self->tracker);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (respite_limits_parent_class)->dispose (object);
}

static void
respite_limits_class_init (RespiteLimitsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = respite_limits_dispose;
}

static void
respite_limits_init (RespiteLimits *self)
{
}

/* The tracker's changes must reach the limits before anyone else asks
 * them: create the limits before connecting to the tracker's notify. */
RespiteLimits *
respite_limits_new (RespiteTracker *tracker,
                    RespiteStore   *store,
                    RespiteClock   *clock)
{
  RespiteLimits *self;

  g_return_val_if_fail (RESPITE_IS_TRACKER (tracker), NULL);
  g_return_val_if_fail (RESPITE_IS_STORE (store), NULL);
  g_return_val_if_fail (RESPITE_IS_CLOCK (clock), NULL);

  self = g_object_new (RESPITE_TYPE_LIMITS, NULL);
  self->tracker = g_object_ref (tracker);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);

  g_signal_connect_swapped (tracker, "notify", G_CALLBACK (tracker_notify_cb), self);

  return self;
}
