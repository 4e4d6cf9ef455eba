/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One heartbeat of a running block, as found in the record. */
typedef struct
{
  gint64 block_id;
  gint64 started_at;    /* Unix seconds: tells this block from another of the same id */
  gint64 heartbeat_at;  /* Unix seconds */
} RespiteHeartbeatRecord;

#define RESPITE_TYPE_HEARTBEAT (respite_heartbeat_get_type ())
G_DECLARE_FINAL_TYPE (RespiteHeartbeat, respite_heartbeat, RESPITE, HEARTBEAT, GObject)

char             *respite_heartbeat_path_for_store (const char                *store_path);

RespiteHeartbeat *respite_heartbeat_open           (const char                *path,
                                                    GError                   **error);
const char       *respite_heartbeat_get_path       (RespiteHeartbeat          *self);

gboolean          respite_heartbeat_read           (RespiteHeartbeat          *self,
                                                    GArray                   **records,
                                                    GError                   **error);
gboolean          respite_heartbeat_write          (RespiteHeartbeat          *self,
                                                    gint64                     block_id,
                                                    gint64                     started_at,
                                                    gint64                     heartbeat_at,
                                                    GError                   **error);
gboolean          respite_heartbeat_clear          (RespiteHeartbeat          *self,
                                                    GError                   **error);
guint             respite_heartbeat_get_n_waited   (RespiteHeartbeat          *self);

G_END_DECLS
