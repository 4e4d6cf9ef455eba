/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Load (issue #10): 1,000 simulated reviewers publish their daily summaries
 * to one PostgreSQL (started by pg-env.sh, Unix socket) for 60 s, while a
 * saboteur terminates their server connections at random moments. At the
 * end every reviewer × day must be on the server exactly once, with the
 * values last recorded: 0 lost, 0 duplicated, 0 stale.
 *
 * Each reviewer is what an install is: its own personal RespiteStore (a
 * SQLite file), its own identity (made by the store on first use), a fake
 * RespiteClock and time zone, and a RespitePublisher with its queue. The
 * test records exposure blocks in the store and tells the publisher, as
 * the app does; the publisher decides what to send, and retries on its own
 * back-off timer. The test keeps its own tally of every block as the
 * expected state.
 *
 * Bounded, so that it runs on a 2-core CI machine with a few GB: a
 * PostgreSQL backend costs MBs, so the 1,000 reviewers share a pool of
 * N_CONNECTIONS RespiteTeamStorePg (one connection each; the store
 * serialises its calls, as the interface promises). They are driven by
 * N_DRIVERS threads, each with its own main context and its share of the
 * reviewers, with at most IN_FLIGHT publications running per driver: at
 * most N_CONNECTIONS publications at once, and so at most that many busy
 * threads in GLib's GTask pool, where the publisher runs them.
 *
 * RESPITE_LOAD_SECONDS sets the length of the run; RESPITE_TEST_LONG=1
 * makes it 10 minutes (build-aux/dev test --long multiplies the timeout).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/statvfs.h>

#include "respite-publisher.h"
#include "respite-team-store-pg.h"

#define DATABASE "respite_load_test"
#define ROLE     "load_reviewer"

#define N_DRIVERS     8
#define N_CONNECTIONS 32
#define IN_FLIGHT     (N_CONNECTIONS / N_DRIVERS)
#define N_TEAMS       40

#define HOUR 3600
#define DAY  86400

/* Monday 4 March 2024, 00:00 UTC: day 0 of every reviewer, in their zone. */
#define FIRST_MIDNIGHT_UTC 1709510400

/* The drain after the run: each round moves every reviewer a day on, which
 * fires any back-off; with the saboteur stopped, one round should do. */
#define MAX_DRAIN_ROUNDS 5

/* What the test expects of one local day of one reviewer. */
typedef struct
{
  char   day[11];           /* YYYY-MM-DD */
  gint64 start;             /* local midnight, Unix seconds */
  gint64 exposure[3];       /* seconds, by intensity - 1 */
  gint64 longest;           /* blocks never touch, so the longest block */
  gint64 next_free;         /* where the next block of this day may start */
} ModelDay;

typedef struct _Driver Driver;

typedef struct
{
  Driver           *driver;
  RespiteStore     *store;      /* (owned) */
  RespiteClock     *clock;      /* (owned) fake */
  GTimeZone        *tz;         /* (owned) a fixed offset from UTC */
  gint64            offset;     /* of tz, seconds */
  RespitePublisher *publisher;  /* (owned) */
  char             *team;       /* (owned) */
  char             *member;     /* (owned) as the store made it */
  GPtrArray        *days;       /* (owned) (element-type ModelDay) day i is days[i] */
  gboolean          busy;       /* as last seen from ::changed */
} Reviewer;

struct _Driver
{
  GMainContext *context;    /* (owned) where its reviewers' publishers live */
  GRand        *rand;       /* (owned) GRand is not thread-safe: one each */
  GPtrArray    *reviewers;  /* (owned) (element-type Reviewer) */
  guint         first;      /* the index of its first reviewer */
  guint         in_flight;  /* its reviewers' publications running now */
  gint64        deadline;   /* monotonic µs: the end of the run */
};

/* Shared by every thread: set before the drivers start, then only read,
 * but for the counters, which are atomic. */
static struct
{
  char               *dir;          /* (owned) the personal stores */
  RespitePolicy      *policy;       /* (owned) immutable */
  RespiteClock       *real_clock;   /* (owned) for the length of the run only */
  RespiteTeamStorePg *pool[N_CONNECTIONS];
  gint                next_slot;
  guint               n_reviewers;
  gint64              seconds;

  gint                stop_sabotage;
  gint                steps;
  gint                late_changes;  /* blocks added to a day already due */
  gint                attempts;      /* publications started */
  gint                failures;      /* ... that failed, and were retried */
  gint                store_errors;  /* the personal store failing: must be 0 */
  gint                terminated;    /* backends the saboteur terminated */
  gint                max_backends;  /* the reviewers' backends seen at once */
} load;

static void
reviewer_free (Reviewer *reviewer)
{
  g_clear_object (&reviewer->publisher);
  g_clear_object (&reviewer->store);
  g_clear_object (&reviewer->clock);
  g_clear_pointer (&reviewer->tz, g_time_zone_unref);
  g_free (reviewer->team);
  g_free (reviewer->member);
  g_clear_pointer (&reviewer->days, g_ptr_array_unref);
  g_free (reviewer);
}

/* Any thread, from the publisher's worker: hands out the pool's stores in
 * turn, so that a reviewer whose connection was lost comes back on another
 * one. */
static RespiteTeamStore *
open_pooled_store (gpointer   user_data,
                   GError   **error)
{
  guint slot = (guint) g_atomic_int_add (&load.next_slot, 1) % N_CONNECTIONS;

  return g_object_ref (RESPITE_TEAM_STORE (load.pool[slot]));
}

/* A failed publication is expected here: count it rather than print
 * thousands of lines. Anything else the publisher says is a failure. */
static void
on_publisher_message (const char     *log_domain,
                      GLogLevelFlags  level,
                      const char     *message,
                      gpointer        user_data)
{
  if (g_str_has_prefix (message, "Could not publish"))
    return;

  g_atomic_int_inc (&load.store_errors);
  g_printerr ("%s: %s\n", log_domain, message);
}

/* The publisher says when it starts and ends a publication. */
static void
on_publisher_changed (RespitePublisher *publisher,
                      Reviewer         *reviewer)
{
  gboolean busy = respite_publisher_get_busy (publisher);

  if (busy && !reviewer->busy)
    {
      reviewer->driver->in_flight++;
      g_atomic_int_inc (&load.attempts);
    }
  else if (!busy && reviewer->busy)
    {
      reviewer->driver->in_flight--;
      if (respite_publisher_get_retry_delay (publisher) > 0)
        g_atomic_int_inc (&load.failures);
    }
  reviewer->busy = busy;
}

static ModelDay *
get_day (Reviewer *reviewer,
         guint     i)
{
  while (reviewer->days->len <= i)
    {
      ModelDay *day = g_new0 (ModelDay, 1);
      guint n = reviewer->days->len;
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (FIRST_MIDNIGHT_UTC +
                                                                 (gint64) n * DAY);
      g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

      g_strlcpy (day->day, text, sizeof day->day);
      day->start = FIRST_MIDNIGHT_UTC + (gint64) n * DAY - reviewer->offset;
      day->next_free = day->start + 8 * HOUR;
      g_ptr_array_add (reviewer->days, day);
    }

  return g_ptr_array_index (reviewer->days, i);
}

static gint64
now_seconds (Reviewer *reviewer)
{
  return respite_clock_get_real_time (reviewer->clock) / G_USEC_PER_SEC;
}

static guint
today_index (Reviewer *reviewer)
{
  return (guint) ((now_seconds (reviewer) + reviewer->offset - FIRST_MIDNIGHT_UTC) / DAY);
}

static void
tally (ModelDay *day,
       gint64    start,
       gint64    end,
       int       intensity)
{
  day->exposure[intensity - 1] += end - start;
  day->longest = MAX (day->longest, end - start);
  /* A gap, so that blocks never make one continuous stretch. */
  day->next_free = end + 5 * 60;
}

static void
check_no_error (GError *error)
{
  if (error == NULL)
    return;

  g_atomic_int_inc (&load.store_errors);
  g_printerr ("%s\n", error->message);
}

/* Starts a block at the reviewer's now, lets its minutes pass on their
 * clock (which fires the publisher's timers, back-off included), ends it and
 * tells the publisher, as the tracker and the app do. */
static void
record_block_now (Reviewer    *reviewer,
                  ModelDay    *day,
                  gint64       seconds,
                  int          intensity,
                  RespiteKind  kind)
{
  g_autoptr(GError) error = NULL;
  gint64 start = now_seconds (reviewer);
  gint64 id;

  id = respite_store_begin_block (reviewer->store, start, kind, intensity, &error);
  respite_clock_advance (reviewer->clock, seconds * G_USEC_PER_SEC);
  if (id > 0 &&
      respite_store_end_block (reviewer->store, id, start + seconds, RESPITE_END_STOPPED,
                               &error) &&
      respite_publisher_queue_period (reviewer->publisher, start, start + seconds, &error))
    tally (day, start, start + seconds, intensity);
  check_no_error (error);
}

/* A block that reaches the store after its day was over (a block recovered
 * from before a crash, say): the day is published again, with more. */
static void
record_block_late (Reviewer    *reviewer,
                   ModelDay    *day,
                   gint64       seconds,
                   int          intensity,
                   RespiteKind  kind)
{
  g_autoptr(GError) error = NULL;
  gint64 start = day->next_free;
  gint64 id;

  id = respite_store_begin_block (reviewer->store, start, kind, intensity, &error);
  if (id > 0 &&
      respite_store_end_block (reviewer->store, id, start + seconds, RESPITE_END_STOPPED,
                               &error) &&
      respite_publisher_queue_period (reviewer->publisher, start, start + seconds, &error))
    {
      tally (day, start, start + seconds, intensity);
      g_atomic_int_inc (&load.late_changes);
    }
  check_no_error (error);
}

/* One thing in one reviewer's day: a block now, a late block on one of the
 * last two days, or the night, after which the publisher's end-of-day
 * timer sends the day that ended. */
static void
step (Driver   *driver,
      Reviewer *reviewer)
{
  guint today = today_index (reviewer);
  ModelDay *day = get_day (reviewer, today);
  gint64 seconds = g_rand_int_range (driver->rand, 5, 31) * 60;
  int intensity = g_rand_int_range (driver->rand, 1, 4);
  RespiteKind kind = g_rand_int_range (driver->rand, 0, RESPITE_N_KINDS);
  guint what = g_rand_int_range (driver->rand, 0, 100);

  g_atomic_int_inc (&load.steps);

  if (what < 15 && today > 0)
    {
      ModelDay *past = get_day (reviewer, today - 1 - (what % 2 == 0 && today > 1));

      if (past->next_free + seconds <= past->start + 23 * HOUR)
        record_block_late (reviewer, past, seconds, intensity, kind);
      return;
    }

  day->next_free = MAX (day->next_free, now_seconds (reviewer));
  if (what < 35 || day->next_free + seconds > day->start + 23 * HOUR)
    {
      /* Tomorrow, at eight or a little later. */
      ModelDay *next = get_day (reviewer, today + 1);
      gint64 wake = next->start + 8 * HOUR + g_rand_int_range (driver->rand, 0, 3600);

      respite_clock_advance (reviewer->clock, (wake - now_seconds (reviewer)) * G_USEC_PER_SEC);
      next->next_free = wake;
      return;
    }

  respite_clock_advance (reviewer->clock,
                         (day->next_free - now_seconds (reviewer)) * G_USEC_PER_SEC);
  record_block_now (reviewer, day, seconds, intensity, kind);
}

static void
set_up_reviewer (Driver *driver,
                 guint   index)
{
  g_autoptr(GError) error = NULL;
  g_auto(RespiteSharing) sharing = { 0 };
  g_autofree char *name = g_strdup_printf ("reviewer-%04u.db", index);
  g_autofree char *path = g_build_filename (load.dir, name, NULL);
  Reviewer *reviewer = g_new0 (Reviewer, 1);

  reviewer->driver = driver;
  /* From UTC-5 to UTC+9: days end at different moments. */
  reviewer->offset = ((gint64) (index % 15) - 5) * HOUR;
  reviewer->tz = g_time_zone_new_offset ((gint32) reviewer->offset);
  reviewer->days = g_ptr_array_new_with_free_func (g_free);
  reviewer->team = g_strdup_printf ("Load team %02u", index % N_TEAMS);
  reviewer->clock = respite_clock_new_fake ((get_day (reviewer, 0)->start + 8 * HOUR +
                                             g_rand_int_range (driver->rand, 0, 3600)) *
                                            G_USEC_PER_SEC);
  reviewer->store = respite_store_open (path, &error);
  g_assert_no_error (error);
  reviewer->publisher = respite_publisher_new (reviewer->store, load.policy, reviewer->clock,
                                               reviewer->tz, open_pooled_store, NULL, NULL);
  g_signal_connect (reviewer->publisher, "changed", G_CALLBACK (on_publisher_changed), reviewer);
  g_assert_true (respite_publisher_set_team (reviewer->publisher, reviewer->team, &error));
  g_assert_true (respite_publisher_get_sharing (reviewer->publisher, &sharing, &error));
  g_assert_no_error (error);
  reviewer->member = g_strdup (sharing.member);

  g_ptr_array_add (driver->reviewers, reviewer);
}

/* Runs what is ready in the driver's context; waits until fewer than
 * @limit of its publications run. */
static void
wait_in_flight (Driver *driver,
                guint   limit)
{
  while (g_main_context_iteration (driver->context, FALSE))
    ;
  while (driver->in_flight >= limit)
    g_main_context_iteration (driver->context, TRUE);
}

/* Reviewer i belongs to driver i % N_DRIVERS. */
static gpointer
run_set_up (gpointer data)
{
  Driver *driver = data;

  g_main_context_push_thread_default (driver->context);

  for (guint i = driver->first; i < load.n_reviewers; i += N_DRIVERS)
    set_up_reviewer (driver, i);

  g_main_context_pop_thread_default (driver->context);
  return NULL;
}

static gpointer
run_load (gpointer data)
{
  Driver *driver = data;

  g_main_context_push_thread_default (driver->context);

  while (respite_clock_get_monotonic_time (load.real_clock) < driver->deadline)
    {
      guint i = g_rand_int_range (driver->rand, 0, driver->reviewers->len);

      wait_in_flight (driver, IN_FLIGHT);
      step (driver, g_ptr_array_index (driver->reviewers, i));
    }
  wait_in_flight (driver, 1);

  g_main_context_pop_thread_default (driver->context);
  return NULL;
}

/* After the run, with the saboteur gone: every reviewer moves a day on,
 * which fires their end-of-day or back-off timer, until no queue holds a
 * day. Bounded, so that a publisher that never empties its queue fails
 * the test instead of hanging it. */
static gpointer
run_drain (gpointer data)
{
  Driver *driver = data;

  g_main_context_push_thread_default (driver->context);

  for (guint round = 0; round < MAX_DRAIN_ROUNDS; round++)
    {
      guint pending = 0;

      for (guint i = 0; i < driver->reviewers->len; i++)
        {
          Reviewer *reviewer = g_ptr_array_index (driver->reviewers, i);
          g_autoptr(GError) error = NULL;
          g_autoptr(GArray) queue = respite_store_list_queued_days (reviewer->store, &error);

          check_no_error (error);
          if (queue == NULL || (queue->len == 0 && !reviewer->busy))
            continue;

          pending++;
          wait_in_flight (driver, IN_FLIGHT);
          respite_clock_advance (reviewer->clock, (gint64) DAY * G_USEC_PER_SEC);
        }
      wait_in_flight (driver, 1);

      if (pending == 0)
        break;
    }

  g_main_context_pop_thread_default (driver->context);
  return NULL;
}

static void
run_drivers (Driver      *drivers,
             GThreadFunc  func)
{
  GThread *threads[N_DRIVERS];

  for (guint d = 0; d < N_DRIVERS; d++)
    threads[d] = g_thread_new ("load-driver", func, &drivers[d]);
  for (guint d = 0; d < N_DRIVERS; d++)
    g_thread_join (threads[d]);
}

static void
admin_sql (PGconn     *admin,
           const char *sql)
{
  PGresult *result = PQexec (admin, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (admin));
  PQclear (result);
}

static PGconn *
connect_to (const char *database)
{
  g_autofree char *info = g_strdup_printf ("dbname=%s user=postgres", database);
  PGconn *conn = PQconnectdb (info);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Could not connect: %s", PQerrorMessage (conn));
  admin_sql (conn, "SET client_min_messages = warning");

  return conn;
}

static int
query_int (PGconn     *admin,
           const char *sql)
{
  PGresult *result = PQexec (admin, sql);
  int value;

  if (PQresultStatus (result) != PGRES_TUPLES_OK || PQntuples (result) != 1)
    g_error ("%s: %s", sql, PQerrorMessage (admin));
  value = atoi (PQgetvalue (result, 0, 0));
  PQclear (result);

  return value;
}

/* The saboteur, as a superuser: every few hundred milliseconds it
 * terminates one to three of the reviewers' backends, mostly ones in the
 * middle of something (a statement, or between BEGIN and COMMIT), so that
 * publications fail mid-flight, sometimes after the server committed. */
static gpointer
sabotage (gpointer data)
{
  g_autoptr(GRand) rand = data;
  PGconn *admin = connect_to (DATABASE);

  while (!g_atomic_int_get (&load.stop_sabotage))
    {
      g_autofree char *sql = NULL;
      int backends;

      g_usleep (g_rand_int_range (rand, 20, 300) * 1000);

      backends = query_int (admin, "SELECT count(*) FROM pg_stat_activity"
                                   " WHERE usename = '" ROLE "'");
      if (backends > g_atomic_int_get (&load.max_backends))
        g_atomic_int_set (&load.max_backends, backends);

      sql = g_strdup_printf ("SELECT count(pg_terminate_backend (pid)) FROM"
                             " (SELECT pid FROM pg_stat_activity"
                             "   WHERE usename = '" ROLE "'"
                             "     AND (state <> 'idle' OR random () < 0.2)"
                             "   ORDER BY random () LIMIT %d) AS victims",
                             g_rand_int_range (rand, 1, 4));
      g_atomic_int_add (&load.terminated, query_int (admin, sql));
    }

  PQfinish (admin);
  return NULL;
}

/* Each process holds three descriptors per personal store (the database,
 * its WAL and its shared memory file). */
static void
raise_file_limit (guint needed)
{
  struct rlimit limit;

  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &limit), ==, 0);
  if (limit.rlim_cur < needed && limit.rlim_max > limit.rlim_cur)
    {
      limit.rlim_cur = MIN (limit.rlim_max, (rlim_t) needed);
      g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &limit), ==, 0);
    }
  if (limit.rlim_cur < needed)
    g_error ("The load test needs %u open files; the limit is %lu", needed,
             (unsigned long) limit.rlim_cur);
}

typedef struct
{
  guint rows;
  guint expected;
  guint lost;
  guint duplicated;
  guint stale;
  guint unexpected;
  guint members;   /* reviewers with at least one row expected */
} Verdict;

/* Compares the server's rows with the tally. A row is keyed by member and
 * day only, so that one published under two teams counts as duplicated. */
static Verdict
compare (PGconn *admin,
         Driver *drivers)
{
  g_autoptr(GHashTable) by_member = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 cap = respite_policy_get_daily_cap (load.policy);
  Verdict verdict = { 0 };
  PGresult *result;

  for (guint d = 0; d < N_DRIVERS; d++)
    for (guint i = 0; i < drivers[d].reviewers->len; i++)
      {
        Reviewer *reviewer = g_ptr_array_index (drivers[d].reviewers, i);

        g_hash_table_insert (by_member, reviewer->member, reviewer);
      }

  result = PQexec (admin, "SELECT team, member, day::text, exposure_1_seconds,"
                          "       exposure_2_seconds, exposure_3_seconds,"
                          "       longest_block_seconds, cap_exceeded"
                          " FROM respite.day_rows");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  verdict.rows = PQntuples (result);

  for (int r = 0; r < PQntuples (result); r++)
    {
      const char *member = PQgetvalue (result, r, 1);
      const char *day_text = PQgetvalue (result, r, 2);
      Reviewer *reviewer = g_hash_table_lookup (by_member, member);
      ModelDay *day = NULL;
      gint64 total;

      if (!g_hash_table_add (seen, g_strconcat (member, " ", day_text, NULL)))
        {
          verdict.duplicated++;
          continue;
        }

      for (guint i = 0; reviewer != NULL && i < reviewer->days->len; i++)
        if (g_str_equal (((ModelDay *) g_ptr_array_index (reviewer->days, i))->day, day_text))
          day = g_ptr_array_index (reviewer->days, i);

      if (day == NULL)
        {
          verdict.unexpected++;
          continue;
        }

      total = day->exposure[0] + day->exposure[1] + day->exposure[2];
      if (!g_str_equal (PQgetvalue (result, r, 0), reviewer->team) ||
          g_ascii_strtoll (PQgetvalue (result, r, 3), NULL, 10) != day->exposure[0] ||
          g_ascii_strtoll (PQgetvalue (result, r, 4), NULL, 10) != day->exposure[1] ||
          g_ascii_strtoll (PQgetvalue (result, r, 5), NULL, 10) != day->exposure[2] ||
          g_ascii_strtoll (PQgetvalue (result, r, 6), NULL, 10) != day->longest ||
          g_str_equal (PQgetvalue (result, r, 7), "t") != (total > cap))
        {
          if (verdict.stale < 5)
            g_test_message ("Stale: %s %s", member, day_text);
          verdict.stale++;
        }
    }
  PQclear (result);

  /* Every day with exposure must be there; a day without is never sent. */
  for (guint d = 0; d < N_DRIVERS; d++)
    for (guint i = 0; i < drivers[d].reviewers->len; i++)
      {
        Reviewer *reviewer = g_ptr_array_index (drivers[d].reviewers, i);

        guint expected = verdict.expected;

        for (guint j = 0; j < reviewer->days->len; j++)
          {
            ModelDay *day = g_ptr_array_index (reviewer->days, j);
            g_autofree char *key = NULL;

            if (day->exposure[0] + day->exposure[1] + day->exposure[2] == 0)
              continue;

            verdict.expected++;
            key = g_strconcat (reviewer->member, " ", day->day, NULL);
            if (!g_hash_table_contains (seen, key))
              {
                if (verdict.lost < 5)
                  g_test_message ("Lost: %s", key);
                verdict.lost++;
              }
          }
        verdict.members += verdict.expected > expected;
      }

  return verdict;
}

/* The personal stores sync at every commit, as they should on a laptop;
 * a thousand of them on one disk would measure that disk, not publishing.
 * So a tmpfs, when it has room for them (about 300 MB after 60 s; the
 * long run's would not fit, and goes to disk). */
static char *
make_store_dir (gboolean   tmpfs,
                GError   **error)
{
  g_autofree char *template = g_strdup ("/dev/shm/respite-test-load-pg-XXXXXX");
  struct statvfs fs;

  if (tmpfs && statvfs ("/dev/shm", &fs) == 0 &&
      (guint64) fs.f_bavail * fs.f_frsize >= (guint64) 1 << 30 &&
      g_mkdtemp_full (template, 0700) != NULL)
    return g_steal_pointer (&template);

  return g_dir_make_tmp ("respite-test-load-pg-XXXXXX", error);
}

static void
drop_message (const char     *log_domain,
              GLogLevelFlags  level,
              const char     *message,
              gpointer        user_data)
{
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_remove (file);
    }
  g_rmdir (path);
}

static void
test_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s user=%s", DATABASE, ROLE);
  Driver drivers[N_DRIVERS];
  GThread *saboteur;
  PGconn *admin;
  Verdict verdict;
  int members;
  guint queued = 0, with_error = 0;
  gint64 started;
  struct rusage usage;

  for (guint c = 0; c < N_CONNECTIONS; c++)
    load.pool[c] = respite_team_store_pg_new (conninfo);

  for (guint d = 0; d < N_DRIVERS; d++)
    {
      drivers[d].context = g_main_context_new ();
      drivers[d].rand = g_rand_new_with_seed (g_test_rand_int ());
      drivers[d].reviewers = g_ptr_array_new_with_free_func ((GDestroyNotify) reviewer_free);
      drivers[d].first = d;
      drivers[d].in_flight = 0;
    }

  run_drivers (drivers, run_set_up);

  started = respite_clock_get_monotonic_time (load.real_clock);
  for (guint d = 0; d < N_DRIVERS; d++)
    drivers[d].deadline = started + load.seconds * G_USEC_PER_SEC;

  saboteur = g_thread_new ("load-saboteur", sabotage, g_rand_new_with_seed (g_test_rand_int ()));
  run_drivers (drivers, run_load);
  g_atomic_int_set (&load.stop_sabotage, TRUE);
  g_thread_join (saboteur);

  g_test_message ("Ran %" G_GINT64_FORMAT " s: %u reviewers over %u connections,"
                  " %d steps, %d blocks recorded after their day was over",
                  (respite_clock_get_monotonic_time (load.real_clock) - started) / G_USEC_PER_SEC,
                  load.n_reviewers, N_CONNECTIONS, load.steps, load.late_changes);
  g_test_message ("Publications attempted %d, failed and retried %d;"
                  " backends terminated %d; at most %d reviewer backends at once",
                  load.attempts, load.failures, load.terminated, load.max_backends);

  run_drivers (drivers, run_drain);
  g_test_message ("After the drain: %d publications attempted, %d failed",
                  load.attempts, load.failures);

  for (guint d = 0; d < N_DRIVERS; d++)
    for (guint i = 0; i < drivers[d].reviewers->len; i++)
      {
        Reviewer *reviewer = g_ptr_array_index (drivers[d].reviewers, i);
        g_auto(RespiteSharing) sharing = { 0 };
        g_autoptr(GArray) queue = respite_store_list_queued_days (reviewer->store, &error);

        check_no_error (error);
        g_clear_error (&error);
        respite_publisher_get_sharing (reviewer->publisher, &sharing, &error);
        check_no_error (error);
        g_clear_error (&error);
        queued += queue != NULL ? queue->len : 0;
        with_error += sharing.last_error != NULL;
      }

  admin = connect_to (DATABASE);
  verdict = compare (admin, drivers);
  members = query_int (admin, "SELECT count(*) FROM respite.members");
  g_test_message ("Rows: %u on the server, %u expected; lost %u, duplicated %u, stale %u,"
                  " unexpected %u; members %d, %u expected",
                  verdict.rows, verdict.expected, verdict.lost, verdict.duplicated,
                  verdict.stale, verdict.unexpected, members, verdict.members);
  getrusage (RUSAGE_SELF, &usage);
  g_test_message ("Peak memory of the test process: %ld MiB", usage.ru_maxrss / 1024);
  PQfinish (admin);

  /* Clean up before judging: a failed run leaves no thousand files. */
  for (guint d = 0; d < N_DRIVERS; d++)
    {
      g_clear_pointer (&drivers[d].reviewers, g_ptr_array_unref);
      g_clear_pointer (&drivers[d].rand, g_rand_free);
      g_clear_pointer (&drivers[d].context, g_main_context_unref);
    }
  for (guint c = 0; c < N_CONNECTIONS; c++)
    g_clear_object (&load.pool[c]);
  remove_dir (load.dir);

  /* The run must have hurt, or it proved nothing about retries. */
  g_assert_cmpint (load.terminated, >, 0);
  g_assert_cmpint (load.failures, >, 0);
  g_assert_cmpint (load.late_changes, >, 0);
  g_assert_cmpint (load.store_errors, ==, 0);

  g_assert_cmpuint (queued, ==, 0);
  g_assert_cmpuint (with_error, ==, 0);
  g_assert_cmpuint (verdict.members, >, load.n_reviewers / 2);
  g_assert_cmpuint (verdict.lost, ==, 0);
  g_assert_cmpuint (verdict.duplicated, ==, 0);
  g_assert_cmpuint (verdict.stale, ==, 0);
  g_assert_cmpuint (verdict.unexpected, ==, 0);
  g_assert_cmpuint (verdict.rows, ==, verdict.expected);
  g_assert_cmpint (members, ==, verdict.members);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  gboolean long_run = g_getenv ("RESPITE_TEST_LONG") != NULL;
  const char *seconds = g_getenv ("RESPITE_LOAD_SECONDS");
  PGconn *admin;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("PGHOST") == NULL)
    {
      g_print ("1..0 # SKIP Run through tests/pg/pg-env.sh, which starts PostgreSQL\n");
      return 0;
    }

  load.n_reviewers = 1000;
  load.seconds = seconds != NULL ? g_ascii_strtoll (seconds, NULL, 10) : long_run ? 600 : 60;
  g_assert_cmpint (load.seconds, >, 0);
  raise_file_limit (3 * load.n_reviewers + 256);

  admin = connect_to ("postgres");
  admin_sql (admin, "DROP DATABASE IF EXISTS " DATABASE);
  admin_sql (admin, "CREATE DATABASE " DATABASE);
  PQfinish (admin);

  admin = connect_to (DATABASE);
  for (guint i = 0; i < 2; i++)
    {
      const char *name = (const char *[]) { "schema.sql", "roles.sql" }[i];
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "sql", name,
                                                     NULL);
      g_autofree char *sql = NULL;

      g_file_get_contents (path, &sql, NULL, &error);
      g_assert_no_error (error);
      admin_sql (admin, sql);
    }
  admin_sql (admin, "DROP ROLE IF EXISTS " ROLE);
  admin_sql (admin, "CREATE ROLE " ROLE " LOGIN IN ROLE respite_reviewer");
  PQfinish (admin);

  load.dir = make_store_dir (!long_run, &error);
  g_assert_no_error (error);
  load.policy = respite_policy_new_default ();
  load.real_clock = respite_clock_new ();
  g_log_set_handler ("respite-publisher", G_LOG_LEVEL_MESSAGE, on_publisher_message, NULL);
  /* A thousand stores' migrations are not worth reading. */
  g_log_set_handler ("respite-store", G_LOG_LEVEL_DEBUG, drop_message, NULL);

  g_test_add_func ("/publisher/pg/load", test_load);
  status = g_test_run ();

  g_clear_pointer (&load.dir, g_free);
  g_clear_object (&load.policy);
  g_clear_object (&load.real_clock);

  return status;
}
