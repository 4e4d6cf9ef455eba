/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * [ReviewTools] and [Review tool NAME] in the policy file (issue #20):
 * read, and every bad line named with its line and left out.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "respite-policy.h"

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

  fixture->dir = g_dir_make_tmp ("respite-test-policy-review-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "organisation.conf", NULL);
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

static RespitePolicy *
load_text (Fixture     *fixture,
           const char  *text,
           GPtrArray  **problems)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (fixture->path, text, -1, &error);
  g_assert_no_error (error);
  return respite_policy_load (fixture->path, NULL, problems);
}

/* That @problems[@index] starts "PATH:LINE: SUBJECT: " and says @reason. */
static void
assert_problem (GPtrArray  *problems,
                guint       index,
                const char *path,
                guint       line,
                const char *subject,
                const char *reason)
{
  g_autofree char *prefix = g_strdup_printf ("%s:%u: %s: ", path, line, subject);
  const char *message;

  g_assert_cmpuint (index, <, problems->len);
  message = g_ptr_array_index (problems, index);
  if (!g_str_has_prefix (message, prefix) || strstr (message, reason) == NULL)
    g_assert_cmpstr (message, ==, reason);
}

static void
test_defaults (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(RespitePolicy) policy = respite_policy_new_default ();

  g_assert_cmpint (respite_policy_get_review_mode (policy), ==, RESPITE_REVIEW_OFF);
  g_assert_false (respite_policy_get_review_required (policy));
  g_assert_cmpuint (respite_policy_get_review_tools (policy)->len, ==, 0);
  g_assert_null (respite_policy_find_review_tool (policy, "Example"));
}

static void
test_tools (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[ReviewTools]\n"
    "mode=track\n"
    "required=true\n"
    "[Review tool Example]\n"
    "wm-class=XLogo\n"
    "app-id=org.example.Review\n"
    "origin=HTTPS://Review.Example.org\n"
    "kind=video\n"
    "[Review tool Queue]\n"
    "origin=http://localhost:8080/\n", &problems);
  const RespiteReviewTool *tool;

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (respite_policy_get_review_mode (policy), ==, RESPITE_REVIEW_TRACK);
  g_assert_true (respite_policy_get_review_required (policy));
  g_assert_cmpuint (respite_policy_get_review_tools (policy)->len, ==, 2);

  tool = respite_policy_find_review_tool (policy, "Example");
  g_assert_nonnull (tool);
  g_assert_cmpstr (tool->wm_class, ==, "XLogo");
  g_assert_cmpstr (tool->app_id, ==, "org.example.Review");
  g_assert_cmpstr (tool->origin, ==, "https://review.example.org");
  g_assert_cmpint (tool->kind, ==, RESPITE_KIND_VIDEO);
  g_assert_true (respite_policy_find_review_tool_by_wm_class (policy, "XLogo") == tool);
  g_assert_null (respite_policy_find_review_tool_by_wm_class (policy, "xlogo"));

  tool = respite_policy_find_review_tool (policy, "Queue");
  g_assert_nonnull (tool);
  g_assert_null (tool->wm_class);
  g_assert_null (tool->app_id);
  /* A lone "/" after the host is no path. */
  g_assert_cmpstr (tool->origin, ==, "http://localhost:8080");
  g_assert_cmpint (tool->kind, ==, -1);
}

static void
test_suggest (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[ReviewTools]\nmode=suggest\n", &problems);

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (respite_policy_get_review_mode (policy), ==, RESPITE_REVIEW_SUGGEST);
  g_assert_false (respite_policy_get_review_required (policy));
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = load_text (fixture,
    "[ReviewTools]\n"
    "mode=always\n"                       /* 2 */
    "required=yes\n"                      /* 3 */
    "[Review tool Nothing]\n"             /* 4 */
    "kind=image\n"
    "[Review tool Bad origin]\n"          /* 6 */
    "origin=https://review.example.org/queue\n" /* 7 */
    "[Review tool Bad kind]\n"
    "wm-class=Firefox\n"
    "kind=gore\n"                         /* 10 */
    "title=Queue\n"                       /* 11 */
    "[Review tool Bad kind]\n"            /* 12 */
    "wm-class=Other\n"
    "[Review tool User]\n"
    "origin=https://me@review.example.org\n" /* 15 */
    "app-id=org.example.Review\n", &problems);
  const char *path = fixture->path;
  const RespiteReviewTool *tool;

  g_assert_cmpuint (problems->len, ==, 9);
  assert_problem (problems, 0, path, 2, "[ReviewTools] mode", "not one of off, suggest or track");
  assert_problem (problems, 1, path, 3, "[ReviewTools] required", "neither true nor false");
  assert_problem (problems, 2, path, 4, "[Review tool Nothing]", "no wm-class, app-id or origin");
  assert_problem (problems, 3, path, 6, "[Review tool Bad origin]", "no wm-class, app-id or origin");
  assert_problem (problems, 4, path, 7, "[Review tool Bad origin] origin", "is not an origin");
  assert_problem (problems, 5, path, 10, "[Review tool Bad kind] kind",
                  "not one of image, video, audio, text or live");
  assert_problem (problems, 6, path, 11, "[Review tool Bad kind] title", "unknown key");
  assert_problem (problems, 7, path, 12, "[Review tool Bad kind]", "listed twice");
  assert_problem (problems, 8, path, 15, "[Review tool User] origin", "is not an origin");

  /* A bad mode leaves following off; a bad boolean, not required. */
  g_assert_cmpint (respite_policy_get_review_mode (policy), ==, RESPITE_REVIEW_OFF);
  g_assert_false (respite_policy_get_review_required (policy));

  g_assert_cmpuint (respite_policy_get_review_tools (policy)->len, ==, 2);
  g_assert_null (respite_policy_find_review_tool (policy, "Nothing"));
  g_assert_null (respite_policy_find_review_tool (policy, "Bad origin"));
  tool = respite_policy_find_review_tool (policy, "Bad kind");
  g_assert_cmpstr (tool->wm_class, ==, "Firefox");
  g_assert_cmpint (tool->kind, ==, -1);
  tool = respite_policy_find_review_tool (policy, "User");
  g_assert_null (tool->origin);
  g_assert_cmpstr (tool->app_id, ==, "org.example.Review");
}

/* The example the organisation is given must read without a problem. */
static void
test_shipped_example (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "..", "data", "organisation.conf", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(RespitePolicy) policy = respite_policy_load (path, NULL, &problems);

  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s\n", (char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (respite_policy_get_review_mode (policy), ==, RESPITE_REVIEW_OFF);
  g_assert_cmpuint (respite_policy_get_review_tools (policy)->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/policy/review/defaults", test_defaults);
  ADD ("/policy/review/tools", test_tools);
  ADD ("/policy/review/suggest", test_suggest);
  ADD ("/policy/review/malformed", test_malformed);
  ADD ("/policy/review/shipped-example", test_shipped_example);
#undef ADD

  return g_test_run ();
}
