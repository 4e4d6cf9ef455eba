/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs respite-report with mutated command lines, in a folder of its own
 * with a small team store, and expects each run to end with one of its
 * documented exit statuses (0 to 3): no signal, no warning (fatal under
 * G_DEBUG=fatal-warnings), no sanitizer report, no hang.
 *
 *   fuzz-cli path/to/respite-report
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz-mutate.h"

/* Seconds a run may take: a demo of thousands of days takes a few. */
#define RUN_LIMIT 30

static char *respite_report;
static char *work;

static const char * const commands[] = {
  "init", "demo", "export", "check", "help", "--help", "-h", "", "-", "--", "exp0rt", NULL,
};

static const char * const options[] = {
  "--store", "-s", "--period", "-p", "--by", "--format", "-f", "--output", "-o", "--team",
  "--k", "-k", "--epsilon", "-e", "--budget", "--policy", "--seed", "--teams", "--members",
  "--days", "--end", "--help", "--record", "--nosuch", "-", "--", NULL,
};

/* Values for the options, most of them right: a mutation of a right value
 * reaches deeper than noise does. Paths stay inside the work folder, and a
 * PostgreSQL store is one that cannot be reached. */
static const char * const values[] = {
  "team.db", "new.db", "missing.db", "out.csv", "out.json", "out.pdf", "-", "policy.conf",
  "host=/nonexistent-respite dbname=respite", "postgresql://me@/respite?host=/nonexistent-respite",
  "2026-10", "2026-W43", "2026-07..2026-09", "2026-10-01..2026-10-31", "2026-W40..2026-W44",
  "team", "team,week", "team,month", "csv", "json", "pdf", "Team 1", "Team 2", "Nobody",
  "3", "5", "2", "0", "-1", "1", "1.5", "0.1", "100", "1000", "1e308", "nan", "inf",
  "2026-10-31", "2026-02-30", "12", "4", "", NULL,
};

static void
child_setup (gpointer user_data)
{
  /* An alarm survives exec: a run that hangs dies of SIGALRM. */
  alarm (RUN_LIMIT);
}

static char **
environment (void)
{
  char **env = g_get_environ ();

  /* No server is asked, and none is waited for. */
  env = g_environ_setenv (env, "PGHOST", "/nonexistent-respite", TRUE);
  env = g_environ_setenv (env, "PGCONNECT_TIMEOUT", "1", TRUE);
  env = g_environ_unsetenv (env, "RESPITE_ORGANISATION_CONF");

  return env;
}

static void
run (GPtrArray *args,
     int       *status,
     char     **errors)
{
  g_auto(GStrv) env = environment ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (args, NULL);
  g_spawn_sync (work, (char **) args->pdata, env, G_SPAWN_STDOUT_TO_DEV_NULL,
                child_setup, NULL, NULL, errors, status, &error);
  g_assert_no_error (error);
  g_ptr_array_remove_index (args, args->len - 1);
}

/* A value: mostly one of the list, else a mutation of one, with no slash
 * (so it names nothing outside the work folder) and no NUL. */
static char *
value (GRand *rand)
{
  g_autoptr(GBytes) mutated = NULL;
  char *text;

  if (g_rand_int_range (rand, 0, 3) > 0)
    return g_strdup (values[g_rand_int_range (rand, 0, g_strv_length ((char **) values))]);

  mutated = fuzz_mutate (rand, values, NULL);
  text = g_strdup (g_bytes_get_data (mutated, NULL));
  g_strdelimit (text, "/", '_');

  return text;
}

static GPtrArray *
command_line (GRand *rand)
{
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);
  guint n_options = g_rand_int_range (rand, 0, 5);

  g_ptr_array_add (args, g_strdup (respite_report));
  g_ptr_array_add (args, g_rand_int_range (rand, 0, 10) > 0
                         ? g_strdup (commands[g_rand_int_range (rand, 0, g_strv_length ((char **) commands))])
                         : value (rand));

  /* Mostly the options a command needs, so that runs get past them. */
  if (g_rand_int_range (rand, 0, 4) > 0)
    {
      g_ptr_array_add (args, g_strdup ("--store"));
      g_ptr_array_add (args, g_rand_int_range (rand, 0, 4) > 0 ? g_strdup ("team.db") : value (rand));
    }
  if (g_rand_int_range (rand, 0, 4) > 0)
    {
      g_ptr_array_add (args, g_strdup ("--period"));
      g_ptr_array_add (args, g_rand_boolean (rand) ? g_strdup ("2026-10") : value (rand));
    }

  for (guint i = 0; i < n_options; i++)
    {
      const char *option = options[g_rand_int_range (rand, 0, g_strv_length ((char **) options))];

      switch (g_rand_int_range (rand, 0, 6))
        {
        case 0:
          g_ptr_array_add (args, g_strdup (option));
          break;

        case 1:
          {
            g_autofree char *v = value (rand);
            g_ptr_array_add (args, g_strdup_printf ("%s=%s", option, v));
          }
          break;

        case 2:
          g_ptr_array_add (args, value (rand));
          break;

        default:
          g_ptr_array_add (args, g_strdup (option));
          g_ptr_array_add (args, value (rand));
          break;
        }
    }

  return args;
}

static char *
describe (GPtrArray *args)
{
  g_autoptr(GString) text = g_string_new ("respite-report");

  for (guint i = 1; i < args->len; i++)
    {
      g_autofree char *quoted = g_shell_quote (g_ptr_array_index (args, i));
      g_string_append_printf (text, " %s", quoted);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
set_up_store (void)
{
  const char *steps[][12] = {
    { "init", "--store", "team.db", NULL },
    { "demo", "--store", "team.db", "--teams", "2", "--members", "6", "--days", "60", "--end",
      "2026-10-31", NULL },
  };
  g_autofree char *policy = NULL;

  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *errors = NULL;
      int status;

      g_ptr_array_add (args, respite_report);
      for (guint i = 0; steps[s][i] != NULL; i++)
        g_ptr_array_add (args, (char *) steps[s][i]);
      run (args, &status, &errors);
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    }

  policy = g_build_filename (work, "policy.conf", NULL);
  g_assert_true (g_file_set_contents (policy, "[Privacy]\nepsilon-budget=3\n", -1, NULL));
}

static void
test_cli (void)
{
  g_autoptr(GRand) rand = fuzz_rand_new (4);
  guint n = fuzz_iterations (150);
  guint by_status[4] = { 0 };

  set_up_store ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) args = command_line (rand);
      g_autofree char *errors = NULL;
      int status;

      run (args, &status, &errors);

      if (!WIFEXITED (status) || WEXITSTATUS (status) > 3 ||
          strstr (errors, "runtime error") != NULL || strstr (errors, "Sanitizer") != NULL)
        {
          g_autofree char *line = describe (args);

          g_error ("%s\n  ended with %s %d:\n%s", line,
                   WIFEXITED (status) ? "exit status" : "signal",
                   WIFEXITED (status) ? WEXITSTATUS (status) : WTERMSIG (status), errors);
        }
      by_status[WEXITSTATUS (status)]++;
    }

  g_test_message ("%u runs: %u done, %u usage, %u store, %u empty", n,
                  by_status[0], by_status[1], by_status[2], by_status[3]);
  /* Some runs must get past the option checks, or the fuzzing stops there. */
  g_assert_cmpuint (by_status[0] + by_status[2] + by_status[3], >, 0);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }

  g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);

  if (argc != 2)
    g_error ("Usage: fuzz-cli path/to/respite-report");
  /* Runs happen in the work folder: meson's path is relative to the build. */
  respite_report = g_canonicalize_filename (argv[1], NULL);
  work = g_dir_make_tmp ("respite-fuzz-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/fuzz/cli", test_cli);
  result = g_test_run ();

  remove_tree (work);
  g_free (work);
  g_free (respite_report);

  return result;
}
