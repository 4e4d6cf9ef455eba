/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "respite-policy.h"

#define SCHEMA_ID "io.github.respite.Respite"
#define MINUTE ((gint64) 60)
#define DAY ((gint64) 86400)

static const char * const personal_keys[] = {
  "break-interval-minutes",
  "break-duration-minutes",
  "daily-cap-minutes",
  "decompression-minutes",
};

typedef struct
{
  char      *dir;       /* (owned) */
  char      *path;      /* (owned): organisation.conf in dir, written by the test */
  GSettings *settings;  /* (owned) */
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("respite-test-policy-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "organisation.conf", NULL);
  fixture->settings = g_settings_new (SCHEMA_ID);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  /* The memory backend lives as long as the process: leave it clean. */
  for (guint i = 0; i < G_N_ELEMENTS (personal_keys); i++)
    g_settings_reset (fixture->settings, personal_keys[i]);
  g_clear_object (&fixture->settings);

  g_chmod (fixture->path, 0600);
  if (g_remove (fixture->path) != 0)
    g_rmdir (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
write_conf_len (Fixture    *fixture,
                const char *text,
                gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (fixture->path, text, length, &error);
  g_assert_no_error (error);
}

static RespitePolicy *
load_text (Fixture     *fixture,
           const char  *text,
           GPtrArray  **problems)
{
  write_conf_len (fixture, text, -1);
  return respite_policy_load (fixture->path, NULL, problems);
}

/* Fails showing the whole message, not just that a test was false. */
static void
assert_contains (const char *message,
                 const char *part)
{
  if (strstr (message, part) == NULL)
    g_assert_cmpstr (message, ==, part);
}

/* That @problems[@index] is about @path at @line (0: no line), names
 * @subject (nullable, "[Group] key" or "[Group]") and says @reason. */
static void
assert_problem (GPtrArray  *problems,
                guint       index,
                const char *path,
                guint       line,
                const char *subject,
                const char *reason)
{
  g_autofree char *prefix = NULL;
  const char *message;

  g_assert_nonnull (problems);
  g_assert_cmpuint (index, <, problems->len);
  message = g_ptr_array_index (problems, index);

  if (line > 0)
    prefix = g_strdup_printf ("%s:%u: %s%s", path, line,
                              subject ? subject : "", subject ? ": " : "");
  else
    prefix = g_strdup_printf ("%s: ", path);
  if (!g_str_has_prefix (message, prefix))
    g_assert_cmpstr (message, ==, prefix);

  assert_contains (message, reason);
}

static void
assert_rules_equal (RespitePolicy *a,
                    RespitePolicy *b)
{
  g_assert_cmpint (respite_policy_get_break_interval (a), ==,
                   respite_policy_get_break_interval (b));
  g_assert_cmpint (respite_policy_get_break_reminder (a), ==,
                   respite_policy_get_break_reminder (b));
  g_assert_cmpint (respite_policy_get_break_duration (a), ==,
                   respite_policy_get_break_duration (b));
  g_assert_cmpint (respite_policy_get_snooze (a), ==, respite_policy_get_snooze (b));
  g_assert_cmpint (respite_policy_get_strict_breaks (a), ==, respite_policy_get_strict_breaks (b));
  g_assert_cmpint (respite_policy_get_daily_cap (a), ==, respite_policy_get_daily_cap (b));
  g_assert_cmpuint (respite_policy_get_cap_warning_percent (a), ==,
                    respite_policy_get_cap_warning_percent (b));
  g_assert_cmpint (respite_policy_get_decompression (a), ==, respite_policy_get_decompression (b));
  for (RespiteKind kind = 0; kind < RESPITE_N_KINDS; kind++)
    g_assert_cmpint (respite_policy_get_idle_threshold (a, kind), ==,
                     respite_policy_get_idle_threshold (b, kind));
  g_assert_cmpuint (respite_policy_get_anonymity_threshold (a), ==,
                    respite_policy_get_anonymity_threshold (b));
  g_assert_cmpint (respite_policy_get_pulse_intensity (a), ==,
                   respite_policy_get_pulse_intensity (b));
  g_assert_cmpint (respite_policy_get_check_in_interval (a, "who5"), ==,
                   respite_policy_get_check_in_interval (b, "who5"));
  g_assert_cmpint (respite_policy_get_check_in_interval (a, "phq4"), ==,
                   respite_policy_get_check_in_interval (b, "phq4"));
  g_assert_cmpint (respite_policy_get_counselling_interval (a), ==,
                   respite_policy_get_counselling_interval (b));
  g_assert_cmpint (respite_policy_get_retention (a), ==, respite_policy_get_retention (b));
}

static void
assert_default_rules (RespitePolicy *policy)
{
  g_autoptr(RespitePolicy) defaults = respite_policy_new_default ();

  assert_rules_equal (policy, defaults);
}

/* Parsing */

static void
test_defaults (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = respite_policy_new_default ();

  /* The values of RESEARCH.md and docs/policy-defaults.md. */
  g_assert_cmpint (respite_policy_get_break_interval (policy), ==, 60 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_reminder (policy), ==, 50 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_duration (policy), ==, 10 * MINUTE);
  g_assert_cmpint (respite_policy_get_snooze (policy), ==, 5 * MINUTE);
  g_assert_false (respite_policy_get_strict_breaks (policy));
  g_assert_cmpint (respite_policy_get_daily_cap (policy), ==, 240 * MINUTE);
  g_assert_cmpuint (respite_policy_get_cap_warning_percent (policy), ==, 90);
  g_assert_cmpint (respite_policy_get_decompression (policy), ==, 15 * MINUTE);
  g_assert_cmpint (respite_policy_get_idle_threshold (policy, RESPITE_KIND_IMAGE), ==, 300);
  g_assert_cmpint (respite_policy_get_idle_threshold (policy, RESPITE_KIND_TEXT), ==, 300);
  g_assert_cmpint (respite_policy_get_idle_threshold (policy, RESPITE_KIND_AUDIO), ==, 600);
  g_assert_cmpint (respite_policy_get_idle_threshold (policy, RESPITE_KIND_VIDEO), ==, 1200);
  g_assert_cmpint (respite_policy_get_idle_threshold (policy, RESPITE_KIND_LIVE), ==, 0);
  g_assert_cmpuint (respite_policy_get_anonymity_threshold (policy), ==, 5);
  g_assert_cmpint (respite_policy_get_pulse_intensity (policy), ==, 3);
  g_assert_cmpint (respite_policy_get_check_in_interval (policy, "who5"), ==, 14 * DAY);
  g_assert_cmpint (respite_policy_get_check_in_interval (policy, "phq4"), ==, 0);
  g_assert_cmpint (respite_policy_get_check_in_interval (policy, "pulse"), ==, 0);
  g_assert_cmpint (respite_policy_get_counselling_interval (policy), ==, 30 * DAY);
  g_assert_cmpint (respite_policy_get_retention (policy), ==, 365 * DAY);

  /* No services, but a crisis line all the same. */
  g_assert_true (respite_support_is_empty (respite_policy_get_support (policy)));
  g_assert_cmpstr (respite_support_get_crisis_line (respite_policy_get_support (policy))->phone,
                   ==, "112");

  g_assert_true (respite_policy_is_default (policy));
  g_assert_null (respite_policy_get_source (policy));
  g_assert_null (respite_policy_get_organisation (policy));
  g_assert_null (respite_policy_get_version (policy));
}

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = NULL;

  policy = respite_policy_load (fixture->path, fixture->settings, &problems);

  /* No policy is a choice, not a mistake. */
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (respite_policy_is_default (policy));
  g_assert_null (respite_policy_get_source (policy));
  assert_default_rules (policy);
}

static void
test_shipped_example (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "..", "data", "organisation.conf", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = respite_policy_load (path, NULL, &problems);
  GPtrArray *services;

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_false (respite_policy_is_default (policy));
  g_assert_cmpstr (respite_policy_get_source (policy), ==, path);
  g_assert_cmpstr (respite_policy_get_organisation (policy), ==, "Example Hotline");
  g_assert_cmpstr (respite_policy_get_version (policy), ==, "2026-11");
  /* The example documents the defaults: the two must not drift apart. */
  assert_default_rules (policy);
  /* Its services are examples, clearly marked as such. */
  services = respite_support_get_services (respite_policy_get_support (policy));
  g_assert_cmpuint (services->len, >=, 2);
  for (guint i = 0; i < services->len; i++)
    {
      const RespiteSupportService *service = g_ptr_array_index (services, i);

      assert_contains (service->name, "Example");
    }
}

static void
test_all_keys (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "# Somewhere\n"
    "[Organisation]\n"
    "name=Hotline\\sNorth \n"
    "version=v7\n"
    "[Breaks]\n"
    "interval-minutes=45\n"
    "reminder-minutes=40\n"
    "duration-minutes=15\n"
    "snooze-minutes=3\n"
    "strict=true\n"
    "[Cap]\n"
    "daily-minutes=180\n"
    "warning-percent=80\n"
    "[Shift]\n"
    "decompression-minutes=20\n"
    "[Idle]\n"
    "image-seconds=120\n"
    "text-seconds=0\n"
    "audio-seconds=900\n"
    "video-seconds=3600\n"
    "live-seconds=7200\n"
    "[Privacy]\n"
    "anonymity-threshold=8\n"
    "[CheckIns]\n"
    "pulse-intensity=2\n"
    "who5-days=28\n"
    "phq4-days=90\n"
    "[Counselling]\n"
    "reminder-days=0\n"
    "[Data]\n"
    "retention-days=90\n", &problems);

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_false (respite_policy_is_default (policy));
  g_assert_cmpstr (respite_policy_get_source (policy), ==, fixture->path);
  /* GKeyFile's escapes apply; trailing blanks do not. */
  g_assert_cmpstr (respite_policy_get_organisation (policy), ==, "Hotline North");
  g_assert_cmpstr (respite_policy_get_version (policy), ==, "v7");
  g_assert_cmpint (respite_policy_get_break_interval (policy), ==, 45 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_reminder (policy), ==, 40 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_duration (policy), ==, 15 * MINUTE);
  g_assert_cmpint (respite_policy_get_snooze (policy), ==, 3 * MINUTE);
  g_assert_true (respite_policy_get_strict_breaks (policy));
  g_assert_cmpint (respite_policy_get_daily_cap (policy), ==, 180 * MINUTE);
  g_assert_cmpuint (respite_policy_get_cap_warning_percent (policy), ==, 80);
  g_assert_cmpint (respite_policy_get_decompression (policy), ==, 20 * MINUTE);
  g_assert_cmpint (respite_policy_get_idle_threshold (policy, RESPITE_KIND_IMAGE), ==, 120);
  g_assert_cmpint (respite_policy_get_idle_threshold (policy, RESPITE_KIND_TEXT), ==, 0);
  g_assert_cmpint (respite_policy_get_idle_threshold (policy, RESPITE_KIND_AUDIO), ==, 900);
  g_assert_cmpint (respite_policy_get_idle_threshold (policy, RESPITE_KIND_VIDEO), ==, 3600);
  g_assert_cmpint (respite_policy_get_idle_threshold (policy, RESPITE_KIND_LIVE), ==, 7200);
  g_assert_cmpuint (respite_policy_get_anonymity_threshold (policy), ==, 8);
  g_assert_cmpint (respite_policy_get_pulse_intensity (policy), ==, 2);
  g_assert_cmpint (respite_policy_get_check_in_interval (policy, "who5"), ==, 28 * DAY);
  g_assert_cmpint (respite_policy_get_check_in_interval (policy, "phq4"), ==, 90 * DAY);
  g_assert_cmpint (respite_policy_get_counselling_interval (policy), ==, 0);
  g_assert_cmpint (respite_policy_get_retention (policy), ==, 90 * DAY);
}

/* Support */

static void
test_support_services (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[Service counselling]\n"
    "name=Calm\\sWaters Counselling\n"
    "description=Confidential counselling for staff.\n"
    "phone=+33 (0)1 23 45 67 89\n"
    "email=help@calm.example\n"
    "web=https://calm.example/staff\n"
    "hours=Weekdays, 8:00 to 20:00\n"
    "languages=English, French\n"
    "[Service night line]\n"
    "name=Night Line\n"
    "phone=0800 123 456\n"
    "crisis=true\n"
    "[Crisis]\n"
    "name=Samaritans\n"
    "phone=116 123\n", &problems);
  RespiteSupport *support = respite_policy_get_support (policy);
  GPtrArray *services = respite_support_get_services (support);
  const RespiteSupportService *service;
  g_autofree char *tel = NULL;
  g_autofree char *mailto = NULL;

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_false (respite_support_is_empty (support));
  g_assert_cmpuint (services->len, ==, 2);

  /* A crisis service comes first, whatever its place in the file. */
  service = g_ptr_array_index (services, 0);
  g_assert_cmpstr (service->name, ==, "Night Line");
  g_assert_true (service->crisis);

  service = g_ptr_array_index (services, 1);
  g_assert_cmpstr (service->name, ==, "Calm Waters Counselling");
  g_assert_cmpstr (service->description, ==, "Confidential counselling for staff.");
  g_assert_cmpstr (service->hours, ==, "Weekdays, 8:00 to 20:00");
  g_assert_cmpstr (service->languages, ==, "English, French");
  g_assert_false (service->crisis);
  tel = respite_support_service_dup_phone_uri (service);
  g_assert_cmpstr (tel, ==, "tel:+330123456789");
  mailto = respite_support_service_dup_email_uri (service);
  g_assert_cmpstr (mailto, ==, "mailto:help@calm.example");
  g_assert_cmpstr (service->web, ==, "https://calm.example/staff");

  service = respite_support_get_crisis_line (support);
  g_assert_cmpstr (service->name, ==, "Samaritans");
  g_assert_true (service->crisis);
}

static void
test_support_malformed (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[Service a]\n"            /* 1 */
    "phone=0800 123 456\n"
    "[Service b]\n"            /* 3 */
    "name=B\n"
    "phone=call us\n"          /* 5 */
    "email=not-an-address\n"   /* 6 */
    "web=javascript:alert(1)\n" /* 7 */
    "[Service c]\n"
    "name=C\n"
    "fax=0123\n"               /* 10 */
    "web=http://c.example\n"
    "crisis=maybe\n"           /* 12 */
    "[Service ]\n"             /* 13 */
    "name=D\n"
    "[Crisis]\n"
    "description=Only words\n" /* 16 */, &problems);
  RespiteSupport *support = respite_policy_get_support (policy);
  GPtrArray *services = respite_support_get_services (support);
  const char *path = fixture->path;

  g_assert_cmpuint (problems->len, ==, 9);
  assert_problem (problems, 0, path, 1, "[Service a]", "has no name");
  assert_problem (problems, 1, path, 3, "[Service b]", "no phone, email or web address");
  assert_problem (problems, 2, path, 5, "[Service b] phone", "not a phone number");
  assert_problem (problems, 3, path, 6, "[Service b] email", "not an e-mail address");
  assert_problem (problems, 4, path, 7, "[Service b] web", "not a web address");
  assert_problem (problems, 5, path, 10, "[Service c] fax", "unknown key");
  assert_problem (problems, 6, path, 12, "[Service c] crisis", "neither true nor false");
  /* "Service " alone names no service: an unknown group. */
  assert_problem (problems, 7, path, 13, "[Service ]", "unknown group");
  assert_problem (problems, 8, path, 16, "[Crisis]", "the built-in one is shown");

  /* Only the service that can be reached is offered. */
  g_assert_cmpuint (services->len, ==, 1);
  g_assert_cmpstr (((RespiteSupportService *) g_ptr_array_index (services, 0))->name, ==, "C");
  g_assert_false (((RespiteSupportService *) g_ptr_array_index (services, 0))->crisis);
  g_assert_cmpstr (respite_support_get_crisis_line (support)->phone, ==, "112");
}

/* The team store */

static void
test_team_store (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) defaults = respite_policy_new_default ();
  g_autoptr(RespitePolicy) pg = load_text (fixture,
    "[TeamStore]\n"
    "type=postgresql\n"
    "conninfo=host=/run/db dbname=respite user=reviewer\n"
    "team=Hotline North\n"
    "group=Trust and Safety\n"
    "allow-opt-out=false\n"
    "[Privacy]\n"
    "epsilon-budget=0.5\n", &problems);

  g_assert_cmpstr (respite_policy_get_team_store_type (defaults), ==, "sqlite");
  g_assert_null (respite_policy_get_team_store_location (defaults));
  g_assert_null (respite_policy_get_team (defaults));
  g_assert_null (respite_policy_get_group (defaults));
  g_assert_true (respite_policy_get_allow_opt_out (defaults));
  g_assert_cmpfloat (respite_policy_get_epsilon_budget (defaults), ==, 2.0);

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (respite_policy_get_team_store_type (pg), ==, "postgresql");
  g_assert_cmpstr (respite_policy_get_team_store_location (pg), ==,
                   "host=/run/db dbname=respite user=reviewer");
  g_assert_cmpstr (respite_policy_get_team (pg), ==, "Hotline North");
  g_assert_cmpstr (respite_policy_get_group (pg), ==, "Trust and Safety");
  g_assert_false (respite_policy_get_allow_opt_out (pg));
  g_assert_cmpfloat (respite_policy_get_epsilon_budget (pg), ==, 0.5);
}

/* A group a team store would refuse (over 100 characters) is not used,
 * with a problem naming the line; the team is still published. */
static void
test_team_store_group (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *long_name = g_strnfill (101, 'g');
  g_autofree char *text = g_strdup_printf ("[TeamStore]\n"
                                           "team=North\n"
                                           "group=\n"
                                           "[Organisation]\n"
                                           "name=Example\n");
  g_autofree char *long_text = g_strdup_printf ("[TeamStore]\n"
                                                "team=North\n"
                                                "group=%s\n", long_name);  /* 3 */
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) empty = load_text (fixture, text, &problems);
  g_autoptr(RespitePolicy) longer = NULL;

  /* Empty, as team= empty: none. */
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_null (respite_policy_get_group (empty));
  g_assert_cmpstr (respite_policy_get_team (empty), ==, "North");

  g_clear_pointer (&problems, g_ptr_array_unref);
  longer = load_text (fixture, long_text, &problems);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, 0, fixture->path, 3, "[TeamStore] group",
                  "A group name has 1 to 100 characters; no group is used");
  g_assert_null (respite_policy_get_group (longer));
  g_assert_cmpstr (respite_policy_get_team (longer), ==, "North");
}

static void
test_team_store_malformed (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[TeamStore]\n"
    "type=postgresql\n"
    "conninfo=host=db user=r password=hunter2\n"   /* 3 */
    "team=North\n"
    "[Privacy]\n"
    "epsilon-budget=lots\n", &problems);            /* 6 */
  g_autoptr(RespitePolicy) typo = NULL;

  g_assert_cmpuint (problems->len, ==, 2);
  assert_problem (problems, 0, fixture->path, 3, "[TeamStore] conninfo",
                  "a password does not belong in this file");
  /* The password itself is never repeated. */
  g_assert_null (strstr (g_ptr_array_index (problems, 0), "hunter2"));
  assert_problem (problems, 1, fixture->path, 6, "[Privacy] epsilon-budget",
                  "not a number from 0 to 1000");
  /* Nothing is published anywhere else instead. */
  g_assert_null (respite_policy_get_team (policy));
  g_assert_null (respite_policy_get_team_store_location (policy));
  g_assert_cmpfloat (respite_policy_get_epsilon_budget (policy), ==, 2.0);

  /* A URI has no password keyword, but may hold one all the same. */
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_object (&policy);
  policy = load_text (fixture,
                      "[TeamStore]\n"
                      "type=postgresql\n"
                      "conninfo=postgresql://r:hunter2@db/respite\n"
                      "team=North\n", &problems);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, 0, fixture->path, 3, "[TeamStore] conninfo",
                  "a password does not belong in this file");
  g_assert_null (strstr (g_ptr_array_index (problems, 0), "hunter2"));
  g_assert_null (respite_policy_get_team_store_location (policy));

  /* A URI without one is used as it is. */
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_object (&policy);
  policy = load_text (fixture,
                      "[TeamStore]\n"
                      "type=postgresql\n"
                      "conninfo=postgresql://r@db/respite\n"
                      "team=North\n", &problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (respite_policy_get_team_store_location (policy), ==, "postgresql://r@db/respite");

  /* Read as libpq reads a URI, without libpq, which the app loads only for
   * a PostgreSQL store: a parameter's name may be percent-encoded, and an
   * empty password after the user is none. */
  {
    const struct { const char *conninfo; gboolean refused; } cases[] = {
      { "postgresql://db/respite?%70assword=hunter2", TRUE },
      { "postgres://db/respite?host=x&pass%77ord=hunter2", TRUE },
      { "postgres://r:hunter2@db", TRUE },
      { "postgresql://r:hunter2@", TRUE },
      { "postgresql://r:@db/respite", FALSE },
      { "postgresql://db/r:x@y", FALSE },   /* after the '/': the database */
      { "postgresql://r@db:5432/respite?sslmode=verify-full", FALSE },
      { "host=db user=r:hunter2@", FALSE },  /* no URI: a user name */
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *text = g_strdup_printf ("[TeamStore]\ntype=postgresql\nconninfo=%s\n",
                                                 cases[i].conninfo);

        g_test_message ("%s", cases[i].conninfo);
        g_clear_pointer (&problems, g_ptr_array_unref);
        g_clear_object (&policy);
        policy = load_text (fixture, text, &problems);
        g_assert_cmpuint (problems->len, ==, cases[i].refused ? 1 : 0);
        if (cases[i].refused)
          {
            assert_problem (problems, 0, fixture->path, 3, "[TeamStore] conninfo",
                            "a password does not belong in this file");
            g_assert_null (respite_policy_get_team_store_location (policy));
          }
        else
          {
            g_assert_cmpstr (respite_policy_get_team_store_location (policy), ==,
                             cases[i].conninfo);
          }
      }
  }

  g_clear_pointer (&problems, g_ptr_array_unref);
  typo = load_text (fixture, "[TeamStore]\ntype=postgres\nteam=North\n", &problems);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, 0, fixture->path, 2, "[TeamStore] type",
                  "neither sqlite nor postgresql");
  g_assert_null (respite_policy_get_team (typo));
}

/* Check-ins */

static void
test_check_in_due (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[CheckIns]\n"
    "who5-days=14\n"
    "phq4-days=0\n"
    "pulse-intensity=2\n", NULL);
  const gint64 now = 1800000000;

  /* Never done: due. */
  g_assert_true (respite_policy_check_in_due (policy, "who5", 0, now));
  /* One second short of the interval, then exactly on it. */
  g_assert_false (respite_policy_check_in_due (policy, "who5", now - 14 * DAY + 1, now));
  g_assert_true (respite_policy_check_in_due (policy, "who5", now - 14 * DAY, now));
  /* A clock set back: the last time is in the future, so not due. */
  g_assert_false (respite_policy_check_in_due (policy, "who5", now + DAY, now));
  /* Turned off, and instruments with no schedule, are never due. */
  g_assert_false (respite_policy_check_in_due (policy, "phq4", 0, now));
  g_assert_false (respite_policy_check_in_due (policy, "pulse", 0, now));

  g_assert_false (respite_policy_pulse_after (policy, 1));
  g_assert_true (respite_policy_pulse_after (policy, 2));
  g_assert_true (respite_policy_pulse_after (policy, 3));
}

static void
test_check_in_off (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[CheckIns]\n"
    "pulse-intensity=0\n"
    "who5-days=400\n", &problems);

  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, 0, fixture->path, 3, "[CheckIns] who5-days",
                  "out of range (0 to turn it off, or 1 to 365)");
  g_assert_cmpint (respite_policy_get_check_in_interval (policy, "who5"), ==, 14 * DAY);
  for (int intensity = 1; intensity <= 3; intensity++)
    g_assert_false (respite_policy_pulse_after (policy, intensity));
}

static void
test_range_limits (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) low = NULL;
  g_autoptr(RespitePolicy) high = NULL;

  low = load_text (fixture,
    "[Breaks]\ninterval-minutes=10\nreminder-minutes=9\nduration-minutes=1\nsnooze-minutes=1\n"
    "strict=0\n"
    "[Cap]\ndaily-minutes=30\nwarning-percent=50\n"
    "[Shift]\ndecompression-minutes=0\n"
    "[Idle]\nimage-seconds=30\nvideo-seconds=0\n"
    "[Privacy]\nanonymity-threshold=3\n", &problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (respite_policy_get_break_interval (low), ==, 10 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_reminder (low), ==, 9 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_duration (low), ==, 1 * MINUTE);
  g_assert_cmpint (respite_policy_get_snooze (low), ==, 1 * MINUTE);
  g_assert_false (respite_policy_get_strict_breaks (low));
  g_assert_cmpint (respite_policy_get_daily_cap (low), ==, 30 * MINUTE);
  g_assert_cmpuint (respite_policy_get_cap_warning_percent (low), ==, 50);
  g_assert_cmpint (respite_policy_get_decompression (low), ==, 0);
  g_assert_cmpint (respite_policy_get_idle_threshold (low, RESPITE_KIND_IMAGE), ==, 30);
  g_assert_cmpint (respite_policy_get_idle_threshold (low, RESPITE_KIND_VIDEO), ==, 0);
  g_assert_cmpuint (respite_policy_get_anonymity_threshold (low), ==, 3);
  g_clear_pointer (&problems, g_ptr_array_unref);

  high = load_text (fixture,
    "[Breaks]\ninterval-minutes=480\nreminder-minutes=479\nduration-minutes=120\n"
    "snooze-minutes=60\nstrict=1\n"
    "[Cap]\ndaily-minutes=720\nwarning-percent=99\n"
    "[Shift]\ndecompression-minutes=120\n"
    "[Idle]\nimage-seconds=7200\n"
    "[Privacy]\nanonymity-threshold=1000\n", &problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (respite_policy_get_break_interval (high), ==, 480 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_reminder (high), ==, 479 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_duration (high), ==, 120 * MINUTE);
  g_assert_cmpint (respite_policy_get_snooze (high), ==, 60 * MINUTE);
  g_assert_true (respite_policy_get_strict_breaks (high));
  g_assert_cmpint (respite_policy_get_daily_cap (high), ==, 720 * MINUTE);
  g_assert_cmpuint (respite_policy_get_cap_warning_percent (high), ==, 99);
  g_assert_cmpint (respite_policy_get_decompression (high), ==, 120 * MINUTE);
  g_assert_cmpint (respite_policy_get_idle_threshold (high, RESPITE_KIND_IMAGE), ==, 7200);
  g_assert_cmpuint (respite_policy_get_anonymity_threshold (high), ==, 1000);
}

static void
test_empty_file (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture, "", &problems);

  g_assert_cmpuint (problems->len, ==, 0);
  assert_default_rules (policy);
  /* A file was deployed, even if it changes nothing. */
  g_assert_false (respite_policy_is_default (policy));
  g_assert_cmpstr (respite_policy_get_source (policy), ==, fixture->path);
  g_assert_null (respite_policy_get_organisation (policy));
}

static void
test_syntax_error (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[Breaks]\n"
    "interval-minutes 45\n"
    "duration-minutes=20\n"
    "=7\n"
    "[Cap]\n"
    "daily-minutes=120\n", &problems);

  g_assert_cmpuint (problems->len, ==, 2);
  assert_problem (problems, 0, fixture->path, 2, NULL,
                  "“interval-minutes 45” is not a [group], a key=value line or a # comment; "
                  "it is ignored");
  assert_problem (problems, 1, fixture->path, 4, NULL, "“=7” is not a [group]");

  /* The line GKeyFile would choke on keeps its default; the rest applies. */
  g_assert_cmpint (respite_policy_get_break_interval (policy), ==, 60 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_duration (policy), ==, 20 * MINUTE);
  g_assert_cmpint (respite_policy_get_daily_cap (policy), ==, 120 * MINUTE);
}

static void
test_broken_group (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[Breaks\n"
    "interval-minutes=45\n"
    "[Cap]\n"
    "daily-minutes=120\n"
    "[]\n"
    "warning-percent=60\n", &problems);

  g_assert_cmpuint (problems->len, ==, 2);
  assert_problem (problems, 0, fixture->path, 1, NULL,
                  "“[Breaks” is not a valid [group] line; the keys under it are ignored");
  assert_problem (problems, 1, fixture->path, 5, NULL, "“[]” is not a valid [group] line");

  /* Its keys must not slip into the group before it. */
  g_assert_cmpint (respite_policy_get_break_interval (policy), ==, 60 * MINUTE);
  g_assert_cmpint (respite_policy_get_daily_cap (policy), ==, 120 * MINUTE);
  g_assert_cmpuint (respite_policy_get_cap_warning_percent (policy), ==, 90);
}

static void
test_group_trailing_text (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[Breaks] # as the IWF does\n"
    "interval-minutes=45\n", &problems);

  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, 0, fixture->path, 1, "[Breaks]",
                  "the text after “]” is ignored (a comment must be on a line of its own)");
  g_assert_cmpint (respite_policy_get_break_interval (policy), ==, 45 * MINUTE);
}

static void
test_key_before_group (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "interval-minutes=45\n"
    "[Breaks]\n"
    "duration-minutes=20\n", &problems);

  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, 0, fixture->path, 1, NULL,
                  "“interval-minutes=45” comes before any [group]; it is ignored");
  g_assert_cmpint (respite_policy_get_break_interval (policy), ==, 60 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_duration (policy), ==, 20 * MINUTE);
}

static void
test_wrong_type (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[Breaks]\n"
    "interval-minutes=sixty\n"
    "strict=yes\n"
    "snooze-minutes=2.5\n"
    "[Cap]\n"
    "warning-percent=\n", &problems);
  g_autofree char *expected = g_strdup_printf ("%s:2: [Breaks] interval-minutes: “sixty” is "
                                               "not a whole number; using the default, 60",
                                               fixture->path);

  g_assert_cmpuint (problems->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, expected);
  assert_problem (problems, 1, fixture->path, 3, "[Breaks] strict",
                  "“yes” is neither true nor false; using the default, false");
  assert_problem (problems, 2, fixture->path, 4, "[Breaks] snooze-minutes",
                  "“2.5” is not a whole number; using the default, 5");
  assert_problem (problems, 3, fixture->path, 6, "[Cap] warning-percent",
                  "“” is not a whole number; using the default, 90");

  g_assert_cmpint (respite_policy_get_break_interval (policy), ==, 60 * MINUTE);
  g_assert_false (respite_policy_get_strict_breaks (policy));
  g_assert_cmpint (respite_policy_get_snooze (policy), ==, 5 * MINUTE);
  g_assert_cmpuint (respite_policy_get_cap_warning_percent (policy), ==, 90);
}

static void
test_inline_comment (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[Breaks]\n"
    "interval-minutes=45    # less than an hour\n", &problems);

  /* The likeliest mistake of all gets a hint. */
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, 0, fixture->path, 2, "[Breaks] interval-minutes",
                  "“45    # less than an hour” is not a whole number (a comment must be on a "
                  "line of its own); using the default, 60");
  g_assert_cmpint (respite_policy_get_break_interval (policy), ==, 60 * MINUTE);
}

static void
test_out_of_range (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[Breaks]\n"
    "interval-minutes=5\n"
    "duration-minutes=0\n"
    "snooze-minutes=61\n"
    "[Cap]\n"
    "daily-minutes=721\n"
    "warning-percent=100\n"
    "[Shift]\n"
    "decompression-minutes=-1\n"
    "[Idle]\n"
    "image-seconds=29\n"
    "video-seconds=7201\n"
    "audio-seconds=99999999999999999999999\n"
    "[Privacy]\n"
    "anonymity-threshold=1001\n", &problems);
  const char *path = fixture->path;

  g_assert_cmpuint (problems->len, ==, 10);
  assert_problem (problems, 0, path, 2, "[Breaks] interval-minutes",
                  "5 is out of range (10 to 480); using the default, 60");
  assert_problem (problems, 1, path, 3, "[Breaks] duration-minutes",
                  "0 is out of range (1 to 120); using the default, 10");
  assert_problem (problems, 2, path, 4, "[Breaks] snooze-minutes",
                  "61 is out of range (1 to 60); using the default, 5");
  assert_problem (problems, 3, path, 6, "[Cap] daily-minutes",
                  "721 is out of range (30 to 720); using the default, 240");
  assert_problem (problems, 4, path, 7, "[Cap] warning-percent",
                  "100 is out of range (50 to 99); using the default, 90");
  assert_problem (problems, 5, path, 9, "[Shift] decompression-minutes",
                  "-1 is out of range (0 to 120); using the default, 15");
  assert_problem (problems, 6, path, 11, "[Idle] image-seconds",
                  "29 is out of range (0 to turn it off, or 30 to 7200); using the default, 300");
  assert_problem (problems, 7, path, 12, "[Idle] video-seconds",
                  "7201 is out of range (0 to turn it off, or 30 to 7200); "
                  "using the default, 1200");
  assert_problem (problems, 8, path, 13, "[Idle] audio-seconds",
                  "99999999999999999999999 is out of range");
  assert_problem (problems, 9, path, 15, "[Privacy] anonymity-threshold",
                  "1001 is out of range (3 to 1000); using the default, 5");

  assert_default_rules (policy);
}

static void
test_unknown_key (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[Breaks]\n"
    "interval=45\n"
    "Interval-Minutes=45\n"
    "daily-minutes=100\n"
    "name[fr]=Ligne\n", &problems);

  g_assert_cmpuint (problems->len, ==, 4);
  assert_problem (problems, 0, fixture->path, 2, "[Breaks] interval", "unknown key; it is ignored");
  assert_problem (problems, 1, fixture->path, 3, "[Breaks] Interval-Minutes",
                  "unknown key (did you mean interval-minutes?); it is ignored");
  assert_problem (problems, 2, fixture->path, 4, "[Breaks] daily-minutes",
                  "unknown key (did you mean [Cap] daily-minutes?); it is ignored");
  assert_problem (problems, 3, fixture->path, 5, "[Breaks] name[fr]", "unknown key; it is ignored");

  assert_default_rules (policy);
}

static void
test_unknown_group (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[Brakes]\n"
    "interval-minutes=30\n"
    "[breaks]\n"
    "duration-minutes=20\n"
    "[Cap]\n"
    "daily-minutes=100\n", &problems);

  /* One problem per group, not one per key in it. */
  g_assert_cmpuint (problems->len, ==, 2);
  assert_problem (problems, 0, fixture->path, 1, "[Brakes]", "unknown group; its keys are ignored");
  assert_problem (problems, 1, fixture->path, 3, "[breaks]",
                  "unknown group (did you mean [Breaks]?); its keys are ignored");

  g_assert_cmpint (respite_policy_get_break_interval (policy), ==, 60 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_duration (policy), ==, 10 * MINUTE);
  g_assert_cmpint (respite_policy_get_daily_cap (policy), ==, 100 * MINUTE);
}

static void
test_anonymity_floor (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[Privacy]\n"
    "anonymity-threshold=2\n", &problems);

  /* Not 3: an administrator who asked for less than the floor gets the
   * default, and is told where the floor is. */
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, 0, fixture->path, 2, "[Privacy] anonymity-threshold",
                  "2 is below the floor of 3: no team figure may come from fewer than 3 people; "
                  "using the default, 5");
  g_assert_cmpuint (respite_policy_get_anonymity_threshold (policy), ==, 5);
  g_assert_cmpuint (RESPITE_ANONYMITY_MIN, ==, 3);
}

static void
test_reminder (Fixture       *fixture,
               gconstpointer  data)
{
  const struct
  {
    const char *text;
    gint64      reminder;  /* minutes */
    const char *problem;   /* on line 3, or NULL */
  } cases[] = {
    { "[Breaks]\ninterval-minutes=60\nreminder-minutes=60\n", 50,
      "[Breaks] reminder-minutes: 60 must be less than interval-minutes (60); "
      "using the default, 50" },
    /* The default keeps its ten minutes' lead on the organisation's interval. */
    { "[Breaks]\ninterval-minutes=30\nreminder-minutes=45\n", 20,
      "[Breaks] reminder-minutes: 45 must be less than interval-minutes (30); "
      "using the default, 20" },
    { "[Breaks]\ninterval-minutes=60\nreminder-minutes=-5\n", 50,
      "[Breaks] reminder-minutes: -5 is out of range (0 to 59); using the default, 50" },
    { "[Breaks]\ninterval-minutes=30\n", 20, NULL },
    { "[Breaks]\ninterval-minutes=10\n", 0, NULL },
    { "[Breaks]\ninterval-minutes=60\nreminder-minutes=0\n", 0, NULL },
    /* Order in the file does not matter. */
    { "[Breaks]\nreminder-minutes=40\ninterval-minutes=45\n", 40, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(RespitePolicy) policy = load_text (fixture, cases[i].text, &problems);

      g_test_message ("case %u", i);
      g_assert_cmpint (respite_policy_get_break_reminder (policy), ==, cases[i].reminder * MINUTE);
      g_assert_cmpint (respite_policy_get_break_reminder (policy), <,
                       respite_policy_get_break_interval (policy));
      if (cases[i].problem != NULL)
        {
          g_autofree char *expected = g_strdup_printf ("%s:3: %s", fixture->path, cases[i].problem);

          g_assert_cmpuint (problems->len, ==, 1);
          g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, expected);
        }
      else
        {
          g_assert_cmpuint (problems->len, ==, 0);
        }
    }
}

static void
test_duplicate_key (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[Breaks]\n"
    "interval-minutes=45\n"
    "[Cap]\n"
    "[Breaks]\n"
    "interval-minutes=50\n", &problems);

  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, 0, fixture->path, 2, "[Breaks] interval-minutes",
                  "set again on line 5; the value there is used");
  g_assert_cmpint (respite_policy_get_break_interval (policy), ==, 50 * MINUTE);
}

static void
test_bad_text (Fixture       *fixture,
               gconstpointer  data)
{
  static const char text[] =
    "[Organisation]\n"
    "name=Bad\\qescape\n"
    "version=   \n"
    "[Breaks]\n"
    "interval-minutes=4\xff" "5\n"
    "duration-minutes=20\n"
    "snooze-minutes=7\0" "0\n";
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = NULL;

  write_conf_len (fixture, text, sizeof text - 1);
  policy = respite_policy_load (fixture->path, NULL, &problems);

  g_assert_cmpuint (problems->len, ==, 3);
  assert_problem (problems, 0, fixture->path, 2, "[Organisation] name",
                  "“Bad\\qescape” has a backslash that is not one of \\s, \\n, \\t, \\r "
                  "or \\\\; it is ignored");
  assert_problem (problems, 1, fixture->path, 5, NULL,
                  "the line is not valid UTF-8 text; it is ignored");
  /* A NUL would otherwise cut the line short, to something that parses. */
  assert_problem (problems, 2, fixture->path, 7, NULL,
                  "the line is not valid UTF-8 text; it is ignored");

  g_assert_null (respite_policy_get_organisation (policy));
  g_assert_null (respite_policy_get_version (policy));
  g_assert_cmpint (respite_policy_get_break_interval (policy), ==, 60 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_duration (policy), ==, 20 * MINUTE);
  g_assert_cmpint (respite_policy_get_snooze (policy), ==, 5 * MINUTE);
}

static void
test_layout (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = NULL;

  /* What GKeyFile accepts: blanks around names and values, indented
   * comments, CR LF line ends; and a byte-order mark, which it does not. */
  policy = load_text (fixture,
    "\xef\xbb\xbf# Saved on Windows\r\n"
    "   # indented\r\n"
    "\r\n"
    "  [Breaks]  \r\n"
    "  interval-minutes = 45  \r\n"
    "\tstrict = true\t\r\n"
    "[Organisation]\r\n"
    "name = Nord\r\n", &problems);

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (respite_policy_get_break_interval (policy), ==, 45 * MINUTE);
  g_assert_true (respite_policy_get_strict_breaks (policy));
  g_assert_cmpstr (respite_policy_get_organisation (policy), ==, "Nord");
}

static void
test_problems_sorted (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[Breaks]\n"
    "interval-minutes=sixty\n"
    "oops\n"
    "[Cap]\n"
    "daily-minutes=1\n"
    "[Nope]\n", &problems);

  /* Values are checked after the whole file is scanned; the list still
   * reads top to bottom. */
  g_assert_cmpuint (problems->len, ==, 4);
  assert_problem (problems, 0, fixture->path, 2, "[Breaks] interval-minutes", "sixty");
  assert_problem (problems, 1, fixture->path, 3, NULL, "“oops”");
  assert_problem (problems, 2, fixture->path, 5, "[Cap] daily-minutes", "out of range");
  assert_problem (problems, 3, fixture->path, 6, "[Nope]", "unknown group");
}

static void
test_problems_optional (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[Breaks]\n"
    "interval-minutes=sixty\n"
    "duration-minutes=12\n"
    "junk\n", NULL);

  g_assert_cmpint (respite_policy_get_break_interval (policy), ==, 60 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_duration (policy), ==, 12 * MINUTE);
}

static void
test_unreadable_directory (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = NULL;

  g_assert_cmpint (g_mkdir (fixture->path, 0700), ==, 0);
  policy = respite_policy_load (fixture->path, NULL, &problems);

  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, 0, fixture->path, 0, NULL,
                  "cannot be read (it is a folder); every rule uses its default");
  g_assert_true (respite_policy_is_default (policy));
  g_assert_null (respite_policy_get_source (policy));
  assert_default_rules (policy);
}

/* Gives the fixture's folder and file to `nobody`, and becomes it: an
 * unprivileged user, to whom a file of mode 0 is unreadable even though it
 * owns it. Only in a test subprocess, which ends with the test. */
static void
become_nobody (Fixture *fixture)
{
  struct passwd *nobody = getpwnam ("nobody");

  g_assert_true (g_test_subprocess ());
  g_assert_nonnull (nobody);
  g_assert_cmpint (chown (fixture->dir, nobody->pw_uid, nobody->pw_gid), ==, 0);
  g_assert_cmpint (chown (fixture->path, nobody->pw_uid, nobody->pw_gid), ==, 0);
  g_assert_cmpint (setgroups (0, NULL), ==, 0);
  g_assert_cmpint (setgid (nobody->pw_gid), ==, 0);
  g_assert_cmpint (setuid (nobody->pw_uid), ==, 0);
  /* Changing user makes the process undumpable, which stops LeakSanitizer
   * from reading its own memory at exit in the sanitizer build. */
  g_assert_cmpint (prctl (PR_SET_DUMPABLE, 1, 0, 0, 0), ==, 0);
  g_assert_cmpint (geteuid (), ==, nobody->pw_uid);
}

static void
test_unreadable_permissions (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = NULL;

  /* Root reads any file whatever its mode, so as root (CI) the test runs
   * again in a subprocess that becomes `nobody` before it loads. */
  if (geteuid () == 0 && !g_test_subprocess ())
    {
      g_test_message ("As root: loading as nobody in a subprocess");
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                                       G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  write_conf_len (fixture, "[Breaks]\ninterval-minutes=45\n", -1);
  g_assert_cmpint (g_chmod (fixture->path, 0), ==, 0);
  if (geteuid () == 0)
    become_nobody (fixture);
  if (g_access (fixture->path, R_OK) == 0)
    {
      /* Not root, yet allowed to read any file (CAP_DAC_OVERRIDE). */
      g_test_skip ("Running with the power to read any file");
      return;
    }

  policy = respite_policy_load (fixture->path, NULL, &problems);

  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, 0, fixture->path, 0, NULL, "cannot be read (");
  g_assert_true (respite_policy_is_default (policy));
  assert_default_rules (policy);
}

static void
test_env_override (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = NULL;

  write_conf_len (fixture, "[Breaks]\ninterval-minutes=45\n", -1);

  g_setenv ("RESPITE_ORGANISATION_CONF", fixture->path, TRUE);
  path = respite_policy_get_default_path ();
  g_assert_cmpstr (path, ==, fixture->path);
  policy = respite_policy_load (NULL, NULL, &problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (respite_policy_get_source (policy), ==, fixture->path);
  g_assert_cmpint (respite_policy_get_break_interval (policy), ==, 45 * MINUTE);
  g_clear_pointer (&path, g_free);

  g_setenv ("RESPITE_ORGANISATION_CONF", "", TRUE);
  path = respite_policy_get_default_path ();
  g_assert_cmpstr (path, ==, ORGANISATION_CONF);
  g_clear_pointer (&path, g_free);

  g_unsetenv ("RESPITE_ORGANISATION_CONF");
  path = respite_policy_get_default_path ();
  g_assert_cmpstr (path, ==, ORGANISATION_CONF);
  g_assert_true (g_str_has_suffix (path, "/respite/organisation.conf"));
}

/* Merging personal preferences */

static void
set_personal (Fixture *fixture,
              int      interval,
              int      duration,
              int      cap,
              int      decompression)
{
  g_assert_true (g_settings_set_int (fixture->settings, "break-interval-minutes", interval));
  g_assert_true (g_settings_set_int (fixture->settings, "break-duration-minutes", duration));
  g_assert_true (g_settings_set_int (fixture->settings, "daily-cap-minutes", cap));
  g_assert_true (g_settings_set_int (fixture->settings, "decompression-minutes", decompression));
}

static void
test_merge_stricter (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = NULL;

  set_personal (fixture, 45, 15, 120, 30);
  policy = respite_policy_load (fixture->path, fixture->settings, &problems);

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (respite_policy_get_break_interval (policy), ==, 45 * MINUTE);
  /* Still ten minutes ahead of the break, as the organisation has it. */
  g_assert_cmpint (respite_policy_get_break_reminder (policy), ==, 35 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_duration (policy), ==, 15 * MINUTE);
  g_assert_cmpint (respite_policy_get_daily_cap (policy), ==, 120 * MINUTE);
  g_assert_cmpint (respite_policy_get_decompression (policy), ==, 30 * MINUTE);
  /* Preferences are not an organisation policy. */
  g_assert_true (respite_policy_is_default (policy));
}

static void
test_merge_looser_ignored (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = NULL;

  set_personal (fixture, 90, 5, 600, 5);
  policy = respite_policy_load (fixture->path, fixture->settings, NULL);

  assert_default_rules (policy);
}

static void
test_merge_zero (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RespitePolicy) with = NULL;
  g_autoptr(RespitePolicy) without = NULL;

  write_conf_len (fixture,
    "[Breaks]\ninterval-minutes=30\nduration-minutes=15\n"
    "[Cap]\ndaily-minutes=100\n[Shift]\ndecompression-minutes=20\n", -1);
  set_personal (fixture, 0, 0, 0, 0);
  with = respite_policy_load (fixture->path, fixture->settings, NULL);
  without = respite_policy_load (fixture->path, NULL, NULL);

  assert_rules_equal (with, without);
  g_assert_cmpint (respite_policy_get_break_interval (with), ==, 30 * MINUTE);
}

static void
test_merge_with_file (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RespitePolicy) looser = NULL;
  g_autoptr(RespitePolicy) stricter = NULL;

  write_conf_len (fixture,
    "[Breaks]\ninterval-minutes=30\nreminder-minutes=20\nduration-minutes=15\nstrict=true\n"
    "[Cap]\ndaily-minutes=100\n[Shift]\ndecompression-minutes=20\n", -1);

  set_personal (fixture, 45, 10, 200, 10);
  looser = respite_policy_load (fixture->path, fixture->settings, NULL);
  g_assert_cmpint (respite_policy_get_break_interval (looser), ==, 30 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_reminder (looser), ==, 20 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_duration (looser), ==, 15 * MINUTE);
  g_assert_cmpint (respite_policy_get_daily_cap (looser), ==, 100 * MINUTE);
  g_assert_cmpint (respite_policy_get_decompression (looser), ==, 20 * MINUTE);

  set_personal (fixture, 25, 16, 99, 21);
  stricter = respite_policy_load (fixture->path, fixture->settings, NULL);
  g_assert_cmpint (respite_policy_get_break_interval (stricter), ==, 25 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_reminder (stricter), ==, 15 * MINUTE);
  g_assert_cmpint (respite_policy_get_break_duration (stricter), ==, 16 * MINUTE);
  g_assert_cmpint (respite_policy_get_daily_cap (stricter), ==, 99 * MINUTE);
  g_assert_cmpint (respite_policy_get_decompression (stricter), ==, 21 * MINUTE);
  g_assert_true (respite_policy_get_strict_breaks (stricter));
  g_assert_false (respite_policy_is_default (stricter));
}

static void
test_merge_reminder (Fixture       *fixture,
                     gconstpointer  data)
{
  const struct
  {
    const char *text;
    int         personal_interval;
    gint64      reminder;  /* minutes */
  } cases[] = {
    { "", 15, 5 },
    /* No room left for a reminder: none, rather than one as the break starts. */
    { "", 10, 0 },
    { "[Breaks]\ninterval-minutes=60\nreminder-minutes=30\n", 40, 10 },
    /* An organisation without a reminder stays without. */
    { "[Breaks]\nreminder-minutes=0\n", 45, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RespitePolicy) policy = NULL;

      g_test_message ("case %u", i);
      write_conf_len (fixture, cases[i].text, -1);
      set_personal (fixture, cases[i].personal_interval, 0, 0, 0);
      policy = respite_policy_load (fixture->path, fixture->settings, NULL);

      g_assert_cmpint (respite_policy_get_break_interval (policy), ==,
                       cases[i].personal_interval * MINUTE);
      g_assert_cmpint (respite_policy_get_break_reminder (policy), ==, cases[i].reminder * MINUTE);
    }
}

/* Deadlines. With the defaults: reminder at 3000 s, break at 3600 s of
 * continuous exposure; cap warning at 12960 s, cap at 14400 s of the day. */

#define REMINDER_AT  3000
#define BREAK_AT     3600
#define WARNING_AT  12960
#define CAP_AT      14400

static RespiteDeadline
next (RespitePolicy           *policy,
      const RespiteShiftState *state,
      gint64                  *in_seconds)
{
  /* A value the function must overwrite. */
  *in_seconds = -42;
  return respite_policy_next_deadline (policy, state, in_seconds);
}

static void
test_deadline_not_exposed (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = respite_policy_new_default ();
  RespiteShiftState state = { .exposed = FALSE, .continuous_seconds = BREAK_AT + 100,
                              .today_seconds = CAP_AT + 100 };
  gint64 in;

  /* Nothing falls due while nothing is watched: no timer to set. */
  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_NONE);
  g_assert_cmpint (in, ==, 0);
}

static void
test_deadline_reminder (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = respite_policy_new_default ();
  RespiteShiftState state = { .exposed = TRUE };
  gint64 in;

  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_BREAK_REMINDER);
  g_assert_cmpint (in, ==, REMINDER_AT);

  state.continuous_seconds = 1000;
  state.today_seconds = 5000;
  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_BREAK_REMINDER);
  g_assert_cmpint (in, ==, REMINDER_AT - 1000);

  /* Passed but not given (the app was restarted, say): now. */
  state.continuous_seconds = REMINDER_AT + 10;
  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_BREAK_REMINDER);
  g_assert_cmpint (in, ==, 0);
}

static void
test_deadline_break_due (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = respite_policy_new_default ();
  RespiteShiftState state = { .exposed = TRUE, .continuous_seconds = 3100, .reminded = TRUE };
  gint64 in;

  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_BREAK_DUE);
  g_assert_cmpint (in, ==, BREAK_AT - 3100);

  /* Passed and not asked yet: now, and rather than the reminder. */
  state.continuous_seconds = BREAK_AT + 500;
  state.reminded = FALSE;
  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_BREAK_DUE);
  g_assert_cmpint (in, ==, 0);

  /* Asked: neither the break nor the reminder comes again. */
  state.break_asked = TRUE;
  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_CAP_WARNING);
  g_assert_cmpint (in, ==, WARNING_AT);
}

static void
test_deadline_no_reminder (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = NULL;
  RespiteShiftState state = { .exposed = TRUE };
  gint64 in;

  write_conf_len (fixture, "[Breaks]\nreminder-minutes=0\n", -1);
  policy = respite_policy_load (fixture->path, NULL, NULL);

  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_BREAK_DUE);
  g_assert_cmpint (in, ==, BREAK_AT);
}

static void
test_deadline_snooze (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = respite_policy_new_default ();
  /* Asked at 3600, snoozed for 5 minutes, 100 seconds ago. */
  RespiteShiftState state = { .exposed = TRUE, .continuous_seconds = 3700,
                              .snoozed_until = 3900, .reminded = TRUE };
  gint64 in;

  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_BREAK_DUE);
  g_assert_cmpint (in, ==, 200);

  /* A snooze is its own reminder. */
  state.reminded = FALSE;
  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_BREAK_DUE);
  g_assert_cmpint (in, ==, 200);

  /* Over: now. */
  state.continuous_seconds = 4000;
  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_BREAK_DUE);
  g_assert_cmpint (in, ==, 0);

  /* Asked again after the snooze: nothing more about breaks. */
  state.break_asked = TRUE;
  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_CAP_WARNING);
}

static void
test_deadline_strict_ignores_snooze (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = NULL;
  RespiteShiftState state = { .exposed = TRUE, .continuous_seconds = 3700,
                              .snoozed_until = 3900, .reminded = TRUE };
  gint64 in;

  write_conf_len (fixture, "[Breaks]\nstrict=true\n", -1);
  policy = respite_policy_load (fixture->path, NULL, NULL);

  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_BREAK_DUE);
  g_assert_cmpint (in, ==, 0);
}

static void
test_deadline_cap (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = respite_policy_new_default ();
  RespiteShiftState state = { .exposed = TRUE, .continuous_seconds = 100,
                              .today_seconds = 12000, .reminded = TRUE, .break_asked = TRUE };
  gint64 in;

  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_CAP_WARNING);
  g_assert_cmpint (in, ==, WARNING_AT - 12000);

  state.cap_warned = TRUE;
  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_CAP_REACHED);
  g_assert_cmpint (in, ==, CAP_AT - 12000);

  /* Passed, neither given: the cap itself, now. */
  state.cap_warned = FALSE;
  state.today_seconds = CAP_AT + 60;
  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_CAP_REACHED);
  g_assert_cmpint (in, ==, 0);

  /* Once the cap is reached, a warning that it is near makes no sense. */
  state.cap_reached = TRUE;
  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_NONE);
  g_assert_cmpint (in, ==, 0);
}

static void
test_deadline_personal (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = NULL;
  RespiteShiftState state = { .exposed = TRUE, .reminded = TRUE, .cap_warned = TRUE };
  gint64 in;

  set_personal (fixture, 45, 0, 60, 0);
  policy = respite_policy_load (fixture->path, fixture->settings, NULL);

  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_BREAK_DUE);
  g_assert_cmpint (in, ==, 45 * MINUTE);

  state.break_asked = TRUE;
  state.today_seconds = 1000;
  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_CAP_REACHED);
  g_assert_cmpint (in, ==, 60 * MINUTE - 1000);
}

static void
test_deadline_ties (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = respite_policy_new_default ();
  const struct
  {
    RespiteShiftState state;
    RespiteDeadline   expected;
  } cases[] = {
    /* Break due and cap reached at the same second: the break. */
    { { .exposed = TRUE, .continuous_seconds = BREAK_AT - 100, .today_seconds = CAP_AT - 100,
        .reminded = TRUE, .cap_warned = TRUE },
      RESPITE_DEADLINE_BREAK_DUE },
    /* Cap reached before a reminder. */
    { { .exposed = TRUE, .continuous_seconds = REMINDER_AT - 100, .today_seconds = CAP_AT - 100,
        .cap_warned = TRUE },
      RESPITE_DEADLINE_CAP_REACHED },
    /* Break due before a cap warning. */
    { { .exposed = TRUE, .continuous_seconds = BREAK_AT - 100, .today_seconds = WARNING_AT - 100,
        .reminded = TRUE },
      RESPITE_DEADLINE_BREAK_DUE },
    /* Of the two heads-ups, the break's. */
    { { .exposed = TRUE, .continuous_seconds = REMINDER_AT - 100,
        .today_seconds = WARNING_AT - 100 },
      RESPITE_DEADLINE_BREAK_REMINDER },
    /* All four passed at once. */
    { { .exposed = TRUE, .continuous_seconds = BREAK_AT, .today_seconds = CAP_AT },
      RESPITE_DEADLINE_BREAK_DUE },
    { { .exposed = TRUE, .continuous_seconds = BREAK_AT, .today_seconds = CAP_AT,
        .break_asked = TRUE },
      RESPITE_DEADLINE_CAP_REACHED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 in;

      g_test_message ("case %u", i);
      g_assert_cmpint (next (policy, &cases[i].state, &in), ==, cases[i].expected);
      g_assert_cmpint (in, ==, i < 4 ? 100 : 0);
    }
}

static void
test_deadline_all_given (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = respite_policy_new_default ();
  RespiteShiftState state = { .exposed = TRUE, .continuous_seconds = 10, .today_seconds = 10,
                              .reminded = TRUE, .break_asked = TRUE,
                              .cap_warned = TRUE, .cap_reached = TRUE };
  gint64 in;

  g_assert_cmpint (next (policy, &state, &in), ==, RESPITE_DEADLINE_NONE);
  g_assert_cmpint (in, ==, 0);

  /* in_seconds is optional. */
  state.break_asked = FALSE;
  g_assert_cmpint (respite_policy_next_deadline (policy, &state, NULL), ==,
                   RESPITE_DEADLINE_BREAK_DUE);
}

int
main (int argc, char **argv)
{
  /* Never the developer's own dconf, whoever runs this, and never a policy
   * from their environment. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_unsetenv ("RESPITE_ORGANISATION_CONF");

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/policy/parse/defaults", test_defaults);
  ADD ("/policy/parse/missing-file", test_missing_file);
  ADD ("/policy/parse/shipped-example", test_shipped_example);
  ADD ("/policy/parse/all-keys", test_all_keys);
  ADD ("/policy/parse/range-limits", test_range_limits);
  ADD ("/policy/parse/empty-file", test_empty_file);
  ADD ("/policy/parse/layout", test_layout);
  ADD ("/policy/parse/malformed/syntax-error", test_syntax_error);
  ADD ("/policy/parse/malformed/broken-group", test_broken_group);
  ADD ("/policy/parse/malformed/group-trailing-text", test_group_trailing_text);
  ADD ("/policy/parse/malformed/key-before-group", test_key_before_group);
  ADD ("/policy/parse/malformed/wrong-type", test_wrong_type);
  ADD ("/policy/parse/malformed/inline-comment", test_inline_comment);
  ADD ("/policy/parse/malformed/out-of-range", test_out_of_range);
  ADD ("/policy/parse/malformed/unknown-key", test_unknown_key);
  ADD ("/policy/parse/malformed/unknown-group", test_unknown_group);
  ADD ("/policy/parse/malformed/anonymity-floor", test_anonymity_floor);
  ADD ("/policy/parse/malformed/reminder", test_reminder);
  ADD ("/policy/parse/malformed/duplicate-key", test_duplicate_key);
  ADD ("/policy/parse/malformed/bad-text", test_bad_text);
  ADD ("/policy/parse/malformed/problems-sorted", test_problems_sorted);
  ADD ("/policy/parse/malformed/problems-optional", test_problems_optional);
  ADD ("/policy/parse/unreadable/directory", test_unreadable_directory);
  ADD ("/policy/support/services", test_support_services);
  ADD ("/policy/support/malformed", test_support_malformed);
  ADD ("/policy/team-store/keys", test_team_store);
  ADD ("/policy/team-store/malformed", test_team_store_malformed);
  ADD ("/policy/team-store/group", test_team_store_group);
  ADD ("/policy/check-in/due", test_check_in_due);
  ADD ("/policy/check-in/off", test_check_in_off);
  ADD ("/policy/parse/unreadable/permissions", test_unreadable_permissions);
  ADD ("/policy/parse/env-override", test_env_override);
  ADD ("/policy/merge/stricter", test_merge_stricter);
  ADD ("/policy/merge/looser-ignored", test_merge_looser_ignored);
  ADD ("/policy/merge/zero", test_merge_zero);
  ADD ("/policy/merge/with-file", test_merge_with_file);
  ADD ("/policy/merge/reminder", test_merge_reminder);
  ADD ("/policy/deadline/not-exposed", test_deadline_not_exposed);
  ADD ("/policy/deadline/reminder", test_deadline_reminder);
  ADD ("/policy/deadline/break-due", test_deadline_break_due);
  ADD ("/policy/deadline/no-reminder", test_deadline_no_reminder);
  ADD ("/policy/deadline/snooze", test_deadline_snooze);
  ADD ("/policy/deadline/strict-ignores-snooze", test_deadline_strict_ignores_snooze);
  ADD ("/policy/deadline/cap", test_deadline_cap);
  ADD ("/policy/deadline/personal", test_deadline_personal);
  ADD ("/policy/deadline/ties", test_deadline_ties);
  ADD ("/policy/deadline/all-given", test_deadline_all_given);
#undef ADD

  return g_test_run ();
}
