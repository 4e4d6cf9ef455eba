/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The secondary traumatic stress check-in (issue #19): ProQOL 5's scoring
 * structure, tested on a fixture of 30 placeholder items
 * (tests/core/instruments/sts-pack/, laid out as a data folder: a pack is
 * found in respite/instruments/ under $XDG_DATA_DIRS or $XDG_DATA_HOME);
 * the pack's discovery; [CheckIns] sts-days; the check-in offered only
 * when the pack is installed, and the reviewer told when the policy asks
 * for it and it is not.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "respite-check-ins.h"
#include "respite-instrument.h"
#include "respite-session.h"

#define SEC ((gint64) G_USEC_PER_SEC)
#define T0 ((gint64) 1795078800)

/* The fixture's subscales, as ProQOL 5's manual has them (RESEARCH.md). */
static const int cs_items[] = { 3, 6, 12, 16, 18, 20, 22, 24, 27, 30 };
static const int bo_items[] = { 1, 4, 8, 10, 15, 17, 19, 21, 26, 29 };
static const int bo_reversed[] = { 1, 4, 15, 17, 29 };
static const int sts_items[] = { 2, 5, 7, 9, 11, 13, 14, 23, 25, 28 };

static char *pack_data_dir;  /* (owned): the fixture's data folder */

static char *
fixture_path (void)
{
  return g_build_filename (pack_data_dir, "respite", "instruments", "proqol5.json", NULL);
}

static RespiteInstrument *
load_fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path ();
  RespiteInstrument *instrument = respite_instrument_load_file (path, &error);

  g_assert_no_error (error);
  return instrument;
}

static gboolean
contains (const int *items,
          gsize      n,
          int        item)
{
  for (gsize i = 0; i < n; i++)
    {
      if (items[i] == item)
        return TRUE;
    }
  return FALSE;
}

/* Answers (1 to 5, by item number - 1) that make each subscale sum to
 * what is asked: its items answered low then raised one step at a time,
 * reversed items counted as 6 − answer. */
static void
set_subscale (int       *answers,
              const int *items,
              gsize      n,
              int        sum)
{
  int scores[10];

  g_assert_cmpint (sum, >=, 10);
  g_assert_cmpint (sum, <=, 50);
  for (gsize i = 0; i < n; i++)
    scores[i] = 1;
  for (int left = sum - 10, i = 0; left > 0; left--, i = (i + 1) % (int) n)
    {
      while (scores[i] == 5)
        i = (i + 1) % (int) n;
      scores[i]++;
    }
  for (gsize i = 0; i < n; i++)
    {
      gboolean reversed = contains (bo_reversed, G_N_ELEMENTS (bo_reversed), items[i]);

      answers[items[i] - 1] = reversed ? 6 - scores[i] : scores[i];
    }
}

static RespiteInstrumentResult *
score (RespiteInstrument *instrument,
       int                cs,
       int                bo,
       int                sts)
{
  g_autoptr(GError) error = NULL;
  int answers[30] = { 0 };
  RespiteInstrumentResult *result;

  set_subscale (answers, cs_items, G_N_ELEMENTS (cs_items), cs);
  set_subscale (answers, bo_items, G_N_ELEMENTS (bo_items), bo);
  set_subscale (answers, sts_items, G_N_ELEMENTS (sts_items), sts);
  result = respite_instrument_score (instrument, answers, 30, &error);
  g_assert_no_error (error);

  return result;
}

static void
test_structure (void)
{
  g_autoptr(RespiteInstrument) instrument = load_fixture ();
  g_autoptr(RespiteInstrumentResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int all_ones[30];

  g_assert_cmpstr (respite_instrument_get_id (instrument), ==, RESPITE_STS_INSTRUMENT);
  g_assert_cmpuint (respite_instrument_get_n_items (instrument), ==, 30);
  g_assert_cmpuint (respite_instrument_get_n_subscales (instrument), ==, 3);
  for (guint i = 0; i < 30; i++)
    g_assert_cmpint (respite_instrument_get_item_reversed (instrument, i), ==,
                     contains (bo_reversed, G_N_ELEMENTS (bo_reversed), (int) i + 1));

  /* Every answer "1": the burnout items reversed score 5 each. */
  for (guint i = 0; i < 30; i++)
    all_ones[i] = 1;
  result = respite_instrument_score (instrument, all_ones, 30, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->subscales[0], ==, 10);
  g_assert_cmpint (result->subscales[1], ==, 5 * 5 + 5 * 1);
  g_assert_cmpint (result->subscales[2], ==, 10);
  g_assert_cmpstr (result->subscale_bands[0], ==, "low");
  g_assert_cmpstr (result->subscale_bands[1], ==, "moderate");
  g_assert_cmpstr (result->subscale_bands[2], ==, "low");
  /* The result's band is the primary subscale's: secondary traumatic stress. */
  g_assert_cmpstr (result->band_id, ==, "low");
  g_assert_cmpstr (result->band_label, ==, "Placeholder STS low");
  g_assert_false (result->suggests_support);
  g_assert_cmpstr (respite_instrument_get_subscale_band_label (instrument, 1, "moderate"), ==,
                   "Placeholder BO moderate");
  g_assert_null (respite_instrument_get_subscale_band_label (instrument, 1, "none"));
}

/* The manual's cut-offs: 22 or less low, 23 to 41 moderate, 42 or more
 * high; a high burnout or secondary traumatic stress offers support. */
static void
test_bands (void)
{
  g_autoptr(RespiteInstrument) instrument = load_fixture ();
  const struct
  {
    int         sts;
    const char *band;
  } cases[] = {
    { 10, "low" }, { 22, "low" }, { 23, "moderate" }, { 41, "moderate" },
    { 42, "high" }, { 50, "high" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RespiteInstrumentResult) result = score (instrument, 30, 30, cases[i].sts);

      g_assert_cmpint (result->subscales[2], ==, cases[i].sts);
      /* The score stored and shown is the primary subscale's. */
      g_assert_cmpint (result->raw, ==, cases[i].sts);
      g_assert_cmpstr (result->band_id, ==, cases[i].band);
      g_assert_cmpstr (result->subscale_bands[2], ==, cases[i].band);
      g_assert_cmpint (result->suggests_support, ==, cases[i].sts >= 42);
    }

  /* Each subscale is banded on its own sum. */
  {
    g_autoptr(RespiteInstrumentResult) result = score (instrument, 22, 42, 23);

    g_assert_cmpint (result->subscales[0], ==, 22);
    g_assert_cmpint (result->subscales[1], ==, 42);
    g_assert_cmpstr (result->subscale_bands[0], ==, "low");
    g_assert_cmpstr (result->subscale_bands[1], ==, "high");
    g_assert_cmpstr (result->band_id, ==, "moderate");
    g_assert_true (result->suggests_support);
  }

  /* And a copy keeps them. */
  {
    g_autoptr(RespiteInstrumentResult) result = score (instrument, 50, 10, 41);
    g_autoptr(RespiteInstrumentResult) copy = respite_instrument_result_copy (result);

    g_clear_pointer (&result, respite_instrument_result_free);
    g_assert_cmpstr (copy->subscale_bands[0], ==, "high");
    g_assert_cmpstr (copy->subscale_bands[1], ==, "low");
    g_assert_cmpstr (copy->subscale_bands[2], ==, "moderate");
  }
}

/* The fixture with one change at @pointer (a path of members and indices
 * from the root, "/" separated), set to @json or removed when NULL. */
static char *
write_variant (const char *dir,
               const char *pointer,
               const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path ();
  g_auto(GStrv) parts = g_strsplit (pointer, "/", -1);
  guint n = g_strv_length (parts);
  g_autofree char *out = g_build_filename (dir, "variant.json", NULL);
  JsonNode *node;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  node = json_parser_get_root (parser);
  for (guint i = 0; i + 1 < n; i++)
    {
      if (JSON_NODE_HOLDS_ARRAY (node))
        node = json_array_get_element (json_node_get_array (node), atoi (parts[i]));
      else
        node = json_object_get_member (json_node_get_object (node), parts[i]);
    }

  if (json == NULL)
    {
      json_object_remove_member (json_node_get_object (node), parts[n - 1]);
    }
  else
    {
      g_autoptr(JsonParser) value = json_parser_new ();

      json_parser_load_from_data (value, json, -1, &error);
      g_assert_no_error (error);
      json_object_set_member (json_node_get_object (node), parts[n - 1],
                              json_node_copy (json_parser_get_root (value)));
    }

  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_to_file (generator, out, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&out);
}

static void
test_bad_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("respite-test-sts-XXXXXX", &error);
  const struct
  {
    const char *pointer;
    const char *json;
    const char *problem;
  } cases[] = {
    { "bands", "[]", "$.bands: a “subscales” score has its bands in its subscales, not here" },
    { "scoring/primary", NULL, "$.scoring.primary: required, but missing" },
    { "scoring/primary", "\"compassion\"", "$.scoring.primary: there is no subscale “compassion”" },
    { "scoring/type", "\"sum\"", "$.scoring.primary: only a “subscales” score has a primary" },
    { "scoring/subscales/2/bands/1/max", "40",
      "$.scoring.subscales[2].bands: no band holds the total 41; the bands must cover 10 to 50" },
    { "scoring/subscales/2/bands/2/min", "41",
      "$.scoring.subscales[2].bands[2]: the total 41 is already in an earlier band" },
    { "scoring/subscales/2/bands/0/min", "0",
      "$.scoring.subscales[2].bands[0].min: " },
    { "scoring/subscales/2/bands", NULL, "$.scoring.primary: the subscale “sts” has no bands" },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_variant (dir, cases[i].pointer, cases[i].json);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(RespiteInstrument) instrument = respite_instrument_load_file (path, &local_error);
      g_autofree char *expected = g_strdup_printf ("%s: %s", path, cases[i].problem);

      g_assert_null (instrument);
      g_assert_error (local_error, RESPITE_INSTRUMENT_ERROR, RESPITE_INSTRUMENT_ERROR_INVALID);
      if (!g_str_has_prefix (local_error->message, expected))
        g_assert_cmpstr (local_error->message, ==, expected);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* Packs: found under $XDG_DATA_DIRS, added after the shipped instruments,
 * never replacing one. */
static void
test_packs (void)
{
  g_auto(GStrv) dirs = respite_instrument_get_pack_dirs ();
  g_autofree char *expected = g_build_filename (pack_data_dir, "respite", "instruments", NULL);
  g_autofree char *user = g_build_filename (g_get_user_data_dir (), "respite", "instruments",
                                            NULL);
  g_autoptr(GPtrArray) instruments = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  const char *both[] = { expected, expected, NULL };
  guint n_shipped;

  g_assert_cmpstr (dirs[0], ==, user);
  g_assert_true (g_strv_contains ((const char * const *) dirs, expected));

  instruments = respite_instrument_load_dir (NULL, NULL);
  n_shipped = instruments->len;
  respite_instrument_add_packs (instruments, NULL, problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (instruments->len, ==, n_shipped + 1);
  g_assert_cmpstr (respite_instrument_get_id (g_ptr_array_index (instruments, n_shipped)), ==,
                   RESPITE_STS_INSTRUMENT);

  /* The same id again is left out. */
  respite_instrument_add_packs (instruments, both, problems);
  g_assert_cmpuint (instruments->len, ==, n_shipped + 1);
}

/* [CheckIns] sts-days */

static RespitePolicy *
load_policy (const char  *text,
             GPtrArray  **problems)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("respite-test-sts-XXXXXX.conf", &path, &error);
  RespitePolicy *policy;

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  policy = respite_policy_load (path, NULL, problems);
  g_unlink (path);

  return policy;
}

static void
test_policy_key (void)
{
  g_autoptr(RespitePolicy) defaults = respite_policy_new_default ();
  g_autoptr(RespitePolicy) policy = NULL;
  g_autoptr(RespitePolicy) bad = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_cmpint (respite_policy_get_check_in_interval (defaults, RESPITE_STS_INSTRUMENT), ==, 0);

  policy = load_policy ("[CheckIns]\nsts-days=30\n", &problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (respite_policy_get_check_in_interval (policy, RESPITE_STS_INSTRUMENT), ==,
                   30 * 24 * 3600);
  g_clear_pointer (&problems, g_ptr_array_unref);

  bad = load_policy ("[CheckIns]\n\nsts-days=3\n", &problems);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0),
                            ":3: [CheckIns] sts-days: 3 is out of range (0 to turn it off, or 7 "
                            "to 365); using the default, 0"));
  g_assert_cmpint (respite_policy_get_check_in_interval (bad, RESPITE_STS_INSTRUMENT), ==, 0);
}

/* Offered only once its pack is installed. */
static void
test_check_ins (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("respite-test-sts-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "respite.db", NULL);
  g_autoptr(RespiteClock) clock = respite_clock_new_fake (T0 * SEC);
  g_autoptr(RespitePolicy) policy = load_policy ("[CheckIns]\nwho5-days=0\nsts-days=30\n"
                                                 "[Counselling]\nreminder-days=0\n", NULL);
  g_autoptr(RespiteStore) store = respite_store_open (path, &error);
  g_autoptr(RespiteTracker) tracker = respite_tracker_new (store, clock, &error);
  g_autoptr(RespiteCheckIns) check_ins = NULL;

  g_assert_no_error (error);
  check_ins = respite_check_ins_new (tracker, store, clock, policy);

  respite_check_ins_review (check_ins);
  g_assert_cmpint (respite_check_ins_get_pending (check_ins, NULL), ==, RESPITE_DEADLINE_NONE);

  respite_check_ins_set_sts_installed (check_ins, TRUE);
  respite_check_ins_review (check_ins);
  g_assert_cmpint (respite_check_ins_get_pending (check_ins, NULL), ==,
                   RESPITE_DEADLINE_CHECK_IN_STS);
  g_assert_cmpstr (respite_deadline_get_instrument (RESPITE_DEADLINE_CHECK_IN_STS), ==,
                   RESPITE_STS_INSTRUMENT);

  g_clear_object (&check_ins);
  g_clear_object (&tracker);
  g_clear_object (&store);
  for (const char *suffix = ""; suffix != NULL; suffix = (*suffix == '\0') ? "-wal" :
       g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (path, suffix, NULL);
      g_remove (file);
    }
  g_rmdir (dir);
}

/* The policy asks for it and the pack is missing: the reviewer is told;
 * with the pack, nothing is said and the session has it. */
static void
test_session (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("respite-test-sts-XXXXXX", &error);
  g_autofree char *conf = g_build_filename (dir, "organisation.conf", NULL);
  g_autofree char *store = g_build_filename (dir, "respite.db", NULL);
  g_autoptr(RespiteClock) clock = respite_clock_new_fake (T0 * SEC);
  g_autoptr(GSettings) preferences = g_settings_new (APP_ID);
  g_autoptr(RespiteSession) with_pack = NULL;
  g_autoptr(RespiteSession) without = NULL;
  const char * const *system = g_get_system_data_dirs ();

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (conf, "[CheckIns]\nsts-days=30\n", -1, NULL));

  /* The fixture's folder is among $XDG_DATA_DIRS (see main ()). */
  with_pack = respite_session_new (clock, preferences, conf, store);
  g_assert_nonnull (respite_session_find_instrument (with_pack, RESPITE_STS_INSTRUMENT));
  g_assert_null (respite_session_get_problem (with_pack));
  g_clear_object (&with_pack);

  /* Without it: $XDG_DATA_DIRS is read once, so the pack is hidden by
   * renaming the fixture's folder for the while. */
  {
    g_autofree char *packs = g_build_filename (system[0], "respite", NULL);
    g_autofree char *hidden = g_build_filename (system[0], "respite.hidden", NULL);

    g_assert_cmpint (g_rename (packs, hidden), ==, 0);
    without = respite_session_new (clock, preferences, conf, store);
    g_assert_cmpint (g_rename (hidden, packs), ==, 0);
  }
  g_assert_null (respite_session_find_instrument (without, RESPITE_STS_INSTRUMENT));
  g_assert_nonnull (respite_session_get_problem (without));
  g_assert_nonnull (strstr (respite_session_get_problem (without),
                            "its questionnaire, ProQOL 5, is not installed on this computer"));
  g_clear_object (&without);

  for (const char *name = "organisation.conf"; name != NULL;
       name = g_str_equal (name, "organisation.conf") ? "respite.db" :
              g_str_equal (name, "respite.db") ? "respite.db-wal" :
              g_str_equal (name, "respite.db-wal") ? "respite.db-shm" : NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_remove (file);
    }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  g_autofree char *fixture = NULL;
  g_autofree char *copy_dir = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *data_home = NULL;
  gsize length;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* A copy of the fixture's data folder, which test_session () renames:
   * before anything reads $XDG_DATA_DIRS, which GLib reads once. */
  pack_data_dir = g_dir_make_tmp ("respite-test-sts-data-XXXXXX", &error);
  g_assert_no_error (error);
  source = g_test_build_filename (G_TEST_DIST, "core", "instruments", "sts-pack", "respite",
                                  "instruments", "proqol5.json", NULL);
  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  copy_dir = g_build_filename (pack_data_dir, "respite", "instruments", NULL);
  g_assert_cmpint (g_mkdir_with_parents (copy_dir, 0700), ==, 0);
  fixture = fixture_path ();
  g_assert_true (g_file_set_contents (fixture, contents, length, NULL));
  data_home = g_build_filename (pack_data_dir, "no-user-data", NULL);
  g_setenv ("XDG_DATA_DIRS", pack_data_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_add_func ("/sts/score/structure", test_structure);
  g_test_add_func ("/sts/score/bands", test_bands);
  g_test_add_func ("/sts/load/bad-files", test_bad_files);
  g_test_add_func ("/sts/packs", test_packs);
  g_test_add_func ("/sts/policy/key", test_policy_key);
  g_test_add_func ("/sts/check-ins/offered-when-installed", test_check_ins);
  g_test_add_func ("/sts/session/missing-pack", test_session);

  status = g_test_run ();

  g_unlink (fixture);
  g_rmdir (copy_dir);
  {
    g_autofree char *respite = g_build_filename (pack_data_dir, "respite", NULL);

    g_rmdir (respite);
  }
  g_rmdir (pack_data_dir);
  g_free (pack_data_dir);

  return status;
}
