/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "respite-check-ins.h"

#define SEC ((gint64) G_USEC_PER_SEC)
#define MINUTES (60 * SEC)
#define DAY ((gint64) 86400)

/* Thursday 2026-11-19 09:00:00 UTC: the tests run with TZ=UTC. */
#define T0 ((gint64) 1795078800)

typedef struct
{
  char            *dir;        /* (owned) */
  char            *path;       /* (owned) */
  RespiteClock    *clock;      /* (owned) */
  RespitePolicy   *policy;     /* (owned) */
  RespiteStore    *store;      /* (owned) */
  RespiteTracker  *tracker;    /* (owned) */
  RespiteCheckIns *check_ins;  /* (owned) */
  GArray          *prompts;    /* (owned) (element-type RespiteDeadline) */
} Fixture;

static void
prompt_cb (RespiteCheckIns *check_ins,
           int              deadline,
           Fixture         *fixture)
{
  RespiteDeadline value = deadline;

  g_array_append_val (fixture->prompts, value);
}

/* @data: the organisation policy as a keyfile; by default everything
 * scheduled is off, so each test turns on what it tests. */
static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conf = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  const char *keyfile = data;

  fixture->dir = g_dir_make_tmp ("respite-test-check-ins-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "respite.db", NULL);
  fixture->clock = respite_clock_new_fake (T0 * SEC);
  fixture->prompts = g_array_new (FALSE, FALSE, sizeof (RespiteDeadline));

  conf = g_build_filename (fixture->dir, "organisation.conf", NULL);
  g_assert_true (g_file_set_contents (conf, keyfile, -1, NULL));
  fixture->policy = respite_policy_load (conf, NULL, &problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_remove (conf);

  fixture->store = respite_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->tracker = respite_tracker_new (fixture->store, fixture->clock, &error);
  g_assert_no_error (error);
  fixture->check_ins = respite_check_ins_new (fixture->tracker, fixture->store, fixture->clock,
                                              fixture->policy);
  g_signal_connect (fixture->check_ins, "prompt", G_CALLBACK (prompt_cb), fixture);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_clear_object (&fixture->check_ins);
  g_clear_object (&fixture->tracker);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->policy);
  g_clear_object (&fixture->clock);
  g_clear_pointer (&fixture->prompts, g_array_unref);

  for (const char *suffix = ""; suffix != NULL; suffix = (*suffix == '\0') ? "-wal" :
       g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffix, NULL);
      g_remove (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* A policy with only what a test needs turned on. */
#define POLICY(pulse, who5, counselling) \
  "[CheckIns]\npulse-intensity=" #pulse "\nwho5-days=" #who5 "\nphq4-days=0\n" \
  "[Counselling]\nreminder-days=" #counselling "\n"

static gint64
now (Fixture *fixture)
{
  return respite_clock_get_real_time (fixture->clock) / SEC;
}

static void
assert_prompts (Fixture         *fixture,
                guint            n,
                RespiteDeadline  last)
{
  g_assert_cmpuint (fixture->prompts->len, ==, n);
  if (n > 0)
    g_assert_cmpint (g_array_index (fixture->prompts, RespiteDeadline, n - 1), ==, last);
}

static void
run_block (Fixture *fixture,
           int      intensity,
           gint64   minutes)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (respite_tracker_set_intensity (fixture->tracker, intensity, &error));
  g_assert_no_error (error);
  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  g_assert_no_error (error);
  respite_clock_advance (fixture->clock, minutes * MINUTES);
  g_assert_true (respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, &error));
  g_assert_no_error (error);
}

static void
respond (Fixture         *fixture,
         RespiteResponse  response)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (respite_check_ins_respond (fixture->check_ins, response, &error));
  g_assert_no_error (error);
}

static void
add_check_in (Fixture    *fixture,
              const char *instrument,
              gint64      at)
{
  g_autoptr(GError) error = NULL;
  RespiteCheckIn check_in = { 0 };

  check_in.instrument_id = (char *) instrument;
  check_in.instrument_version = 1;
  check_in.started_at = at - 60;
  check_in.finished_at = at;
  check_in.answers = g_array_new (FALSE, FALSE, sizeof (int));
  for (int i = 0; i < 5; i++)
    g_array_append_val (check_in.answers, i);
  check_in.raw_score = 10;
  check_in.scaled_score = 40;
  check_in.band_id = (char *) "low";
  g_assert_cmpint (respite_store_add_check_in (fixture->store, &check_in, &error), >, 0);
  g_assert_no_error (error);
  g_array_unref (check_in.answers);
}

static void
test_pulse_after_intense_block (Fixture       *fixture,
                                gconstpointer  data)
{
  gint64 id = 0;

  /* A medium block offers nothing. */
  run_block (fixture, 2, 20);
  assert_prompts (fixture, 0, RESPITE_DEADLINE_NONE);

  /* A high-intensity one offers the pulse as it ends. */
  run_block (fixture, 3, 20);
  assert_prompts (fixture, 1, RESPITE_DEADLINE_CHECK_IN_PULSE);
  g_assert_cmpint (respite_check_ins_get_pending (fixture->check_ins, &id), ==,
                   RESPITE_DEADLINE_CHECK_IN_PULSE);
  g_assert_cmpint (id, >, 0);
  respond (fixture, RESPITE_RESPONSE_TAKEN);
  g_assert_cmpint (respite_check_ins_get_pending (fixture->check_ins, NULL), ==,
                   RESPITE_DEADLINE_NONE);

  /* Not again within the hour, however many intense blocks end … */
  run_block (fixture, 3, 20);
  run_block (fixture, 3, 0);
  assert_prompts (fixture, 1, RESPITE_DEADLINE_CHECK_IN_PULSE);
  /* … but after it: the pulse was offered 20 minutes ago, 39 more, then a
   * block of one minute ends exactly an hour after it. */
  respite_clock_advance (fixture->clock, 39 * MINUTES);
  run_block (fixture, 3, 1);
  assert_prompts (fixture, 2, RESPITE_DEADLINE_CHECK_IN_PULSE);
}

static void
test_pulse_not_after_absence (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (respite_tracker_set_intensity (fixture->tracker, 3, &error));
  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  respite_clock_advance (fixture->clock, 20 * MINUTES);
  /* Nobody is there to ask. */
  g_assert_true (respite_tracker_pause (fixture->tracker, RESPITE_END_LOCKED, 0, &error));
  g_assert_no_error (error);
  assert_prompts (fixture, 0, RESPITE_DEADLINE_NONE);
}

static void
test_pulse_off (Fixture       *fixture,
                gconstpointer  data)
{
  for (int intensity = 1; intensity <= 3; intensity++)
    run_block (fixture, intensity, 70);
  assert_prompts (fixture, 0, RESPITE_DEADLINE_NONE);
}

static void
test_who5_schedule (Fixture       *fixture,
                    gconstpointer  data)
{
  /* Never done: offered at the first calm moment. */
  respite_check_ins_review (fixture->check_ins);
  assert_prompts (fixture, 1, RESPITE_DEADLINE_CHECK_IN_WHO5);
  /* One at a time: a second review while it waits offers nothing more. */
  respite_check_ins_review (fixture->check_ins);
  assert_prompts (fixture, 1, RESPITE_DEADLINE_CHECK_IN_WHO5);
  respond (fixture, RESPITE_RESPONSE_TAKEN);
  add_check_in (fixture, "who5", now (fixture));

  /* Done: not again until 14 days have passed. */
  respite_clock_advance (fixture->clock, (14 * DAY - 1) * SEC);
  respite_check_ins_review (fixture->check_ins);
  assert_prompts (fixture, 1, RESPITE_DEADLINE_CHECK_IN_WHO5);
  respite_clock_advance (fixture->clock, 1 * SEC);
  respite_check_ins_review (fixture->check_ins);
  assert_prompts (fixture, 2, RESPITE_DEADLINE_CHECK_IN_WHO5);

  /* Skipped: also left alone for the interval. */
  respond (fixture, RESPITE_RESPONSE_SKIPPED);
  respite_clock_advance (fixture->clock, 13 * DAY * SEC);
  respite_check_ins_review (fixture->check_ins);
  assert_prompts (fixture, 2, RESPITE_DEADLINE_CHECK_IN_WHO5);
  respite_clock_advance (fixture->clock, 1 * DAY * SEC);
  respite_check_ins_review (fixture->check_ins);
  assert_prompts (fixture, 3, RESPITE_DEADLINE_CHECK_IN_WHO5);
}

static void
test_never_during_a_block (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  respite_check_ins_review (fixture->check_ins);
  assert_prompts (fixture, 0, RESPITE_DEADLINE_NONE);
  g_assert_true (respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, &error));
  respite_check_ins_review (fixture->check_ins);
  assert_prompts (fixture, 1, RESPITE_DEADLINE_CHECK_IN_WHO5);
}

static void
test_offered_when_a_block_stops (Fixture       *fixture,
                                 gconstpointer  data)
{
  /* The end of an intense block: the pulse first, the WHO-5 the next time. */
  run_block (fixture, 3, 10);
  assert_prompts (fixture, 1, RESPITE_DEADLINE_CHECK_IN_PULSE);
  respond (fixture, RESPITE_RESPONSE_SKIPPED);
  run_block (fixture, 3, 10);
  assert_prompts (fixture, 2, RESPITE_DEADLINE_CHECK_IN_WHO5);
}

static void
test_snooze (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  respite_check_ins_review (fixture->check_ins);
  assert_prompts (fixture, 1, RESPITE_DEADLINE_CHECK_IN_WHO5);
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 0);

  respond (fixture, RESPITE_RESPONSE_SNOOZED);
  /* One timer for the snooze, and nothing else runs while it does. */
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 1);
  respite_check_ins_review (fixture->check_ins);
  assert_prompts (fixture, 1, RESPITE_DEADLINE_CHECK_IN_WHO5);

  /* An hour later, asked again. */
  respite_clock_advance (fixture->clock, RESPITE_CHECK_IN_SNOOZE_SECONDS * SEC);
  assert_prompts (fixture, 2, RESPITE_DEADLINE_CHECK_IN_WHO5);
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 0);

  /* If a block runs when the snooze ends, asked when it stops. */
  respond (fixture, RESPITE_RESPONSE_SNOOZED);
  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  respite_clock_advance (fixture->clock, (RESPITE_CHECK_IN_SNOOZE_SECONDS + 60) * SEC);
  assert_prompts (fixture, 2, RESPITE_DEADLINE_CHECK_IN_WHO5);
  g_assert_true (respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, &error));
  assert_prompts (fixture, 3, RESPITE_DEADLINE_CHECK_IN_WHO5);
}

static void
test_respond_nothing_pending (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (respite_check_ins_respond (fixture->check_ins, RESPITE_RESPONSE_TAKEN, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_counselling (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Nothing noted yet: a first, gentle reminder. */
  respite_check_ins_review (fixture->check_ins);
  assert_prompts (fixture, 1, RESPITE_DEADLINE_COUNSELLING);
  respond (fixture, RESPITE_RESPONSE_TAKEN);

  /* A session noted a week later: the next reminder comes 30 days after it. */
  respite_clock_advance (fixture->clock, 7 * DAY * SEC);
  g_assert_cmpint (respite_store_add_counselling_session (fixture->store, now (fixture), &error),
                   >, 0);
  respite_clock_advance (fixture->clock, (30 * DAY - 1) * SEC);
  respite_check_ins_review (fixture->check_ins);
  assert_prompts (fixture, 1, RESPITE_DEADLINE_COUNSELLING);
  respite_clock_advance (fixture->clock, 1 * SEC);
  respite_check_ins_review (fixture->check_ins);
  assert_prompts (fixture, 2, RESPITE_DEADLINE_COUNSELLING);
}

static void
test_recorded (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint count = 0;

  respite_check_ins_review (fixture->check_ins);
  respond (fixture, RESPITE_RESPONSE_SKIPPED);

  g_assert_true (respite_store_count_prompts (fixture->store, RESPITE_DEADLINE_CHECK_IN_WHO5,
                                              0, G_MAXINT64, &count, &error));
  g_assert_cmpuint (count, ==, 1);
}

static RespiteInstrument *
load_instrument (const char *id)
{
  g_autofree char *dir = respite_instrument_get_default_dir ();
  g_autofree char *file = g_strconcat (id, ".json", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GError) error = NULL;
  RespiteInstrument *instrument = respite_instrument_load_file (path, &error);

  g_assert_no_error (error);
  return instrument;
}

/* "That was hard": a pulse, now, in the band "Having a hard time", with
 * nothing else; refused as any other instrument. */
static void
test_hard_moment (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RespiteInstrument) pulse = load_instrument ("pulse");
  g_autoptr(RespiteInstrument) who5 = load_instrument ("who5");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) check_ins = NULL;
  RespiteCheckIn *check_in;
  gint64 id;

  g_assert_true (respite_tracker_start (fixture->tracker, &error));
  g_assert_no_error (error);
  respite_clock_advance (fixture->clock, 5 * MINUTES);

  id = respite_check_ins_record_hard_moment (fixture->check_ins, pulse, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (respite_check_ins_record_hard_moment (fixture->check_ins, who5, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  check_ins = respite_store_list_check_ins (fixture->store, 0, G_MAXINT64, NULL);
  g_assert_cmpuint (check_ins->len, ==, 1);
  check_in = &g_array_index (check_ins, RespiteCheckIn, 0);
  g_assert_cmpstr (check_in->instrument_id, ==, "pulse");
  g_assert_cmpint (check_in->finished_at, ==, now (fixture));
  g_assert_cmpint (check_in->started_at, ==, now (fixture));
  g_assert_cmpuint (check_in->answers->len, ==, 1);
  g_assert_cmpint (g_array_index (check_in->answers, int, 0), ==, 1);
  g_assert_cmpstr (check_in->band_id, ==, "struggling");
  g_assert_true (check_in->suggests_support);
  g_assert_cmpint (check_in->prompt_id, ==, 0);

  /* The block runs on: the break is offered, not imposed. */
  g_assert_cmpint (respite_tracker_get_state (fixture->tracker), ==, RESPITE_TRACKER_EXPOSED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, policy, func) g_test_add (path, Fixture, policy, set_up, func, tear_down)
  ADD ("/check-ins/pulse/after-intense-block", POLICY (3, 0, 0),
       test_pulse_after_intense_block);
  ADD ("/check-ins/pulse/not-after-absence", POLICY (1, 0, 0),
       test_pulse_not_after_absence);
  ADD ("/check-ins/pulse/off", POLICY (0, 0, 0), test_pulse_off);
  ADD ("/check-ins/who5/schedule", POLICY (0, 14, 0), test_who5_schedule);
  ADD ("/check-ins/who5/never-during-a-block", POLICY (0, 14, 0),
       test_never_during_a_block);
  ADD ("/check-ins/who5/offered-when-a-block-stops", POLICY (3, 14, 0),
       test_offered_when_a_block_stops);
  ADD ("/check-ins/who5/snooze", POLICY (0, 14, 0), test_snooze);
  ADD ("/check-ins/who5/recorded", POLICY (0, 14, 0), test_recorded);
  ADD ("/check-ins/respond/nothing-pending", POLICY (0, 0, 0), test_respond_nothing_pending);
  ADD ("/check-ins/counselling", POLICY (0, 0, 30), test_counselling);
  ADD ("/check-ins/hard-moment", POLICY (0, 0, 0), test_hard_moment);
#undef ADD

  return g_test_run ();
}
