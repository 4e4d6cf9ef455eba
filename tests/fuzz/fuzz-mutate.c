/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz-mutate.h"

/* Values that break parsers: edges of integer types, odd numbers, escapes,
 * bytes that are not UTF-8, and the syntax of keyfiles, JSON and periods. */
static const char * const interesting[] = {
  "0", "-1", "1", "2147483647", "2147483648", "-2147483649", "4294967296",
  "9223372036854775807", "9223372036854775808", "-9223372036854775809",
  "1e308", "1e309", "-0", "0x10", "nan", "inf", "1.5", ",", ";", "=", "[", "]",
  "{", "}", "\"", "\\", "\\u0000", "\\ud800", "..", "-W", "W53", "-13", "-00",
  "\xff", "\xc3", "\xe2\x80", "\xf4\x90\x80\x80", "\n", "\r\n", " ", "\t", "#",
  "%s%n%s", "null", "true", "[]", "{}", NULL,
};

guint
fuzz_iterations (guint normal)
{
  return g_getenv ("RESPITE_TEST_LONG") != NULL ? normal * 100 : normal;
}

GRand *
fuzz_rand_new (guint32 fixed)
{
  const char *seed = g_getenv ("RESPITE_FUZZ_SEED");

  return g_rand_new_with_seed (seed != NULL ? (guint32) strtoul (seed, NULL, 10) : fixed);
}

static const char *
pick (GRand              *rand,
      const char * const *words)
{
  return words[g_rand_int_range (rand, 0, g_strv_length ((char **) words))];
}

GBytes *
fuzz_mutate (GRand              *rand,
             const char * const *seeds,
             const char * const *dictionary)
{
  /* A GString holds any bytes, and keeps a NUL after the last. */
  GString *data = g_string_new (pick (rand, seeds));
  guint n_mutations = 1;

  /* Mostly one or two: an input near a valid one gets past the first
   * check, where the interesting code is. */
  while (n_mutations < 8 && g_rand_boolean (rand))
    n_mutations++;

  for (guint m = 0; m < n_mutations; m++)
    {
      gsize len = data->len;
      gsize at = len > 0 ? g_rand_int_range (rand, 0, len + 1) : 0;
      gsize span = len > at ? g_rand_int_range (rand, 1, MIN (len - at, 64) + 1) : 0;

      switch (g_rand_int_range (rand, 0, 9))
        {
        case 0:  /* flip a bit */
          if (at < len)
            data->str[at] ^= 1 << g_rand_int_range (rand, 0, 8);
          break;

        case 1:  /* any byte */
          {
            char byte = g_rand_int_range (rand, 0, 256);
            g_string_insert_len (data, at, &byte, 1);
          }
          break;

        case 2:  /* delete a span */
          g_string_erase (data, at, span);
          break;

        case 3:  /* repeat a span, sometimes many times */
          if (span > 0)
            {
              g_autofree char *copy = g_strndup (data->str + at, span);
              guint times = g_rand_boolean (rand) ? 1 : g_rand_int_range (rand, 2, 200);

              for (guint t = 0; t < times; t++)
                g_string_insert_len (data, at, copy, span);
            }
          break;

        case 4:  /* an interesting value in place of a span */
          g_string_erase (data, at, span);
          g_string_insert (data, at, pick (rand, interesting));
          break;

        case 5:  /* a word the format knows */
          g_string_insert (data, at, pick (rand, dictionary != NULL ? dictionary : interesting));
          break;

        case 6:  /* splice: the head of this, the tail of another seed */
          {
            const char *other = pick (rand, seeds);
            gsize other_len = strlen (other);
            gsize from = other_len > 0 ? g_rand_int_range (rand, 0, other_len) : 0;

            g_string_truncate (data, at);
            g_string_append (data, other + from);
          }
          break;

        case 7:  /* truncate */
          g_string_truncate (data, at);
          break;

        default:  /* a digit changed: numbers are where the ranges are */
          for (gsize i = at; i < len; i++)
            if (g_ascii_isdigit (data->str[i]))
              {
                data->str[i] = '0' + g_rand_int_range (rand, 0, 10);
                break;
              }
          break;
        }
    }

  return g_string_free_to_bytes (data);
}
