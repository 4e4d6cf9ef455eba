/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "respite-block.h"
#include "respite-prompt.h"

G_BEGIN_DECLS

#define RESPITE_STORE_ERROR (respite_store_error_quark ())

typedef enum
{
  RESPITE_STORE_ERROR_UNWRITABLE,  /* the folder or file cannot be created or written */
  RESPITE_STORE_ERROR_CORRUPT,     /* not a database, or fails its integrity check */
  RESPITE_STORE_ERROR_TOO_NEW,     /* written by a newer Respite: left untouched */
  RESPITE_STORE_ERROR_FULL,        /* the disk is full */
  RESPITE_STORE_ERROR_FAILED,
} RespiteStoreError;

GQuark respite_store_error_quark (void);

/* The current schema version, kept in PRAGMA user_version. */
#define RESPITE_STORE_SCHEMA_VERSION 2

/* One exposure block as stored. Times are Unix seconds (UTC). */
typedef struct
{
  gint64           id;
  gint64           started_at;
  gint64           ended_at;      /* 0 while the block is open */
  gint64           heartbeat_at;
  RespiteKind      kind;
  int              intensity;
  RespiteEndReason end_reason;    /* meaningful only once ended */
} RespiteBlock;

#define RESPITE_TYPE_STORE (respite_store_get_type ())
G_DECLARE_FINAL_TYPE (RespiteStore, respite_store, RESPITE, STORE, GObject)

char         *respite_store_get_default_path    (void);

RespiteStore *respite_store_open                (const char        *path,
                                                 GError           **error);
RespiteStore *respite_store_open_or_replace     (const char        *path,
                                                 GDateTime         *now,
                                                 char             **moved_to,
                                                 GError           **error);

const char   *respite_store_get_path            (RespiteStore      *self);

gint64        respite_store_begin_block         (RespiteStore      *self,
                                                 gint64             started_at,
                                                 RespiteKind        kind,
                                                 int                intensity,
                                                 GError           **error);
gboolean      respite_store_heartbeat_block     (RespiteStore      *self,
                                                 gint64             id,
                                                 gint64             heartbeat_at,
                                                 GError           **error);
gboolean      respite_store_end_block           (RespiteStore      *self,
                                                 gint64             id,
                                                 gint64             ended_at,
                                                 RespiteEndReason   reason,
                                                 GError           **error);
gboolean      respite_store_recover_open_blocks (RespiteStore      *self,
                                                 guint             *n_recovered,
                                                 GError           **error);

gboolean      respite_store_get_last_ended_at   (RespiteStore      *self,
                                                 gint64            *ended_at,
                                                 GError           **error);
gboolean      respite_store_sum_exposure        (RespiteStore      *self,
                                                 gint64             from,
                                                 gint64             to,
                                                 gint64            *seconds,
                                                 GError           **error);
GArray       *respite_store_list_blocks         (RespiteStore      *self,
                                                 gint64             from,
                                                 gint64             to,
                                                 GError           **error);

gint64        respite_store_add_prompt          (RespiteStore      *self,
                                                 RespiteDeadline    kind,
                                                 gint64             at,
                                                 GError           **error);
gboolean      respite_store_answer_prompt       (RespiteStore      *self,
                                                 gint64             id,
                                                 RespiteResponse    response,
                                                 gint64             at,
                                                 GError           **error);
gboolean      respite_store_count_prompts       (RespiteStore      *self,
                                                 RespiteDeadline    kind,
                                                 gint64             from,
                                                 gint64             to,
                                                 guint             *count,
                                                 GError           **error);
gint64        respite_store_begin_break         (RespiteStore      *self,
                                                 RespiteBreakKind   kind,
                                                 gint64             started_at,
                                                 gint64             planned,
                                                 gint64             prompt_id,
                                                 GError           **error);
gboolean      respite_store_end_break           (RespiteStore      *self,
                                                 gint64             id,
                                                 gint64             ended_at,
                                                 GError           **error);

G_END_DECLS
