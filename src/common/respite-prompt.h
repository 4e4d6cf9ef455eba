/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "respite-policy.h"

G_BEGIN_DECLS

/* A prompt is a deadline of the policy that fell due and was shown to the
 * reviewer (see RespiteDeadline); these are the answers they can give. */
typedef enum
{
  RESPITE_RESPONSE_TAKEN,      /* took the break */
  RESPITE_RESPONSE_SNOOZED,    /* asked to be reminded a little later */
  RESPITE_RESPONSE_SKIPPED,    /* carried on without the break */
} RespiteResponse;

#define RESPITE_N_RESPONSES (RESPITE_RESPONSE_SKIPPED + 1)

typedef enum
{
  RESPITE_BREAK_BREAK,          /* a break during the shift */
  RESPITE_BREAK_DECOMPRESSION,  /* the quiet time at the end of a shift */
} RespiteBreakKind;

const char *respite_deadline_to_string   (RespiteDeadline  deadline);
gboolean    respite_deadline_from_string (const char      *string,
                                          RespiteDeadline *deadline);
const char *respite_deadline_get_instrument (RespiteDeadline deadline);
RespiteDeadline respite_deadline_for_kind_cap (RespiteKind kind);
gboolean    respite_deadline_is_limit_reached (RespiteDeadline deadline);
const char *respite_response_to_string   (RespiteResponse  response);
const char *respite_break_kind_to_string (RespiteBreakKind kind);

char       *respite_prompt_describe      (RespiteDeadline   deadline,
                                          RespitePolicy    *policy,
                                          const char      **title);

G_END_DECLS
