/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The heartbeat record (src/personal/respite-heartbeat.c): two alternating
 * checksummed records in a private file of two pages; a torn or damaged
 * one is ignored with a message and the other still counts. What the
 * tracker makes of it after a crash is in test-faults.c.
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "respite-heartbeat.h"

#define RECORD(records, i) (&g_array_index ((records), RespiteHeartbeatRecord, (i)))

typedef struct
{
  char *dir;   /* (owned) */
  char *path;  /* (owned) */
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("respite-test-heartbeat-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "respite.db.heartbeat", NULL);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_remove (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static RespiteHeartbeat *
open_record (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  RespiteHeartbeat *heartbeat = respite_heartbeat_open (fixture->path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (heartbeat);
  return heartbeat;
}

static GArray *
read_records (RespiteHeartbeat *heartbeat)
{
  g_autoptr(GError) error = NULL;
  GArray *records = NULL;

  g_assert_true (respite_heartbeat_read (heartbeat, &records, &error));
  g_assert_no_error (error);
  return records;
}

static void
write_heartbeat (RespiteHeartbeat *heartbeat,
                 gint64            block_id,
                 gint64            started_at,
                 gint64            at)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (respite_heartbeat_write (heartbeat, block_id, started_at, at, &error));
  g_assert_no_error (error);
}

/* Overwrites @len bytes at @offset, as a torn write or a stray program
 * would. */
static void
damage (const char *path,
        off_t       offset,
        gsize       len)
{
  guint8 garbage[64];
  int fd = open (path, O_WRONLY);

  g_assert_cmpint (fd, >=, 0);
  memset (garbage, 0xa5, sizeof garbage);
  g_assert_cmpint (pwrite (fd, garbage, MIN (len, sizeof garbage), offset), ==,
                   (gssize) MIN (len, sizeof garbage));
  close (fd);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RespiteHeartbeat) heartbeat = open_record (fixture);
  g_autoptr(GArray) records = NULL;
  struct stat st;

  /* A new file: private, both pages there, no record. */
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, ==, 8192);
  records = read_records (heartbeat);
  g_assert_cmpuint (records->len, ==, 0);
  g_clear_pointer (&records, g_array_unref);

  for (gint64 minute = 1; minute <= 5; minute++)
    write_heartbeat (heartbeat, 7, 1000, 1000 + 60 * minute);

  /* The last two, newest first, whether the kernel has finished writing
   * them or not: a reader sees what a crash would leave. */
  records = read_records (heartbeat);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpint (RECORD (records, 0)->block_id, ==, 7);
  g_assert_cmpint (RECORD (records, 0)->started_at, ==, 1000);
  g_assert_cmpint (RECORD (records, 0)->heartbeat_at, ==, 1300);
  g_assert_cmpint (RECORD (records, 1)->heartbeat_at, ==, 1240);
  g_clear_pointer (&records, g_array_unref);

  /* Written in place: the file neither grows nor shrinks. */
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 8192);

  /* Another run goes on where this one stopped, over the older record. */
  g_clear_object (&heartbeat);
  heartbeat = open_record (fixture);
  write_heartbeat (heartbeat, 8, 1400, 1460);
  records = read_records (heartbeat);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpint (RECORD (records, 0)->block_id, ==, 8);
  g_assert_cmpint (RECORD (records, 0)->heartbeat_at, ==, 1460);
  g_assert_cmpint (RECORD (records, 1)->block_id, ==, 7);
  g_assert_cmpint (RECORD (records, 1)->heartbeat_at, ==, 1300);
}

/* A write torn by a power cut, or bytes changed by anything else: the
 * damaged record is ignored with a message, the other one counts, and the
 * next write goes over the damaged one. */
static void
test_damaged (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(RespiteHeartbeat) heartbeat = open_record (fixture);
  g_autoptr(GArray) records = NULL;

  write_heartbeat (heartbeat, 3, 500, 560);   /* first page */
  write_heartbeat (heartbeat, 3, 500, 620);   /* second page */
  g_clear_object (&heartbeat);

  /* The newer record torn half-way: its second half is garbage. */
  damage (fixture->path, 4096 + 24, 24);

  heartbeat = open_record (fixture);
  g_test_expect_message ("respite-heartbeat", G_LOG_LEVEL_MESSAGE,
                         "Heartbeat record 2 in * is damaged: ignored");
  records = read_records (heartbeat);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpint (RECORD (records, 0)->heartbeat_at, ==, 560);
  g_clear_pointer (&records, g_array_unref);

  /* The next heartbeat replaces the damaged record, not the sound one. */
  write_heartbeat (heartbeat, 3, 500, 680);
  records = read_records (heartbeat);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpint (RECORD (records, 0)->heartbeat_at, ==, 680);
  g_assert_cmpint (RECORD (records, 1)->heartbeat_at, ==, 560);
  g_clear_pointer (&records, g_array_unref);
  g_clear_object (&heartbeat);

  /* Both damaged (the magic of one, a single bit's worth of the other):
   * two messages, no record, nothing else goes wrong. */
  damage (fixture->path, 0, 4);
  damage (fixture->path, 4096 + 30, 1);
  heartbeat = open_record (fixture);
  g_test_expect_message ("respite-heartbeat", G_LOG_LEVEL_MESSAGE, "*record 1*damaged*");
  g_test_expect_message ("respite-heartbeat", G_LOG_LEVEL_MESSAGE, "*record 2*damaged*");
  records = read_records (heartbeat);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (records->len, ==, 0);
  g_clear_pointer (&records, g_array_unref);
  write_heartbeat (heartbeat, 3, 500, 740);
  g_test_expect_message ("respite-heartbeat", G_LOG_LEVEL_MESSAGE, "*damaged*");
  records = read_records (heartbeat);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpint (RECORD (records, 0)->heartbeat_at, ==, 740);
}

/* A file an interrupted first run left short keeps what it holds, and a
 * file others could read is made private. */
static void
test_short_and_open (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RespiteHeartbeat) heartbeat = open_record (fixture);
  g_autoptr(GArray) records = NULL;
  struct stat st;

  write_heartbeat (heartbeat, 9, 100, 160);
  g_clear_object (&heartbeat);
  g_assert_cmpint (truncate (fixture->path, 48), ==, 0);
  g_assert_cmpint (chmod (fixture->path, 0644), ==, 0);

  heartbeat = open_record (fixture);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 8192);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  records = read_records (heartbeat);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpint (RECORD (records, 0)->heartbeat_at, ==, 160);
}

/* After the reviewer erases their data, no time of theirs is left here. */
static void
test_clear (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(RespiteHeartbeat) heartbeat = open_record (fixture);
  g_autoptr(GArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  write_heartbeat (heartbeat, 4, 200, 260);
  write_heartbeat (heartbeat, 4, 200, 320);
  g_assert_true (respite_heartbeat_clear (heartbeat, &error));
  g_assert_no_error (error);
  records = read_records (heartbeat);
  g_assert_cmpuint (records->len, ==, 0);

  g_assert_true (g_file_get_contents (fixture->path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, ==, 8192);
  for (gsize i = 0; i < len; i++)
    g_assert_cmpint (contents[i], ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/heartbeat/record/round-trip", test_round_trip);
  ADD ("/heartbeat/record/damaged", test_damaged);
  ADD ("/heartbeat/record/short-file", test_short_and_open);
  ADD ("/heartbeat/record/clear", test_clear);
#undef ADD

  return g_test_run ();
}
