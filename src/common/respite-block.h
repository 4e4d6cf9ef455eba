/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What an exposure block records about the material: its kind and how hard
 * it was, never the material itself. */
typedef enum
{
  RESPITE_KIND_IMAGE,
  RESPITE_KIND_VIDEO,
  RESPITE_KIND_AUDIO,
  RESPITE_KIND_TEXT,
  RESPITE_KIND_LIVE,
} RespiteKind;

#define RESPITE_N_KINDS (RESPITE_KIND_LIVE + 1)

#define RESPITE_INTENSITY_MIN 1
#define RESPITE_INTENSITY_MAX 3

/* Why a block ended. Stored as text, so add values at the end only. */
typedef enum
{
  RESPITE_END_STOPPED,    /* the reviewer stopped it */
  RESPITE_END_SWITCHED,   /* kind or intensity changed: the next block began */
  RESPITE_END_IDLE,       /* nobody at the keyboard */
  RESPITE_END_LOCKED,     /* screen locked */
  RESPITE_END_SUSPENDED,  /* machine went to sleep */
  RESPITE_END_QUIT,       /* the app quit with the block open */
  RESPITE_END_RECOVERED,  /* found open after a crash: ended at its last heartbeat */
  RESPITE_END_BREAK,      /* the reviewer took a break */
  RESPITE_END_SHIFT,      /* the reviewer ended their shift */
} RespiteEndReason;

#define RESPITE_N_END_REASONS (RESPITE_END_SHIFT + 1)

#define RESPITE_TYPE_KIND (respite_kind_get_type ())
GType       respite_kind_get_type         (void) G_GNUC_CONST;

const char *respite_kind_to_string        (RespiteKind       kind);
gboolean    respite_kind_from_string      (const char       *string,
                                           RespiteKind      *kind);
const char *respite_kind_get_label        (RespiteKind       kind);

const char *respite_intensity_get_label   (int               intensity);

const char *respite_end_reason_to_string  (RespiteEndReason  reason);
gboolean    respite_end_reason_from_string (const char      *string,
                                            RespiteEndReason *reason);

char       *respite_format_duration       (gint64            seconds);
char       *respite_format_day            (const char       *day);
char       *respite_format_clock          (gint64            seconds);

G_END_DECLS
