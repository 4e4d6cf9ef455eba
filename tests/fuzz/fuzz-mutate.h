/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small deterministic mutator, in the manner of libFuzzer's, for the
 * harnesses of this folder: the same seed gives the same inputs. */

/* How many iterations to run: @normal, or @normal × 100 when
 * RESPITE_TEST_LONG is set (build-aux/dev test --long). */
guint     fuzz_iterations (guint               normal);

/* The generator for a harness: RESPITE_FUZZ_SEED if set, else @fixed. */
GRand    *fuzz_rand_new   (guint32             fixed);

/* A mutation of one of @seeds (NULL-terminated), possibly spliced with
 * another and with words of @dictionary (NULL-terminated, nullable): a few
 * bytes flipped, inserted, deleted, repeated or replaced. May hold NUL
 * bytes and invalid UTF-8; a NUL always follows the last byte. */
GBytes   *fuzz_mutate     (GRand              *rand,
                           const char * const *seeds,
                           const char * const *dictionary);

G_END_DECLS
