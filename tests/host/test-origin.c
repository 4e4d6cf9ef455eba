/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Origins as the host compares them: the browser's and the policy's
 * spellings of one origin meet, and different origins stay apart.
 */

#include "config.h"

#include <glib.h>

#include "respite-origin.h"

static void
test_same (void)
{
  const struct { const char *text, *origin; } cases[] = {
    { "https://review.example.org", "https://review.example.org" },
    { "https://Review.Example.ORG", "https://review.example.org" },
    { "HTTPS://review.example.org:443", "https://review.example.org" },
    { "https://review.example.org/", "https://review.example.org" },
    { "https://user@review.example.org/a/b?c=d#e", "https://review.example.org" },
    { "http://review.example.org:80", "http://review.example.org" },
    { "http://review.example.org:443", "http://review.example.org:443" },
    { "https://review.example.org:80", "https://review.example.org:80" },
    { "http://localhost:8080", "http://localhost:8080" },
    { "http://[::1]:8080", "http://[::1]:8080" },
    { "https://bücher.example", "https://xn--bcher-kva.example" },
    { "moz-extension://abc", "moz-extension://abc" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *origin = respite_origin_normalise (cases[i].text, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (origin, ==, cases[i].origin);
    }
}

static void
test_invalid (void)
{
  const char *texts[] = {
    "", "null", "review.example.org", "not an origin", "about:blank",
    "https://", "https://review.example.org:99999", "https://review.example.org:port",
    "file:///home/reviewer/a.html", "data:text/html,hello",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *origin = respite_origin_normalise (texts[i], &error);

      g_assert_error (error, RESPITE_ORIGIN_ERROR, RESPITE_ORIGIN_ERROR_INVALID);
      g_assert_null (origin);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host/origin/same", test_same);
  g_test_add_func ("/host/origin/invalid", test_invalid);

  return g_test_run ();
}
