/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteReviewFocus with a fake clock, a real tracker and a real store:
 * blocks that start and end with the review tool, and nothing about the
 * tool stored.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "respite-review-focus.h"

#define SEC ((gint64) G_USEC_PER_SEC)

/* Thursday 2026-11-19 09:00:00 UTC: the tests run with TZ=UTC. */
#define T0 ((gint64) 1795078800)

#define POLICY \
  "[ReviewTools]\n" \
  "mode=%s\n" \
  "required=%s\n" \
  "[Idle]\n" \
  "image-seconds=60\n" \
  "video-seconds=120\n" \
  "live-seconds=0\n" \
  "[Review tool Queue]\n" \
  "wm-class=XLogo\n" \
  "app-id=org.example.Queue\n" \
  "kind=image\n" \
  "[Review tool Player]\n" \
  "origin=https://player.example.org\n" \
  "kind=video\n" \
  "[Review tool Stream]\n" \
  "app-id=org.example.Stream\n" \
  "kind=live\n"

typedef struct
{
  char               *dir;      /* (owned) */
  char               *path;     /* (owned): the store */
  char               *conf;     /* (owned): the policy */
  RespiteClock       *clock;    /* (owned) */
  RespiteStore       *store;    /* (owned) */
  RespiteTracker     *tracker;  /* (owned) */
  RespitePolicy      *policy;   /* (owned) */
  RespiteReviewFocus *focus;    /* (owned) */
  GPtrArray          *suggested; /* (owned) (element-type utf8) */
} Fixture;

static RespitePolicy *
load_policy (Fixture    *fixture,
             const char *mode,
             const char *required)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *text = g_strdup_printf (POLICY, mode, required);
  RespitePolicy *policy;

  g_file_set_contents (fixture->conf, text, -1, &error);
  g_assert_no_error (error);
  policy = respite_policy_load (fixture->conf, NULL, &problems);
  g_assert_cmpuint (problems->len, ==, 0);

  return policy;
}

static void
suggest_cb (RespiteReviewFocus *focus,
            const char         *tool,
            Fixture            *fixture)
{
  g_ptr_array_add (fixture->suggested, g_strdup (tool));
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  const char *mode = data != NULL ? data : "track";
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("respite-test-review-focus-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "respite.db", NULL);
  fixture->conf = g_build_filename (fixture->dir, "organisation.conf", NULL);
  fixture->clock = respite_clock_new_fake (T0 * SEC);
  fixture->store = respite_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->tracker = respite_tracker_new (fixture->store, fixture->clock, &error);
  g_assert_no_error (error);
  fixture->policy = load_policy (fixture, mode, "false");
  fixture->focus = respite_review_focus_new (fixture->clock, fixture->tracker, fixture->policy);
  fixture->suggested = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->focus, "suggest", G_CALLBACK (suggest_cb), fixture);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_clear_object (&fixture->focus);
  g_clear_object (&fixture->policy);
  g_clear_object (&fixture->tracker);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->clock);
  g_clear_pointer (&fixture->suggested, g_ptr_array_unref);

  for (const char *suffix = ""; suffix != NULL; suffix = (*suffix == '\0') ? "-wal" :
       g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffix, NULL);
      g_remove (file);
    }
  g_remove (fixture->conf);
  g_rmdir (fixture->dir);
  g_free (fixture->conf);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
advance (Fixture *fixture,
         gint64   seconds)
{
  respite_clock_advance (fixture->clock, seconds * SEC);
}

static void
set_tool (Fixture            *fixture,
          RespiteFocusSource  source,
          const char         *tool)
{
  g_autoptr(GError) error = NULL;

  respite_review_focus_set_tool (fixture->focus, source, tool, &error);
  g_assert_no_error (error);
}

static GArray *
list_blocks (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GArray *blocks = respite_store_list_blocks (fixture->store, 0, G_MAXINT64, &error);

  g_assert_no_error (error);
  return blocks;
}

#define BLOCK(blocks, i) (&g_array_index ((blocks), RespiteBlock, (i)))

static RespiteTrackerState
state (Fixture *fixture)
{
  return respite_tracker_get_state (fixture->tracker);
}

/* A listed tool in front starts a block of its kind; gone for longer than
 * the kind's idle threshold, the block ends when it left. */
static void
test_track (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GArray) blocks = NULL;

  respite_tracker_set_kind (fixture->tracker, RESPITE_KIND_TEXT, NULL);
  respite_review_focus_set_wm_class (fixture->focus, "Terminal");
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_IDLE);

  respite_review_focus_set_wm_class (fixture->focus, "XLogo");
  g_assert_cmpstr (respite_review_focus_get_front (fixture->focus), ==, "Queue");
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);
  g_assert_cmpint (respite_tracker_get_kind (fixture->tracker), ==, RESPITE_KIND_IMAGE);
  g_assert_true (respite_review_focus_get_started (fixture->focus));

  advance (fixture, 600);
  respite_review_focus_set_wm_class (fixture->focus, NULL);
  advance (fixture, 59);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);
  advance (fixture, 1);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_IDLE);
  g_assert_false (respite_review_focus_get_started (fixture->focus));

  blocks = list_blocks (fixture);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (BLOCK (blocks, 0)->started_at, ==, T0);
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at, ==, T0 + 600);
  g_assert_cmpint (BLOCK (blocks, 0)->kind, ==, RESPITE_KIND_IMAGE);
  g_assert_cmpint (BLOCK (blocks, 0)->end_reason, ==, RESPITE_END_IDLE);
  g_assert_cmpuint (respite_clock_count_timeouts (fixture->clock), ==, 0);
}

/* Focus that comes and goes within the threshold keeps one block. */
static void
test_flapping (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GArray) blocks = NULL;

  for (int i = 0; i < 20; i++)
    {
      respite_review_focus_set_wm_class (fixture->focus, "XLogo");
      advance (fixture, 30);
      respite_review_focus_set_wm_class (fixture->focus, "Terminal");
      advance (fixture, 59);
      g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);
    }
  respite_review_focus_set_wm_class (fixture->focus, "XLogo");

  blocks = list_blocks (fixture);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at, ==, 0);

  advance (fixture, 10);
  respite_review_focus_set_wm_class (fixture->focus, NULL);
  advance (fixture, 60);
  g_clear_pointer (&blocks, g_array_unref);
  blocks = list_blocks (fixture);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at, ==, T0 + 20 * 89 + 10);
}

/* A tool is in front while any source says so; the block takes the kind
 * of the tool that brought it, and the threshold of the block's kind. */
static void
test_two_sources (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GArray) blocks = NULL;

  set_tool (fixture, RESPITE_FOCUS_SOURCE_BROWSER, "Player");
  g_assert_cmpint (respite_tracker_get_kind (fixture->tracker), ==, RESPITE_KIND_VIDEO);
  set_tool (fixture, RESPITE_FOCUS_SOURCE_SHELL, "Queue");
  advance (fixture, 100);

  /* The browser loses its tab; the shell still has its tool in front. */
  set_tool (fixture, RESPITE_FOCUS_SOURCE_BROWSER, "");
  advance (fixture, 1000);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);
  g_assert_cmpstr (respite_review_focus_get_front (fixture->focus), ==, "Queue");

  set_tool (fixture, RESPITE_FOCUS_SOURCE_SHELL, NULL);
  g_assert_null (respite_review_focus_get_front (fixture->focus));
  advance (fixture, 119);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);
  advance (fixture, 1);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_IDLE);

  blocks = list_blocks (fixture);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (BLOCK (blocks, 0)->kind, ==, RESPITE_KIND_VIDEO);
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at, ==, T0 + 1100);
}

/* The grace period is measured on the monotonic clock: the wall clock set
 * forward an hour neither ends the block nor stretches it. */
static void
test_clock_jump (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GArray) blocks = NULL;

  respite_review_focus_set_wm_class (fixture->focus, "XLogo");
  advance (fixture, 300);
  respite_review_focus_set_wm_class (fixture->focus, NULL);
  respite_clock_jump_real_time (fixture->clock, 3600 * SEC);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);
  advance (fixture, 30);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);
  respite_clock_jump_real_time (fixture->clock, -7200 * SEC);
  advance (fixture, 30);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_IDLE);

  /* Never ended before it started, whatever the wall clock did. */
  blocks = list_blocks (fixture);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (BLOCK (blocks, 0)->ended_at, >=, BLOCK (blocks, 0)->started_at);
}

/* A source that goes away (its D-Bus peer vanished) counts as none. */
static void
test_source_vanishes (Fixture       *fixture,
                      gconstpointer  data)
{
  set_tool (fixture, RESPITE_FOCUS_SOURCE_SHELL, "Queue");
  advance (fixture, 200);
  set_tool (fixture, RESPITE_FOCUS_SOURCE_SHELL, NULL);
  advance (fixture, 60);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_IDLE);
}

/* Firefox and Chromium each run a host, both the browser source: one
 * saying none leaves the other's tool in front, an unknown tool from one
 * changes nothing, and the one with the tool leaving the bus ends it. */
static void
test_two_peers (Fixture       *fixture,
                gconstpointer  data)
{
  RespiteReviewFocus *focus = fixture->focus;
  g_autoptr(GError) error = NULL;

  g_assert_true (respite_review_focus_set_peer_tool (focus, RESPITE_FOCUS_SOURCE_BROWSER, ":1.7",
                                                     "Queue", &error));
  g_assert_no_error (error);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);

  g_assert_true (respite_review_focus_set_peer_tool (focus, RESPITE_FOCUS_SOURCE_BROWSER, ":1.8",
                                                     "", &error));
  g_assert_cmpstr (respite_review_focus_get_front (focus), ==, "Queue");
  advance (fixture, 3600);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);

  g_assert_false (respite_review_focus_set_peer_tool (focus, RESPITE_FOCUS_SOURCE_BROWSER, ":1.8",
                                                      "Nonesuch", &error));
  g_assert_error (error, RESPITE_REVIEW_FOCUS_ERROR, RESPITE_REVIEW_FOCUS_ERROR_UNKNOWN_TOOL);
  g_clear_error (&error);
  g_assert_cmpstr (respite_review_focus_get_front (focus), ==, "Queue");

  respite_review_focus_forget_peer (focus, ":1.99");  /* never spoke: nothing */
  g_assert_cmpstr (respite_review_focus_get_front (focus), ==, "Queue");
  respite_review_focus_forget_peer (focus, ":1.7");
  g_assert_null (respite_review_focus_get_front (focus));
  advance (fixture, 60);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_IDLE);
}

/* A block started by hand is never ended here, nor restarted after the
 * reviewer stopped one while the tool stays in front. */
static void
test_manual_block (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  respite_tracker_start (fixture->tracker, &error);
  g_assert_no_error (error);
  respite_review_focus_set_wm_class (fixture->focus, "XLogo");
  g_assert_false (respite_review_focus_get_started (fixture->focus));
  respite_review_focus_set_wm_class (fixture->focus, NULL);
  advance (fixture, 3600);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);
  respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, &error);
  g_assert_no_error (error);

  respite_review_focus_set_wm_class (fixture->focus, "XLogo");
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);
  respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, &error);
  g_assert_no_error (error);
  advance (fixture, 10);
  respite_review_focus_set_wm_class (fixture->focus, "XLogo");
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_IDLE);
}

/* The tracked block stopped by the reviewer, and one started by hand with
 * the tool still in front: that one is theirs, and the tool leaving does
 * not end it. */
static void
test_stopped_then_by_hand (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  respite_review_focus_set_wm_class (fixture->focus, "XLogo");
  g_assert_true (respite_review_focus_get_started (fixture->focus));
  respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, &error);
  g_assert_no_error (error);
  respite_tracker_start (fixture->tracker, &error);
  g_assert_no_error (error);
  g_assert_false (respite_review_focus_get_started (fixture->focus));

  respite_review_focus_set_wm_class (fixture->focus, NULL);
  advance (fixture, 3600);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);
}

/* A kind whose idle threshold is 0 (live) is never ended by focus. */
static void
test_threshold_off (Fixture       *fixture,
                    gconstpointer  data)
{
  set_tool (fixture, RESPITE_FOCUS_SOURCE_SHELL, "Stream");
  g_assert_cmpint (respite_tracker_get_kind (fixture->tracker), ==, RESPITE_KIND_LIVE);
  set_tool (fixture, RESPITE_FOCUS_SOURCE_SHELL, NULL);
  advance (fixture, 8 * 3600);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);
}

/* A strict break holds exposure: the tool in front starts nothing. */
static void
test_held (Fixture       *fixture,
           gconstpointer  data)
{
  respite_tracker_set_hold (fixture->tracker, "On a break");
  respite_review_focus_set_wm_class (fixture->focus, "XLogo");
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_IDLE);
  g_assert_false (respite_review_focus_get_started (fixture->focus));
}

static void
test_unknown (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RespiteFocusSource source;

  g_assert_false (respite_review_focus_set_tool (fixture->focus, RESPITE_FOCUS_SOURCE_SHELL,
                                                 "Mail", &error));
  g_assert_error (error, RESPITE_REVIEW_FOCUS_ERROR, RESPITE_REVIEW_FOCUS_ERROR_UNKNOWN_TOOL);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_IDLE);
  g_assert_null (respite_review_focus_get_front (fixture->focus));

  g_assert_true (respite_focus_source_from_string ("browser", &source));
  g_assert_cmpint (source, ==, RESPITE_FOCUS_SOURCE_BROWSER);
  g_assert_false (respite_focus_source_from_string ("x12", &source));
  g_assert_false (respite_focus_source_from_string (NULL, &source));
}

/* mode=suggest: one offer per focus, and no block. */
static void
test_suggest (Fixture       *fixture,
              gconstpointer  data)
{
  respite_review_focus_set_wm_class (fixture->focus, "XLogo");
  set_tool (fixture, RESPITE_FOCUS_SOURCE_BROWSER, "Player");
  respite_review_focus_set_wm_class (fixture->focus, NULL);
  g_assert_cmpuint (fixture->suggested->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->suggested, 0), ==, "Queue");
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_IDLE);

  set_tool (fixture, RESPITE_FOCUS_SOURCE_BROWSER, NULL);
  set_tool (fixture, RESPITE_FOCUS_SOURCE_BROWSER, "Player");
  g_assert_cmpuint (fixture->suggested->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->suggested, 1), ==, "Player");

  /* Not while a block runs. */
  set_tool (fixture, RESPITE_FOCUS_SOURCE_BROWSER, NULL);
  respite_tracker_start (fixture->tracker, NULL);
  set_tool (fixture, RESPITE_FOCUS_SOURCE_BROWSER, "Player");
  g_assert_cmpuint (fixture->suggested->len, ==, 2);
}

static void
tools_changed_cb (RespiteReviewFocus *focus,
                  guint              *count)
{
  (*count)++;
}

/* The reviewer's switch, unless required; mode off gives no app ids. */
static void
test_switch (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GHashTable) app_ids = respite_review_focus_get_app_ids (fixture->focus);
  g_autoptr(RespitePolicy) required = NULL;
  g_autoptr(RespitePolicy) off = NULL;
  guint changed = 0;

  g_signal_connect (fixture->focus, "tools-changed", G_CALLBACK (tools_changed_cb), &changed);

  g_assert_cmpuint (g_hash_table_size (app_ids), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (app_ids, "org.example.Queue"), ==, "Queue");
  g_assert_cmpstr (g_hash_table_lookup (app_ids, "org.example.Stream"), ==, "Stream");

  respite_review_focus_set_wm_class (fixture->focus, "XLogo");
  respite_review_focus_set_enabled (fixture->focus, FALSE);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (respite_review_focus_get_mode (fixture->focus), ==, RESPITE_REVIEW_OFF);
  g_clear_pointer (&app_ids, g_hash_table_unref);
  app_ids = respite_review_focus_get_app_ids (fixture->focus);
  g_assert_cmpuint (g_hash_table_size (app_ids), ==, 0);

  /* Off: what started stays the reviewer's to stop. */
  respite_review_focus_set_wm_class (fixture->focus, NULL);
  advance (fixture, 3600);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);
  respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, NULL);
  respite_review_focus_set_wm_class (fixture->focus, "XLogo");
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_IDLE);
  respite_review_focus_set_wm_class (fixture->focus, NULL);

  required = load_policy (fixture, "track", "true");
  respite_review_focus_set_policy (fixture->focus, required);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpint (respite_review_focus_get_mode (fixture->focus), ==, RESPITE_REVIEW_TRACK);
  respite_review_focus_set_wm_class (fixture->focus, "XLogo");
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);

  off = load_policy (fixture, "off", "false");
  respite_review_focus_set_policy (fixture->focus, off);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_null (respite_review_focus_get_front (fixture->focus));
}

/* Reading the policy again (a preference changed) keeps the block while
 * the tool is still listed; a policy without it ends the block as the
 * tool leaving does. */
static void
test_policy_reload (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RespitePolicy) same = load_policy (fixture, "track", "false");
  g_autoptr(RespitePolicy) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  set_tool (fixture, RESPITE_FOCUS_SOURCE_SHELL, "Queue");
  respite_review_focus_set_policy (fixture->focus, same);
  advance (fixture, 3600);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);
  g_assert_cmpstr (respite_review_focus_get_front (fixture->focus), ==, "Queue");

  g_file_set_contents (fixture->conf, "[ReviewTools]\nmode=track\n[Idle]\nimage-seconds=60\n"
                       "[Review tool Other]\nwm-class=Other\n", -1, &error);
  g_assert_no_error (error);
  other = respite_policy_load (fixture->conf, NULL, &problems);
  respite_review_focus_set_policy (fixture->focus, other);
  g_assert_null (respite_review_focus_get_front (fixture->focus));
  advance (fixture, 60);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_IDLE);
}

/* Turning following on with the tool in front counts as it coming in
 * front. */
static void
test_switch_on_in_front (Fixture       *fixture,
                         gconstpointer  data)
{
  respite_review_focus_set_enabled (fixture->focus, FALSE);
  respite_review_focus_set_wm_class (fixture->focus, "XLogo");
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_IDLE);
  respite_review_focus_set_enabled (fixture->focus, TRUE);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_EXPOSED);
  g_assert_true (respite_review_focus_get_started (fixture->focus));
}

/* Every row of every table but the blocks, and each block's columns. */
static char *
dump_store (const char *path,
            guint      *n_blocks)
{
  g_autoptr(GString) dump = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_master ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *sql = (const char *) sqlite3_column_text (stmt, 1);

      g_string_append_printf (dump, "schema %s: %s\n", name, sql ? sql : "");
      if (sql != NULL && g_str_has_prefix (sql, "CREATE TABLE"))
        g_ptr_array_add (tables, g_strdup (name));
    }
  sqlite3_finalize (stmt);

  *n_blocks = 0;
  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
      gboolean blocks = g_str_equal (table, "exposure_blocks");

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          if (blocks)
            (*n_blocks)++;
          else
            g_string_append_printf (dump, "%s:", table);
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *text = (const char *) sqlite3_column_text (stmt, c);

              /* No column of a block may hold what the tool was. */
              if (text != NULL)
                {
                  g_assert_null (strstr (text, "Queue"));
                  g_assert_null (strstr (text, "XLogo"));
                }
              if (!blocks)
                g_string_append_printf (dump, " %s", text ? text : "NULL");
            }
          if (!blocks)
            g_string_append_c (dump, '\n');
        }
      sqlite3_finalize (stmt);
    }

  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&dump), FALSE);
}

/* Nothing about the window is stored: before and after a tracked block,
 * the store differs by that block's row alone, and no byte of its files
 * holds the tool's name or class. */
static void
test_stores_nothing (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint blocks_before, blocks_after;
  const char *suffixes[] = { "", "-wal" };

  respite_tracker_start (fixture->tracker, NULL);
  advance (fixture, 100);
  respite_tracker_stop (fixture->tracker, RESPITE_END_STOPPED, NULL);
  advance (fixture, 100);
  before = dump_store (fixture->path, &blocks_before);

  respite_review_focus_set_wm_class (fixture->focus, "XLogo");
  advance (fixture, 300);
  respite_review_focus_set_wm_class (fixture->focus, NULL);
  advance (fixture, 60);
  g_assert_cmpint (state (fixture), ==, RESPITE_TRACKER_IDLE);

  after = dump_store (fixture->path, &blocks_after);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (blocks_after, ==, blocks_before + 1);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (file, &contents, &length, NULL))
        continue;
      g_assert_null (g_strstr_len (contents, length, "XLogo"));
      g_assert_null (g_strstr_len (contents, length, "Queue"));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, mode, func) g_test_add (path, Fixture, mode, set_up, func, tear_down)
  ADD ("/review-focus/track", NULL, test_track);
  ADD ("/review-focus/flapping", NULL, test_flapping);
  ADD ("/review-focus/two-sources", NULL, test_two_sources);
  ADD ("/review-focus/clock-jump", NULL, test_clock_jump);
  ADD ("/review-focus/source-vanishes", NULL, test_source_vanishes);
  ADD ("/review-focus/two-peers", NULL, test_two_peers);
  ADD ("/review-focus/manual-block", NULL, test_manual_block);
  ADD ("/review-focus/stopped-then-by-hand", NULL, test_stopped_then_by_hand);
  ADD ("/review-focus/threshold-off", NULL, test_threshold_off);
  ADD ("/review-focus/held", NULL, test_held);
  ADD ("/review-focus/unknown", NULL, test_unknown);
  ADD ("/review-focus/suggest", "suggest", test_suggest);
  ADD ("/review-focus/switch", NULL, test_switch);
  ADD ("/review-focus/policy-reload", NULL, test_policy_reload);
  ADD ("/review-focus/switch-on-in-front", NULL, test_switch_on_in_front);
  ADD ("/review-focus/stores-nothing", NULL, test_stores_nothing);
#undef ADD

  return g_test_run ();
}
