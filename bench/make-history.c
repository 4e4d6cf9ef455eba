/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * make-history PATH [DAYS]: fills a personal store with DAYS (default three
 * years; 0 for an empty store) of made-up but plausible shifts ending
 * yesterday, through the store's own API so the rows are exactly what the
 * app writes. For the start-up benchmark with a long history
 * (bench/bench.py).
 *
 * A working day (Monday to Friday): four blocks of 35–55 minutes of mixed
 * kinds and intensities; a break prompt after the first and third, mostly
 * taken; a 10-minute break after each block but the last and a 15-minute
 * decompression at the end; a WHO-5 check-in on Mondays; a counselling
 * session on the first working day of each month. Seeded: every run makes
 * the same store.
 */

#define G_LOG_DOMAIN "make-history"

#include "config.h"

#include <stdlib.h>

#include "respite-clock.h"
#include "respite-store.h"

static gboolean
add_check_in (RespiteStore  *store,
              GRand         *rand,
              gint64         at,
              GError       **error)
{
  RespiteCheckIn check_in = { 0 };
  gboolean ok;

  check_in.instrument_id = g_strdup ("who-5");
  check_in.instrument_version = 1;
  check_in.started_at = at;
  check_in.finished_at = at + 90;
  check_in.answers = g_array_new (FALSE, FALSE, sizeof (int));
  for (int i = 0; i < 5; i++)
    {
      int answer = g_rand_int_range (rand, 1, 6);

      g_array_append_val (check_in.answers, answer);
      check_in.raw_score += answer;
    }
  check_in.scaled_score = check_in.raw_score * 4;
  check_in.suggests_support = check_in.raw_score < 13;

  ok = respite_store_add_check_in (store, &check_in, error) > 0;
  respite_check_in_clear (&check_in);

  return ok;
}

static gboolean
add_day (RespiteStore  *store,
         GRand         *rand,
         GDateTime     *day,
         GError       **error)
{
  g_autoptr(GDateTime) morning = g_date_time_add_hours (day, 9);
  gint64 t = g_date_time_to_unix (morning);
  gint64 id;

  if (g_date_time_get_day_of_week (day) == 1 && !add_check_in (store, rand, t - 300, error))
    return FALSE;

  for (int b = 0; b < 4; b++)
    {
      gint64 length = g_rand_int_range (rand, 35, 56) * 60;
      gint64 prompt_id = 0;

      id = respite_store_begin_block (store, t, g_rand_int_range (rand, 0, 5),
                                      g_rand_int_range (rand, 1, 4), error);
      if (id <= 0 ||
          !respite_store_heartbeat_block (store, id, t + length - 30, error) ||
          !respite_store_end_block (store, id, t + length,
                                    b == 3 ? RESPITE_END_SHIFT : RESPITE_END_BREAK, error))
        return FALSE;
      t += length;

      if (b == 0 || b == 2)
        {
          RespiteResponse response = g_rand_int_range (rand, 0, 10) < 8 ?
                                     RESPITE_RESPONSE_TAKEN : RESPITE_RESPONSE_SNOOZED;

          prompt_id = respite_store_add_prompt (store, RESPITE_DEADLINE_BREAK_DUE, t - 60, error);
          if (prompt_id <= 0 || !respite_store_answer_prompt (store, prompt_id, response, t, error))
            return FALSE;
        }

      id = respite_store_begin_break (store,
                                      b == 3 ? RESPITE_BREAK_DECOMPRESSION : RESPITE_BREAK_BREAK,
                                      t, b == 3 ? 900 : 600, prompt_id, error);
      if (id <= 0 || !respite_store_end_break (store, id, t + (b == 3 ? 900 : 600), error))
        return FALSE;
      t += b == 3 ? 900 : 600;
    }

  /* Called on working days only: the 1st, or the Monday after a weekend 1st. */
  if ((g_date_time_get_day_of_month (day) == 1 ||
       (g_date_time_get_day_of_week (day) == 1 && g_date_time_get_day_of_month (day) <= 3)) &&
      respite_store_add_counselling_session (store, t, error) <= 0)
    return FALSE;

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RespiteClock) clock = respite_clock_new ();
  g_autoptr(RespiteStore) store = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240901);
  int days = argc > 2 ? atoi (argv[2]) : 3 * 365;
  guint n_days = 0;

  if (argc < 2 || days < 0)
    {
      g_printerr ("Usage: make-history PATH [DAYS]\n");
      return 2;
    }

  store = respite_store_open (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("make-history: %s\n", error->message);
      return 1;
    }

  now = g_date_time_new_from_unix_local (respite_clock_get_real_time (clock) / G_USEC_PER_SEC);
  today = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                           g_date_time_get_day_of_month (now), 0, 0, 0);

  for (int d = days; d >= 1; d--)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (today, -d);

      if (g_date_time_get_day_of_week (day) > 5)
        continue;

      if (!add_day (store, rand, day, &error))
        {
          g_printerr ("make-history: %s\n", error->message);
          return 1;
        }
      n_days++;
    }

  g_print ("%u working days over %d days\n", n_days, days);

  return 0;
}
