/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * respite-native-host's temporary reader of the policy's review-tool
 * origins (src/host/respite-host-tools.c): what it lists, what it leaves
 * out and says on stderr, and that it follows the file as it changes.
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

#include "respite-host-tools.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("respite-host-tools-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "organisation.conf", NULL);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_unlink (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
write_policy (Fixture    *fixture,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (fixture->path, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_listed (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(RespiteHostTools) tools = NULL;

  write_policy (fixture,
                "[Breaks]\ninterval-minutes=60\n"
                "[Review tool Example]\norigin=https://Review.Example.org:443/\nkind=image\n"
                "[Review tool Local]\norigin=http://localhost:8080\n"
                "[Review tool Desktop]\nwm-class=XLogo\n"
                "[Review tools]\norigin=https://not-a-tool.example\n");
  tools = respite_host_tools_new (fixture->path);

  g_assert_cmpuint (respite_host_tools_count (tools), ==, 2);
  g_assert_cmpstr (respite_host_tools_lookup (tools, "https://review.example.org"), ==, "Example");
  g_assert_cmpstr (respite_host_tools_lookup (tools, "http://localhost:8080"), ==, "Local");
  g_assert_null (respite_host_tools_lookup (tools, "https://not-a-tool.example"));
  g_assert_null (respite_host_tools_lookup (tools, "http://review.example.org"));
}

static void
test_bad_origins (Fixture       *fixture,
                  gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(RespiteHostTools) tools = NULL;

      write_policy (fixture,
                    "[Review tool Bad]\norigin=review.example.org\n"
                    "[Review tool File]\norigin=file:///srv/review\n"
                    "[Review tool Ftp]\norigin=ftp://review.example.org\n"
                    "[Review tool First]\norigin=https://review.example.org\n"
                    "[Review tool Second]\norigin=https://REVIEW.example.org:443\n");
      tools = respite_host_tools_new (fixture->path);
      g_assert_cmpuint (respite_host_tools_count (tools), ==, 1);
      g_assert_cmpstr (respite_host_tools_lookup (tools, "https://review.example.org"), ==, "First");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  /* The policy's own problems for what is no origin at all; the host's
   * for what a browser cannot show, and for an origin listed twice. */
  g_test_trap_assert_stderr ("*organisation.conf:2: [Review tool Bad] origin:*not an origin*"
                             "*organisation.conf:4: [Review tool File] origin:*not an origin*"
                             "*[Review tool Ftp] origin: only http:// and https://*"
                             "*[Review tool Second] origin: https://review.example.org is already the origin of First*");
}

/* A line the policy cannot read costs that line alone, as in the app: the
 * tools around it are still followed. */
static void
test_unreadable_line (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RespiteHostTools) tools = NULL;

  write_policy (fixture,
                "[Review tool Example]\norigin=https://review.example.org\n"
                "this line is no key\n"
                "[Review tool Other]\norigin=https://other.example.org\n");
  tools = respite_host_tools_new (fixture->path);
  g_assert_cmpuint (respite_host_tools_count (tools), ==, 2);
  g_assert_cmpstr (respite_host_tools_lookup (tools, "https://other.example.org"), ==, "Other");
}

static void
test_follows_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RespiteHostTools) tools = NULL;

  /* No file: no tool, and nothing said. */
  tools = respite_host_tools_new (fixture->path);
  g_assert_cmpuint (respite_host_tools_count (tools), ==, 0);

  write_policy (fixture, "[Review tool Example]\norigin=https://review.example.org\n");
  respite_host_tools_update (tools);
  g_assert_cmpstr (respite_host_tools_lookup (tools, "https://review.example.org"), ==, "Example");

  /* A different size, so the change shows however coarse the file times. */
  write_policy (fixture, "[Review tool Renamed]\norigin=https://review.example.org\n");
  respite_host_tools_update (tools);
  g_assert_cmpstr (respite_host_tools_lookup (tools, "https://review.example.org"), ==, "Renamed");

  g_unlink (fixture->path);
  respite_host_tools_update (tools);
  g_assert_cmpuint (respite_host_tools_count (tools), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/host/tools/listed", Fixture, NULL, set_up, test_listed, tear_down);
  g_test_add ("/host/tools/bad-origins", Fixture, NULL, set_up, test_bad_origins, tear_down);
  g_test_add ("/host/tools/unreadable-line", Fixture, NULL, set_up, test_unreadable_line, tear_down);
  g_test_add ("/host/tools/follows-file", Fixture, NULL, set_up, test_follows_file, tear_down);

  return g_test_run ();
}
