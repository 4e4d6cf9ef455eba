/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Deterministic mutation fuzzing of what Respite reads from others: the
 * organisation's policy file, the questionnaires' JSON, and the periods HR
 * types. Each input must be refused with a message or accepted as a value
 * that keeps its promises; a crash, a warning (fatal in tests) or a broken
 * promise fails. libFuzzer needs clang: these seeded loops run under gcc.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "fuzz-mutate.h"
#include "respite-instrument.h"
#include "respite-policy.h"
#include "respite-report.h"

typedef struct
{
  char *dir;   /* (owned) */
  char *path;  /* (owned) where each input is written */
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("respite-fuzz-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "input", NULL);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_remove (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
write_input (Fixture *fixture,
             GBytes  *input)
{
  g_autoptr(GError) error = NULL;

  /* No fsync: thousands of files, none of which must survive a crash.
   * Without it GLib 2.74 writes over the old file without truncating it,
   * hence the unlink. */
  g_unlink (fixture->path);
  g_file_set_contents_full (fixture->path, g_bytes_get_data (input, NULL),
                            g_bytes_get_size (input), G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

/* Every message may reach a terminal or a label: it must be UTF-8 whatever
 * bytes the input held. */
static void
assert_utf8 (const char *message,
             GBytes     *input)
{
  if (!g_utf8_validate (message, -1, NULL))
    g_error ("not UTF-8: “%s” for the input:\n%s", message,
             (const char *) g_bytes_get_data (input, NULL));
}

static char *
read_seed (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

/* --- the policy keyfile --------------------------------------------------- */

static const char * const policy_words[] = {
  "[Organisation]\n", "[Breaks]\n", "[Cap]\n", "[Idle]\n", "[CheckIns]\n", "[Counselling]\n",
  "[Privacy]\n", "[TeamStore]\n", "[Retention]\n", "[Crisis]\n", "[Service a]\n",
  "interval-minutes=", "reminder-minutes=", "duration-minutes=", "strict=", "hours=",
  "anonymity-threshold=", "type=postgresql\n", "type=sqlite\n", "conninfo=", "password=",
  "path=", "team=", "epsilon-budget=", "phone=", "email=", "web=", "name=", "days=",
  "pulse-intensity=", "who5-days=", "reminder-days=", "true", "false", "[", "]", "=",
  "\\s", "\\n", "\\", ";", "[Breaks", "name[fr]=", NULL,
};

static void
check_policy (RespitePolicy *policy,
              GPtrArray     *problems,
              GBytes        *input)
{
  const char *location = respite_policy_get_team_store_location (policy);

  for (guint i = 0; i < problems->len; i++)
    assert_utf8 (g_ptr_array_index (problems, i), input);

  /* No file can lower k below the floor, or make a rule impossible. */
  g_assert_cmpuint (respite_policy_get_anonymity_threshold (policy), >=, RESPITE_ANONYMITY_MIN);
  g_assert_cmpint (respite_policy_get_break_interval (policy), >, 0);
  g_assert_cmpint (respite_policy_get_break_reminder (policy), >=, 0);
  g_assert_cmpint (respite_policy_get_break_reminder (policy), <,
                   respite_policy_get_break_interval (policy));
  g_assert_cmpint (respite_policy_get_break_duration (policy), >, 0);
  g_assert_cmpint (respite_policy_get_daily_cap (policy), >, 0);
  g_assert_cmpint (respite_policy_get_retention (policy), >, 0);
  g_assert_nonnull (respite_policy_get_support (policy));
  /* A password in the file is refused, never used. */
  g_assert_true (location == NULL || strstr (location, "password") == NULL);
}

static void
test_policy (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *example = read_seed (g_test_get_filename (G_TEST_DIST, "..", "data", NULL),
                                        "organisation.conf");
  const char * const seeds[] = {
    example,
    "[Breaks]\ninterval-minutes=60\nreminder-minutes=50\nstrict=true\n",
    "[TeamStore]\ntype=postgresql\nconninfo=host=db dbname=respite user=me\nteam=Night\n",
    "[Service one]\nname=Calm Waters\nphone=0800 123 456\nemail=a@b.example\n"
    "web=https://calm.example\n[Crisis]\nname=Line\nphone=112\n",
    "[Privacy]\nanonymity-threshold=5\nepsilon-budget=2\n[Retention]\ndays=365\n",
    NULL,
  };
  g_autoptr(GRand) rand = fuzz_rand_new (1);
  guint n = fuzz_iterations (2000);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) input = fuzz_mutate (rand, seeds, policy_words);
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(RespitePolicy) policy = NULL;

      write_input (fixture, input);
      policy = respite_policy_load (fixture->path, NULL, &problems);
      g_assert_nonnull (policy);
      g_assert_nonnull (problems);
      check_policy (policy, problems, input);
    }

  g_test_message ("%u policy files", n);
}

/* --- the questionnaires' JSON --------------------------------------------- */

static const char * const json_words[] = {
  "\"id\"", "\"version\"", "\"items\"", "\"answers\"", "\"value\"", "\"reversed\"",
  "\"scoring\"", "\"bands\"", "\"subscales\"", "\"min\"", "\"max\"", "\"multiplier\"",
  "\"text\"", "\"label\"", "\"licence\"", "\"attribution\"", "\"suggests-support\"",
  "[", "]", "{", "}", ":", ",", "null", "true", "-1", "0", "1e400", "\"\"", "[[[[[[[[", NULL,
};

/* Where a value sits in a tree: an object's member, or an array. */
typedef struct
{
  JsonObject *object;  /* (unowned) (nullable) */
  char       *name;    /* (owned) (nullable) the member */
  JsonArray  *array;   /* (unowned) (nullable) */
} Slot;

static void
slot_clear (gpointer data)
{
  g_free (((Slot *) data)->name);
}

static void
collect_slots (JsonNode *node,
               GArray   *slots)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) names = json_object_get_members (object);

      for (GList *l = names; l != NULL; l = l->next)
        {
          Slot slot = { .object = object, .name = g_strdup (l->data) };

          g_array_append_val (slots, slot);
          collect_slots (json_object_get_member (object, l->data), slots);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      Slot slot = { .array = array };

      g_array_append_val (slots, slot);
      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_slots (json_array_get_element (array, i), slots);
    }
}

static JsonNode *
odd_value (GRand *rand)
{
  static const gint64 numbers[] = { -1, 0, 1, 2, 3, 5, 6, 100, G_MAXINT, G_MININT,
                                    (gint64) 1 << 40 };
  static const char * const strings[] = { "", "x", "who5", "sum", "scaled", "yes", "\xff",
                                          "%s%s%n" };
  JsonNode *node = json_node_alloc ();

  switch (g_rand_int_range (rand, 0, 7))
    {
    case 0: return json_node_init_int (node, numbers[g_rand_int_range (rand, 0, G_N_ELEMENTS (numbers))]);
    case 1: return json_node_init_string (node, strings[g_rand_int_range (rand, 0, G_N_ELEMENTS (strings))]);
    case 2: return json_node_init_null (node);
    case 3: return json_node_init_boolean (node, g_rand_boolean (rand));
    case 4: return json_node_init_double (node, g_rand_boolean (rand) ? 0.5 : 1e308);
    /* json_node_init_array () and _object () take their own reference. */
    case 5:
      {
        g_autoptr(JsonArray) array = json_array_new ();
        return json_node_init_array (node, array);
      }
    default:
      {
        g_autoptr(JsonObject) object = json_object_new ();
        return json_node_init_object (node, object);
      }
    }
}

/* Byte mutations rarely leave JSON that parses: these change the tree of a
 * seed instead (a value replaced, a member removed, an element removed or
 * repeated), so that the loader's own checks are what gets tried. */
static GBytes *
mutate_tree (GRand              *rand,
             const char * const *seeds)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint n_mutations = g_rand_int_range (rand, 1, 4);
  char *text;

  g_assert_true (json_parser_load_from_data (parser, seeds[g_rand_int_range (rand, 0, 3)], -1,
                                             NULL));

  for (guint m = 0; m < n_mutations; m++)
    {
      g_autoptr(GArray) slots = g_array_new (FALSE, TRUE, sizeof (Slot));
      Slot *slot;

      g_array_set_clear_func (slots, slot_clear);
      collect_slots (json_parser_get_root (parser), slots);
      if (slots->len == 0)
        break;
      slot = &g_array_index (slots, Slot, g_rand_int_range (rand, 0, slots->len));

      if (slot->array != NULL)
        {
          guint len = json_array_get_length (slot->array);

          if (len > 0 && g_rand_boolean (rand))
            json_array_remove_element (slot->array, len - 1);
          else if (len > 0)
            json_array_add_element (slot->array,
                                    json_node_copy (json_array_get_element (slot->array, 0)));
        }
      else if (g_rand_int_range (rand, 0, 4) == 0)
        json_object_remove_member (slot->object, slot->name);
      else
        json_object_set_member (slot->object, slot->name, odd_value (rand));
    }

  text = json_to_string (json_parser_get_root (parser), FALSE);
  return g_bytes_new_take (text, strlen (text));
}

static void
assert_text (const char *text)
{
  g_assert_true (text == NULL || g_utf8_validate (text, -1, NULL));
}

static void
check_instrument (RespiteInstrument *instrument,
                  GRand             *rand)
{
  guint n_items = respite_instrument_get_n_items (instrument);
  guint n_answers = respite_instrument_get_n_answers (instrument);
  g_autofree int *answers = NULL;
  g_autoptr(RespiteInstrumentResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (respite_instrument_get_id (instrument));
  g_assert_cmpuint (n_items, >, 0);

  /* Whatever the file held, what the check-in window shows is text. */
  assert_text (respite_instrument_get_title (instrument));
  assert_text (respite_instrument_get_stem (instrument));
  for (guint i = 0; i < n_items; i++)
    assert_text (respite_instrument_get_item_text (instrument, i));
  for (guint a = 0; a < n_answers; a++)
    assert_text (respite_instrument_get_answer_label (instrument, a));
  g_assert_cmpuint (n_answers, >, 0);
  g_assert_cmpint (respite_instrument_get_min_total (instrument), <=,
                   respite_instrument_get_max_total (instrument));

  /* Any answers on the scale score inside the instrument's range. */
  answers = g_new (int, n_items);
  for (guint i = 0; i < n_items; i++)
    answers[i] = respite_instrument_get_answer_value (instrument,
                                                      g_rand_int_range (rand, 0, n_answers));
  result = respite_instrument_score (instrument, answers, n_items, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->raw, >=, respite_instrument_get_min_total (instrument));
  g_assert_cmpint (result->raw, <=, respite_instrument_get_max_total (instrument));
  g_assert_nonnull (result->band_id);
  g_clear_pointer (&result, respite_instrument_result_free);

  /* And answers off the scale are refused. */
  answers[0] = G_MAXINT;
  result = respite_instrument_score (instrument, answers, n_items, &error);
  g_assert_null (result);
  g_assert_error (error, RESPITE_INSTRUMENT_ERROR, RESPITE_INSTRUMENT_ERROR_ANSWERS);
}

static void
test_instrument (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *dir = g_getenv ("RESPITE_INSTRUMENTS_DIR");
  g_autofree char *who5 = NULL, *phq4 = NULL, *pulse = NULL;
  g_autoptr(GRand) rand = fuzz_rand_new (2);
  guint n = fuzz_iterations (2000);
  guint n_loaded = 0;

  g_assert_nonnull (dir);
  who5 = read_seed (dir, "who5.json");
  phq4 = read_seed (dir, "phq4.json");
  pulse = read_seed (dir, "pulse.json");

  {
    const char * const seeds[] = { who5, phq4, pulse, NULL };

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(GBytes) input = g_rand_boolean (rand) ? fuzz_mutate (rand, seeds, json_words)
                                                        : mutate_tree (rand, seeds);
        g_autoptr(RespiteInstrument) instrument = NULL;
        g_autoptr(GError) error = NULL;

        write_input (fixture, input);
        instrument = respite_instrument_load_file (fixture->path, &error);
        if (instrument == NULL)
          {
            g_assert_error (error, RESPITE_INSTRUMENT_ERROR, RESPITE_INSTRUMENT_ERROR_INVALID);
            assert_utf8 (error->message, input);
            if (g_getenv ("FUZZ_DEBUG") != NULL)
              g_printerr ("%s\n", error->message);
            continue;
          }

        g_assert_no_error (error);
        check_instrument (instrument, rand);
        n_loaded++;
      }
  }

  g_test_message ("%u questionnaires, %u of them usable", n, n_loaded);
  /* Mutations that leave a file usable must happen, or the checks above
   * never ran. */
  g_assert_cmpuint (n_loaded, >, 0);
}

/* --- periods ------------------------------------------------------------ */

static const char * const period_words[] = {
  "..", "-W", "W", "-", "2026", "12", "13", "00", "01", "31", "29", "02", "53", "54", "9999",
  "0000", " ", NULL,
};

static void
assert_day (const char *day)
{
  int y, m, d;
  char end;

  g_assert_nonnull (day);
  g_assert_cmpint (strlen (day), ==, 10);
  g_assert_cmpint (sscanf (day, "%4d-%2d-%2d%c", &y, &m, &d, &end), ==, 3);
  g_assert_true (g_date_valid_dmy (d, m, y));
}

static void
test_period (Fixture       *fixture,
             gconstpointer  data)
{
  const char * const seeds[] = {
    "2026-10", "2026-W43", "2026-07..2026-09", "2026-10-01..2026-10-31", "2026-W01..2026-W05",
    "2020-W53", "2024-02-29..2024-03-01", NULL,
  };
  g_autoptr(GRand) rand = fuzz_rand_new (3);
  guint n = fuzz_iterations (5000);
  guint n_accepted = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) input = fuzz_mutate (rand, seeds, period_words);
      const char *text = g_bytes_get_data (input, NULL);
      g_autofree char *from = NULL, *to = NULL;
      g_autoptr(GError) error = NULL;
      RespitePeriod unit;
      gboolean single;

      if (!respite_report_parse_period (text, &from, &to, &unit, &single, &error))
        {
          g_assert_nonnull (error);
          assert_utf8 (error->message, input);
          continue;
        }

      g_assert_no_error (error);
      g_test_message ("%s: %s..%s", text, from, to);
      assert_day (from);
      assert_day (to);
      g_assert_cmpstr (from, <=, to);
      g_assert_true (unit == RESPITE_PERIOD_WEEK || unit == RESPITE_PERIOD_MONTH);
      n_accepted++;
    }

  g_test_message ("%u periods, %u accepted", n, n_accepted);
  g_assert_cmpuint (n_accepted, >, 0);
}

/* --- what the fuzzing found, kept as plain tests ------------------------- */

static void
test_regressions (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *who5 = read_seed (g_getenv ("RESPITE_INSTRUMENTS_DIR"), "who5.json");
  const char * const bad_periods[] = { "-026-10", " 2026-10", "+026-W43", "2026-+1",
                                       "2026-1 ", "2026-10-+1" };

  /* A bad escape, then a backslash at the end: GLib 2.74's GKeyFile sets
   * its error twice, and warns (fatal here). */
  {
    const char *text = "[Organisation]\nname=ab\\xc\\\n";
    g_autoptr(GBytes) input = g_bytes_new_static (text, strlen (text));
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(RespitePolicy) policy = NULL;

    write_input (fixture, input);
    policy = respite_policy_load (fixture->path, NULL, &problems);
    g_assert_cmpuint (problems->len, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "backslash"));
    g_assert_null (respite_policy_get_organisation (policy));
  }

  /* sscanf's %u took a sign or a space for a digit: "-026-10" was the
   * month 10 of the year 65510. */
  for (guint i = 0; i < G_N_ELEMENTS (bad_periods); i++)
    {
      g_autofree char *from = NULL, *to = NULL;
      g_autoptr(GError) error = NULL;
      RespitePeriod unit;
      gboolean single;

      g_assert_false (respite_report_parse_period (bad_periods[i], &from, &to, &unit, &single,
                                                   &error));
      g_assert_error (error, RESPITE_REPORT_ERROR, RESPITE_REPORT_ERROR_PERIOD);
    }

  /* A year before 1000 came out as "26-07-01", which sorts after every
   * real day. */
  {
    g_autofree char *from = NULL, *to = NULL;
    RespitePeriod unit;
    gboolean single;

    g_assert_true (respite_report_parse_period ("0026-07..2026-09", &from, &to, &unit, &single,
                                                NULL));
    g_assert_cmpstr (from, ==, "0026-07-01");
    g_assert_cmpstr (to, ==, "2026-09-30");
  }

  /* Bytes that are not UTF-8 were quoted as they were. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *from = NULL, *to = NULL;
    RespitePeriod unit;
    gboolean single;

    g_assert_false (respite_report_parse_period ("2\xc8" "020-W53", &from, &to, &unit, &single,
                                                 &error));
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
  }

  /* A lone surrogate decodes into bytes that are not UTF-8: in a text, a
   * name, or a JSON error, the instrument is refused with a message that
   * is UTF-8. */
  {
    const char *replacements[][2] = {
      { "\"WHO-5 Well-Being", "\"\\ud800 WHO-5 Well-Being" },
      { "\"scale\"", "\"sc\\ud800ale\"" },
      { "\"scale\"", "\"\xff\"" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (replacements); i++)
      {
        g_autoptr(GString) text = g_string_new (who5);
        g_autoptr(GBytes) input = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(RespiteInstrument) instrument = NULL;

        g_assert_cmpuint (g_string_replace (text, replacements[i][0], replacements[i][1], 1), ==,
                          1);
        input = g_bytes_new (text->str, text->len);
        write_input (fixture, input);
        instrument = respite_instrument_load_file (fixture->path, &error);
        g_assert_null (instrument);
        g_assert_error (error, RESPITE_INSTRUMENT_ERROR, RESPITE_INSTRUMENT_ERROR_INVALID);
        assert_utf8 (error->message, input);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/fuzz/policy", Fixture, NULL, set_up, test_policy, tear_down);
  g_test_add ("/fuzz/instrument", Fixture, NULL, set_up, test_instrument, tear_down);
  g_test_add ("/fuzz/period", Fixture, NULL, set_up, test_period, tear_down);
  g_test_add ("/fuzz/regressions", Fixture, NULL, set_up, test_regressions, tear_down);

  return g_test_run ();
}
