/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteSummary: what leaves the reviewer's machine, one RespiteDayRow per
 * local day, built from the personal store. It is the only place that
 * decides what a team store learns, so it says everything here: exposure by
 * intensity, the longest continuous stretch, break prompts and what became
 * of them, whether the cap was passed, check-ins done, the WHO-5 scores'
 * sum and count, the policy version. No times of day, no kinds of
 * material, no answers.
 */

#define G_LOG_DOMAIN "respite-summary"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "respite-day.h"
#include "respite-summary.h"

/* Whether the row says nothing at all: a day off is not published, so that
 * it does not count as a member-day of no exposure. */
gboolean
respite_summary_row_is_empty (const RespiteDayRow *row)
{
  g_return_val_if_fail (row != NULL, TRUE);

  return row->exposure_seconds[0] == 0 && row->exposure_seconds[1] == 0 &&
         row->exposure_seconds[2] == 0 && row->breaks_prompted == 0 &&
         row->breaks_taken == 0 && !row->cap_exceeded && row->checkins_done == 0;
}

static gint64
overlap (gint64 start,
         gint64 end,
         gint64 day_start,
         gint64 day_end)
{
  return MAX (0, MIN (end, day_end) - MAX (start, day_start));
}

/* Blocks that follow each other without a gap (a change of kind or
 * intensity ends one block and starts the next) are one continuous stretch
 * of exposure. Returns pairs of (start, end). */
static GArray *
continuous_runs (GArray *blocks)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);

  for (guint b = 0; b < blocks->len; b++)
    {
      RespiteBlock *block = &g_array_index (blocks, RespiteBlock, b);
      gint64 end = block->ended_at != 0 ? block->ended_at : block->heartbeat_at;
      gint64 *last = runs->len > 0 ? (gint64 *) (runs->data + (runs->len - 1) * sizeof (gint64) * 2)
                                   : NULL;

      if (last != NULL && block->started_at <= last[1])
        {
          last[1] = MAX (last[1], end);
        }
      else
        {
          gint64 run[2] = { block->started_at, end };

          g_array_append_val (runs, run);
        }
    }

  return runs;
}

static void
fill_row (RespiteDayRow *row,
          gint64         start,
          gint64         end,
          RespitePolicy *policy,
          GArray        *blocks,
          GArray        *runs,
          GArray        *prompts,
          GArray        *breaks,
          GArray        *check_ins)
{
  gint64 cap = respite_policy_get_daily_cap (policy);
  gint64 total;

  for (guint i = 0; i < blocks->len; i++)
    {
      RespiteBlock *block = &g_array_index (blocks, RespiteBlock, i);
      gint64 block_end = block->ended_at != 0 ? block->ended_at : block->heartbeat_at;

      row->exposure_seconds[block->intensity - 1] += overlap (block->started_at, block_end,
                                                              start, end);
    }

  /* A stretch across midnight counts in each day for its part in it. */
  for (guint i = 0; i < runs->len; i++)
    {
      gint64 *run = (gint64 *) (runs->data + i * sizeof (gint64) * 2);

      row->longest_block_seconds = MAX (row->longest_block_seconds,
                                        overlap (run[0], run[1], start, end));
    }

  for (guint i = 0; i < prompts->len; i++)
    {
      RespitePromptRecord *prompt = &g_array_index (prompts, RespitePromptRecord, i);

      if (prompt->prompted_at < start || prompt->prompted_at >= end)
        continue;

      /* Any limit: the daily cap, a kind's, the week's, days in a row. */
      if (respite_deadline_is_limit_reached (prompt->kind))
        row->cap_exceeded = TRUE;

      if (prompt->kind != RESPITE_DEADLINE_BREAK_DUE)
        continue;

      row->breaks_prompted++;
      if (prompt->answered && prompt->response == RESPITE_RESPONSE_SNOOZED)
        row->breaks_snoozed++;
      else if (prompt->answered && prompt->response == RESPITE_RESPONSE_SKIPPED)
        row->breaks_skipped++;
    }

  /* Taken counts every break, prompted or not, as the History view does. */
  for (guint i = 0; i < breaks->len; i++)
    {
      RespiteBreakRecord *record = &g_array_index (breaks, RespiteBreakRecord, i);

      if (record->kind == RESPITE_BREAK_BREAK &&
          record->started_at >= start && record->started_at < end)
        row->breaks_taken++;
    }

  for (guint i = 0; i < check_ins->len; i++)
    {
      RespiteCheckIn *check_in = &g_array_index (check_ins, RespiteCheckIn, i);

      if (check_in->finished_at < start || check_in->finished_at >= end)
        continue;

      row->checkins_done++;
      if (g_strcmp0 (check_in->instrument_id, RESPITE_SUMMARY_WELLBEING_INSTRUMENT) == 0 &&
          !isnan (check_in->scaled_score))
        {
          /* Rounded half up; scores are never negative. */
          row->wellbeing_sum += (guint) (CLAMP (check_in->scaled_score, 0.0, 100.0) + 0.5);
          row->wellbeing_count++;
        }
    }

  total = row->exposure_seconds[0] + row->exposure_seconds[1] + row->exposure_seconds[2];
  if (cap > 0 && total > cap)
    row->cap_exceeded = TRUE;
}

/**
 * respite_summary_build:
 * @team: the team the rows are for
 * @member: the install's member token
 * @first_day: YYYY-MM-DD, the first local day
 * @last_day: YYYY-MM-DD, the last one, included
 *
 * A pure function of its arguments and the store's contents: the same
 * store gives the same rows, which is what makes publishing idempotent.
 * Days are cut at @tz's midnights, so a day lasts 23, 24 or 25 hours. A
 * block running now counts up to its last heartbeat.
 *
 * Returns: (transfer full) (element-type RespiteDayRow): one row per day,
 *   empty ones included (see respite_summary_row_is_empty()); the array
 *   clears its rows
 */
GArray *
respite_summary_build (RespiteStore   *store,
                       RespitePolicy  *policy,
                       GTimeZone      *tz,
                       const char     *team,
                       const char     *member,
                       const char     *first_day,
                       const char     *last_day,
                       GError        **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (RespiteDayRow));
  g_autoptr(GArray) blocks = NULL;
  g_autoptr(GArray) runs = NULL;
  g_autoptr(GArray) prompts = NULL;
  g_autoptr(GArray) breaks = NULL;
  g_autoptr(GArray) check_ins = NULL;
  GDate first, last, date;
  gint64 from, to;

  g_return_val_if_fail (RESPITE_IS_STORE (store), NULL);
  g_return_val_if_fail (RESPITE_IS_POLICY (policy), NULL);
  g_return_val_if_fail (tz != NULL, NULL);
  g_return_val_if_fail (team != NULL && member != NULL, NULL);
  g_return_val_if_fail (respite_day_parse (first_day, &first), NULL);
  g_return_val_if_fail (respite_day_parse (last_day, &last), NULL);
  g_return_val_if_fail (g_date_compare (&first, &last) <= 0, NULL);

  g_array_set_clear_func (rows, (GDestroyNotify) respite_day_row_clear);

  from = respite_day_midnight (tz, &first);
  date = last;
  g_date_add_days (&date, 1);
  to = respite_day_midnight (tz, &date);

  blocks = respite_store_list_blocks (store, from, to, error);
  if (blocks == NULL)
    return NULL;
  prompts = respite_store_list_prompts (store, from, to, error);
  if (prompts == NULL)
    return NULL;
  breaks = respite_store_list_breaks (store, from, to, error);
  if (breaks == NULL)
    return NULL;
  check_ins = respite_store_list_check_ins (store, from, to, error);
  if (check_ins == NULL)
    return NULL;
  runs = continuous_runs (blocks);

  for (date = first; g_date_compare (&date, &last) <= 0; g_date_add_days (&date, 1))
    {
      GDate next = date;
      char day[16];
      RespiteDayRow row = { 0 };

      g_date_add_days (&next, 1);
      g_date_strftime (day, sizeof day, "%Y-%m-%d", &date);
      row.team = g_strdup (team);
      row.member = g_strdup (member);
      row.day = g_strdup (day);
      row.policy_version = g_strdup (respite_policy_get_version (policy));

      fill_row (&row, respite_day_midnight (tz, &date), respite_day_midnight (tz, &next),
                policy, blocks, runs, prompts, breaks, check_ins);
      g_array_append_val (rows, row);
    }

  return g_steal_pointer (&rows);
}
