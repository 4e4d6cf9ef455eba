/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "respite-instrument.h"

/* Loads one of the shipped instruments, which must load cleanly. */
static RespiteInstrument *
load_shipped (const char *id)
{
  g_autofree char *file = g_strconcat (id, ".json", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "instruments",
                                                 file, NULL);
  g_autoptr(GError) error = NULL;
  RespiteInstrument *instrument = respite_instrument_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (instrument);
  return instrument;
}

static RespiteInstrumentResult *
score (RespiteInstrument *instrument,
       const int         *answers,
       guint              n_answers)
{
  g_autoptr(GError) error = NULL;
  RespiteInstrumentResult *result;

  result = respite_instrument_score (instrument, answers, n_answers, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* The shipped files */

static void
test_shipped_load (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "data", "instruments", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) instruments = respite_instrument_load_dir (dir, &problems);
  RespiteInstrument *phq4, *pulse, *who5;

  g_assert_nonnull (problems);
  if (problems->len > 0)
    g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, NULL);
  g_assert_cmpuint (instruments->len, ==, 3);

  /* Sorted by id. */
  phq4 = g_ptr_array_index (instruments, 0);
  pulse = g_ptr_array_index (instruments, 1);
  who5 = g_ptr_array_index (instruments, 2);
  g_assert_cmpstr (respite_instrument_get_id (phq4), ==, "phq4");
  g_assert_cmpstr (respite_instrument_get_id (pulse), ==, "pulse");
  g_assert_cmpstr (respite_instrument_get_id (who5), ==, "who5");

  g_assert_true (respite_instrument_get_validated (who5));
  g_assert_true (respite_instrument_get_validated (phq4));
  g_assert_false (respite_instrument_get_validated (pulse));
  g_assert_nonnull (respite_instrument_get_note (pulse));
  g_assert_true (strstr (respite_instrument_get_note (pulse), "not a validated") != NULL);
}

/* The wording of RESEARCH.md, word for word. */
static void
test_shipped_who5_text (void)
{
  g_autoptr(RespiteInstrument) who5 = load_shipped ("who5");
  static const char * const items[] = {
    "I have felt cheerful and in good spirits",
    "I have felt calm and relaxed",
    "I have felt active and vigorous",
    "I woke up feeling fresh and rested",
    "My daily life has been filled with things that interest me",
  };
  static const char * const answers[] = {
    "All of the time", "Most of the time", "More than half of the time",
    "Less than half of the time", "Some of the time", "At no time",
  };

  g_assert_cmpstr (respite_instrument_get_stem (who5), ==, "Over the last two weeks");
  g_assert_cmpuint (respite_instrument_get_n_items (who5), ==, G_N_ELEMENTS (items));
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_assert_cmpstr (respite_instrument_get_item_text (who5, i), ==, items[i]);
      g_assert_false (respite_instrument_get_item_reversed (who5, i));
    }
  /* Scored 5 to 0, shown in that order. */
  g_assert_cmpuint (respite_instrument_get_n_answers (who5), ==, G_N_ELEMENTS (answers));
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_assert_cmpstr (respite_instrument_get_answer_label (who5, i), ==, answers[i]);
      g_assert_cmpint (respite_instrument_get_answer_value (who5, i), ==, 5 - (int) i);
    }
  g_assert_cmpint (respite_instrument_get_min_total (who5), ==, 0);
  g_assert_cmpint (respite_instrument_get_max_total (who5), ==, 25);
  g_assert_true (strstr (respite_instrument_get_attribution (who5), "North Zealand") != NULL);
}

static void
test_shipped_phq4_text (void)
{
  g_autoptr(RespiteInstrument) phq4 = load_shipped ("phq4");
  static const char * const items[] = {
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
  };
  static const char * const answers[] = {
    "Not at all", "Several days", "More than half the days", "Nearly every day",
  };

  g_assert_cmpstr (respite_instrument_get_stem (phq4), ==,
                   "Over the last 2 weeks, how often have you been bothered by the following problems?");
  g_assert_cmpuint (respite_instrument_get_n_items (phq4), ==, G_N_ELEMENTS (items));
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    g_assert_cmpstr (respite_instrument_get_item_text (phq4, i), ==, items[i]);
  g_assert_cmpuint (respite_instrument_get_n_answers (phq4), ==, G_N_ELEMENTS (answers));
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_assert_cmpstr (respite_instrument_get_answer_label (phq4, i), ==, answers[i]);
      g_assert_cmpint (respite_instrument_get_answer_value (phq4, i), ==, (int) i);
    }
  g_assert_cmpuint (respite_instrument_get_n_subscales (phq4), ==, 2);
  g_assert_cmpstr (respite_instrument_get_subscale_id (phq4, 0), ==, "anxiety");
  g_assert_cmpstr (respite_instrument_get_subscale_id (phq4, 1), ==, "depression");
  g_assert_true (strstr (respite_instrument_get_attribution (phq4), "Kroenke") != NULL);
}

/* Scoring: every band edge, computed by hand */

typedef struct
{
  int         answers[5];
  int         raw;
  int         scaled;
  const char *band;
  gboolean    support;
} Who5Case;

static void
test_who5_bands (void)
{
  g_autoptr(RespiteInstrument) who5 = load_shipped ("who5");
  /* raw < 13 suggests support, and so does any item at 0 or 1, whatever
   * the total; ≤ 28 % (raw ≤ 7) is its own band. */
  static const Who5Case cases[] = {
    { { 0, 0, 0, 0, 0 }, 0, 0, "very-low", TRUE },
    { { 2, 2, 1, 1, 1 }, 7, 28, "very-low", TRUE },
    { { 2, 2, 2, 1, 1 }, 8, 32, "low", TRUE },
    { { 3, 3, 2, 2, 2 }, 12, 48, "low", TRUE },
    { { 3, 3, 3, 2, 2 }, 13, 52, "good", FALSE },
    { { 5, 5, 5, 5, 2 }, 22, 88, "good", FALSE },
    { { 5, 5, 5, 5, 1 }, 21, 84, "good", TRUE },
    { { 0, 5, 5, 5, 5 }, 20, 80, "good", TRUE },
    { { 5, 5, 5, 5, 5 }, 25, 100, "good", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RespiteInstrumentResult) result = score (who5, cases[i].answers, 5);

      g_test_message ("case %u: raw %d", i, cases[i].raw);
      g_assert_cmpstr (result->instrument_id, ==, "who5");
      g_assert_cmpint (result->instrument_version, ==, 1);
      g_assert_cmpint (result->raw, ==, cases[i].raw);
      g_assert_true (result->is_scaled);
      g_assert_cmpint (result->scaled, ==, cases[i].scaled);
      g_assert_cmpuint (result->n_subscales, ==, 0);
      g_assert_cmpstr (result->band_id, ==, cases[i].band);
      g_assert_nonnull (result->band_label);
      g_assert_nonnull (result->band_message);
      g_assert_cmpint (result->suggests_support, ==, cases[i].support);
    }
}

typedef struct
{
  int         answers[4];
  int         raw;
  int         anxiety;
  int         depression;
  const char *band;
  gboolean    support;
} Phq4Case;

static void
test_phq4_bands (void)
{
  g_autoptr(RespiteInstrument) phq4 = load_shipped ("phq4");
  /* Items 1+2 are anxiety, 3+4 depression. Support from a total of 6, or
   * from either subscale at 3. */
  static const Phq4Case cases[] = {
    { { 0, 0, 0, 0 }, 0, 0, 0, "none", FALSE },
    { { 1, 0, 1, 0 }, 2, 1, 1, "none", FALSE },
    { { 1, 1, 1, 0 }, 3, 2, 1, "mild", FALSE },
    { { 1, 1, 1, 1 }, 4, 2, 2, "mild", FALSE },
    /* A total of 5 always has a subscale at 3. */
    { { 2, 1, 1, 1 }, 5, 3, 2, "mild", TRUE },
    { { 2, 1, 2, 1 }, 6, 3, 3, "moderate", TRUE },
    { { 2, 2, 2, 2 }, 8, 4, 4, "moderate", TRUE },
    { { 3, 2, 2, 2 }, 9, 5, 4, "severe", TRUE },
    { { 3, 3, 3, 3 }, 12, 6, 6, "severe", TRUE },
    /* Subscales at 2 and at 3, each on its own. */
    { { 1, 1, 0, 0 }, 2, 2, 0, "none", FALSE },
    { { 2, 1, 0, 0 }, 3, 3, 0, "mild", TRUE },
    { { 0, 0, 1, 1 }, 2, 0, 2, "none", FALSE },
    { { 0, 0, 1, 2 }, 3, 0, 3, "mild", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RespiteInstrumentResult) result = score (phq4, cases[i].answers, 4);

      g_test_message ("case %u: raw %d", i, cases[i].raw);
      g_assert_cmpint (result->raw, ==, cases[i].raw);
      g_assert_false (result->is_scaled);
      g_assert_cmpint (result->scaled, ==, cases[i].raw);
      g_assert_cmpuint (result->n_subscales, ==, 2);
      g_assert_cmpint (result->subscales[0], ==, cases[i].anxiety);
      g_assert_cmpint (result->subscales[1], ==, cases[i].depression);
      g_assert_cmpstr (result->band_id, ==, cases[i].band);
      g_assert_cmpint (result->suggests_support, ==, cases[i].support);
    }
}

static void
test_pulse_bands (void)
{
  g_autoptr(RespiteInstrument) pulse = load_shipped ("pulse");
  static const struct
  {
    int         answer;
    const char *band;
    gboolean    support;
  } cases[] = {
    { 0, "struggling", TRUE },
    { 1, "struggling", TRUE },
    { 2, "okay", FALSE },
    { 4, "okay", FALSE },
  };

  g_assert_cmpuint (respite_instrument_get_n_items (pulse), ==, 1);
  g_assert_cmpuint (respite_instrument_get_n_answers (pulse), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RespiteInstrumentResult) result = score (pulse, &cases[i].answer, 1);

      g_assert_cmpstr (result->band_id, ==, cases[i].band);
      g_assert_cmpint (result->suggests_support, ==, cases[i].support);
    }
}

/* The fixture: items a, b (reversed), c on a scale of 1 to 4, scaled × 10,
 * subscale ab suggests support from 7; bands low 3–5 (support), mid 6–9,
 * high 10–12. */
static RespiteInstrument *
load_fixture (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "instruments",
                                                 "reversed.json", NULL);
  g_autoptr(GError) error = NULL;
  RespiteInstrument *instrument = respite_instrument_load_file (path, &error);

  g_assert_no_error (error);
  return instrument;
}

static void
test_reversed (void)
{
  g_autoptr(RespiteInstrument) fixture = load_fixture ();
  static const struct
  {
    int         answers[3];
    int         raw;
    int         ab;
    const char *band;
    gboolean    support;
  } cases[] = {
    /* b = 1 scores 4 (1 + 4 − 1). */
    { { 1, 1, 1 }, 6, 5, "mid", FALSE },
    /* b = 4 scores 1: all at the bottom. */
    { { 1, 4, 1 }, 3, 2, "low", TRUE },
    /* The top band, but the subscale at 8 asks for support. */
    { { 4, 1, 4 }, 12, 8, "high", TRUE },
    /* The subscale at 6: not yet. */
    { { 3, 2, 4 }, 10, 6, "high", FALSE },
    { { 3, 1, 3 }, 10, 7, "high", TRUE },
  };

  g_assert_false (respite_instrument_get_item_reversed (fixture, 0));
  g_assert_true (respite_instrument_get_item_reversed (fixture, 1));
  g_assert_false (respite_instrument_get_item_reversed (fixture, 2));
  g_assert_cmpint (respite_instrument_get_version (fixture), ==, 2);
  g_assert_cmpint (respite_instrument_get_min_total (fixture), ==, 3);
  g_assert_cmpint (respite_instrument_get_max_total (fixture), ==, 12);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RespiteInstrumentResult) result = score (fixture, cases[i].answers, 3);

      g_test_message ("case %u", i);
      g_assert_cmpint (result->raw, ==, cases[i].raw);
      g_assert_cmpint (result->scaled, ==, cases[i].raw * 10);
      g_assert_cmpint (result->subscales[0], ==, cases[i].ab);
      g_assert_cmpstr (result->band_id, ==, cases[i].band);
      g_assert_cmpint (result->suggests_support, ==, cases[i].support);
    }
}

static void
test_score_bad_answers (void)
{
  g_autoptr(RespiteInstrument) fixture = load_fixture ();
  static const int too_high[] = { 1, 5, 1 };
  static const int too_low[] = { 0, 1, 1 };
  static const int too_few[] = { 1, 1 };
  g_autoptr(GError) error = NULL;
  RespiteInstrumentResult *result;

  result = respite_instrument_score (fixture, too_high, 3, &error);
  g_assert_error (error, RESPITE_INSTRUMENT_ERROR, RESPITE_INSTRUMENT_ERROR_ANSWERS);
  g_assert_null (result);
  g_clear_error (&error);

  result = respite_instrument_score (fixture, too_low, 3, &error);
  g_assert_error (error, RESPITE_INSTRUMENT_ERROR, RESPITE_INSTRUMENT_ERROR_ANSWERS);
  g_assert_null (result);
  g_clear_error (&error);

  result = respite_instrument_score (fixture, too_few, 2, &error);
  g_assert_error (error, RESPITE_INSTRUMENT_ERROR, RESPITE_INSTRUMENT_ERROR_ANSWERS);
  g_assert_null (result);
}

static void
test_result_copy (void)
{
  g_autoptr(RespiteInstrument) fixture = load_fixture ();
  static const int answers[] = { 4, 1, 4 };
  g_autoptr(RespiteInstrumentResult) result = score (fixture, answers, 3);
  g_autoptr(RespiteInstrumentResult) copy = NULL;

  g_clear_object (&fixture);  /* a result outlives its instrument */
  copy = g_boxed_copy (RESPITE_TYPE_INSTRUMENT_RESULT, result);
  g_assert_true (copy != result);
  g_assert_cmpstr (copy->instrument_id, ==, "reversed-test");
  g_assert_cmpint (copy->raw, ==, 12);
  g_assert_cmpint (copy->scaled, ==, 120);
  g_assert_cmpuint (copy->n_subscales, ==, 1);
  g_assert_true (copy->subscales != result->subscales);
  g_assert_cmpint (copy->subscales[0], ==, 8);
  g_assert_cmpstr (copy->band_id, ==, "high");
  g_assert_cmpstr (copy->band_label, ==, "High");
  g_assert_cmpstr (copy->band_message, ==, "High.");
  g_assert_true (copy->suggests_support);
}

/* Where instruments are looked for */

static void
test_default_dir (void)
{
  g_autofree char *fixtures = g_test_build_filename (G_TEST_DIST, "core", "instruments", NULL);
  g_autofree char *installed = NULL;
  g_autofree char *overridden = NULL;
  g_autoptr(GPtrArray) instruments = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  g_setenv ("RESPITE_INSTRUMENTS_DIR", "", TRUE);
  installed = respite_instrument_get_default_dir ();
  g_assert_cmpstr (installed, ==, PKGDATADIR "/instruments");

  g_setenv ("RESPITE_INSTRUMENTS_DIR", fixtures, TRUE);
  overridden = respite_instrument_get_default_dir ();
  g_assert_cmpstr (overridden, ==, fixtures);
  instruments = respite_instrument_load_dir (NULL, &problems);
  g_unsetenv ("RESPITE_INSTRUMENTS_DIR");

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (instruments->len, ==, 1);
  g_assert_cmpstr (respite_instrument_get_id (g_ptr_array_index (instruments, 0)), ==,
                   "reversed-test");
}

static void
test_missing_dir (void)
{
  g_autoptr(GPtrArray) instruments = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  instruments = respite_instrument_load_dir ("/nonexistent/respite/instruments", &problems);
  g_assert_cmpuint (instruments->len, ==, 0);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (strstr (g_ptr_array_index (problems, 0), "/nonexistent/respite/instruments") != NULL);
}

/* Malformed files: each is the fixture with one change, next to a good
 * copy of the fixture under another id. The bad file is left out with one
 * problem naming the file, the place and the reason; the good one loads. */

typedef struct
{
  const char *name;
  const char *old;     /* replaced, once, in the fixture's text */
  const char *new;     /* (nullable): then the whole file is old */
  const char *where;   /* the JSON path in the message */
  const char *reason;  /* part of the message */
} Malformed;

static const Malformed malformed[] = {
  { "not-json", "{\n  \"format\"", "{{ \"format\"", NULL, "not valid JSON" },
  { "not-object", NULL, "[1, 2, 3]", "$", "must be an object" },
  { "format", "\"format\": 1", "\"format\": 2", "$.format", "format 2 is not known" },
  { "missing-stem",
    "\"stem\": \"A fixture for the tests: three items on a scale of 1 to 4, the second reversed.\",",
    "", "$.stem", "required, but missing" },
  { "missing-item-text", "{ \"id\": \"c\", \"text\": \"Third\", \"reversed\": false }",
    "{ \"id\": \"c\", \"reversed\": false }", "$.items[2].text", "required, but missing" },
  { "empty-title", "\"title\": \"Reversed items\"", "\"title\": \"\"", "$.title", "must not be empty" },
  { "wrong-type-version", "\"version\": 2", "\"version\": \"2\"", "$.version", "must be a whole number" },
  { "wrong-type-fraction", "\"version\": 2", "\"version\": 2.5", "$.version", "must be a whole number" },
  { "wrong-type-reversed", "\"reversed\": true", "\"reversed\": \"yes\"", "$.items[1].reversed",
    "must be true or false" },
  { "wrong-type-list", "\"items\": [\"a\", \"b\"]", "\"items\": \"a b\"",
    "$.scoring.subscales[0].items", "must be a list" },
  { "unknown-field", "{ \"id\": \"a\", \"text\": \"First\" }",
    "{ \"id\": \"a\", \"text\": \"First\", \"reverse\": true }", "$.items[0].reverse",
    "unknown field" },
  { "bad-id", "\"id\": \"reversed-test\"", "\"id\": \"Reversed Test\"", "$.id",
    "lower-case letters" },
  { "duplicate-item", "{ \"id\": \"b\", \"text\": \"Second\"", "{ \"id\": \"a\", \"text\": \"Second\"",
    "$.items[1].id", "“a” is used by an earlier item" },
  { "duplicate-answer", "{ \"value\": 3, \"label\": \"Three\" }",
    "{ \"value\": 2, \"label\": \"Three\" }", "$.scale[2].value", "2 is used by an earlier answer" },
  { "scale-gap", "{ \"value\": 4, \"label\": \"Four\" }", "{ \"value\": 5, \"label\": \"Five\" }",
    "$.scale", "consecutive whole numbers" },
  { "threshold-off-scale", "\"multiplier\": 10,", "\"multiplier\": 10, \"support_if_any_item_at_most\": 5,",
    "$.scoring.support_if_any_item_at_most", "from 1 to 4" },
  { "subscale-threshold-off-scale", "\"support_if_at_least\": 7", "\"support_if_at_least\": 9",
    "$.scoring.subscales[0].support_if_at_least", "from 2 to 8" },
  { "band-off-scale", "\"min\": 10, \"max\": 12", "\"min\": 10, \"max\": 13",
    "$.bands[2].max", "from 10 to 12" },
  { "unknown-scoring", "\"type\": \"scaled\"", "\"type\": \"average\"", "$.scoring.type",
    "unknown scoring type “average”" },
  { "scaled-without-multiplier", "\"multiplier\": 10,", "", "$.scoring.multiplier",
    "required, but missing" },
  { "sum-with-multiplier", "\"type\": \"scaled\"", "\"type\": \"sum\"", "$.scoring.multiplier",
    "only a “scaled” score has a multiplier" },
  { "subscale-unknown-item", "\"items\": [\"a\", \"b\"]", "\"items\": [\"a\", \"z\"]",
    "$.scoring.subscales[0].items[1]", "there is no item “z”" },
  { "band-gap", "\"min\": 10, \"max\": 12", "\"min\": 11, \"max\": 12", "$.bands",
    "no band holds the total 10" },
  { "band-overlap", "\"min\": 6, \"max\": 9", "\"min\": 6, \"max\": 10", "$.bands[2]",
    "the total 10 is already in an earlier band" },
  { "band-inverted", "\"min\": 6, \"max\": 9", "\"min\": 9, \"max\": 6", "$.bands[1].max",
    "from 9 to 12" },
  { "duplicate-band", "{ \"id\": \"mid\"", "{ \"id\": \"low\"", "$.bands[1].id",
    "“low” is used by an earlier band" },
  { "no-bands", NULL, NULL, "$.bands", "must not be empty" },
};

static char *
fixture_text (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "instruments",
                                                 "reversed.json", NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* The fixture's text with @old replaced by @new, which must occur once. */
static char *
fixture_text_with (const char *old,
                   const char *new)
{
  g_autofree char *text = fixture_text ();
  g_auto(GStrv) parts = NULL;

  parts = g_strsplit (text, old, -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  return g_strjoinv (new, parts);
}

static char *
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_malformed (gconstpointer data)
{
  const Malformed *bad = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("respite-test-instrument-XXXXXX", &error);
  g_autofree char *good_text = fixture_text_with ("\"id\": \"reversed-test\"", "\"id\": \"good\"");
  g_autofree char *bad_text = NULL;
  g_autofree char *good_path = NULL;
  g_autofree char *bad_path = NULL;
  g_autoptr(RespiteInstrument) instrument = NULL;
  g_autoptr(GPtrArray) instruments = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *prefix = NULL;
  const char *message;

  g_assert_no_error (error);
  if (g_str_equal (bad->name, "no-bands"))
    {
      g_autofree char *start = fixture_text ();
      char *bands;

      /* Cut the bands out, and close the list empty. */
      bands = strstr (start, "\"bands\": [");
      g_assert_nonnull (bands);
      bands[strlen ("\"bands\": [")] = '\0';
      bad_text = g_strconcat (start, "]\n}\n", NULL);
    }
  else if (bad->old == NULL)
    bad_text = g_strdup (bad->new);
  else
    bad_text = fixture_text_with (bad->old, bad->new);

  good_path = write_file (dir, "good.json", good_text);
  bad_path = write_file (dir, "a-bad.json", bad_text);

  instrument = respite_instrument_load_file (bad_path, &error);
  g_assert_error (error, RESPITE_INSTRUMENT_ERROR, RESPITE_INSTRUMENT_ERROR_INVALID);
  g_assert_null (instrument);

  prefix = bad->where ? g_strdup_printf ("%s: %s: ", bad_path, bad->where)
                      : g_strdup_printf ("%s: ", bad_path);
  if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, bad->reason) == NULL)
    g_assert_cmpstr (error->message, ==, prefix);

  instruments = respite_instrument_load_dir (dir, &problems);
  g_assert_cmpuint (instruments->len, ==, 1);
  g_assert_cmpstr (respite_instrument_get_id (g_ptr_array_index (instruments, 0)), ==, "good");
  g_assert_cmpuint (problems->len, ==, 1);
  message = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (message, ==, error->message);

  g_remove (good_path);
  g_remove (bad_path);
  g_rmdir (dir);
}

/* Two files with one id: the first by file name is kept. */
static void
test_duplicate_id (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("respite-test-instrument-XXXXXX", &error);
  g_autofree char *first_text = fixture_text_with ("\"version\": 2", "\"version\": 3");
  g_autofree char *second_text = fixture_text_with ("\"version\": 2", "\"version\": 2");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GPtrArray) instruments = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  const char *message;

  g_assert_no_error (error);
  first = write_file (dir, "a.json", first_text);
  second = write_file (dir, "b.json", second_text);
  instruments = respite_instrument_load_dir (dir, &problems);

  g_assert_cmpuint (instruments->len, ==, 1);
  g_assert_cmpint (respite_instrument_get_version (g_ptr_array_index (instruments, 0)), ==, 3);
  g_assert_cmpuint (problems->len, ==, 1);
  message = g_ptr_array_index (problems, 0);
  g_assert_true (g_str_has_prefix (message, second));
  g_assert_true (strstr (message, "“reversed-test” is already the id of an earlier file") != NULL);

  g_remove (first);
  g_remove (second);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/instrument/shipped/load", test_shipped_load);
  g_test_add_func ("/instrument/shipped/who5-text", test_shipped_who5_text);
  g_test_add_func ("/instrument/shipped/phq4-text", test_shipped_phq4_text);
  g_test_add_func ("/instrument/score/who5-bands", test_who5_bands);
  g_test_add_func ("/instrument/score/phq4-bands", test_phq4_bands);
  g_test_add_func ("/instrument/score/pulse-bands", test_pulse_bands);
  g_test_add_func ("/instrument/score/reversed", test_reversed);
  g_test_add_func ("/instrument/score/bad-answers", test_score_bad_answers);
  g_test_add_func ("/instrument/score/result-copy", test_result_copy);
  g_test_add_func ("/instrument/load/default-dir", test_default_dir);
  g_test_add_func ("/instrument/load/missing-dir", test_missing_dir);
  g_test_add_func ("/instrument/load/duplicate-id", test_duplicate_id);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *path = g_strconcat ("/instrument/malformed/", malformed[i].name, NULL);
      g_test_add_data_func (path, &malformed[i], test_malformed);
    }

  return g_test_run ();
}
