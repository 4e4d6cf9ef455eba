/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

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
  RESPITE_STORE_ERROR_BLOCK_OPEN,  /* erasing while an exposure block runs */
} RespiteStoreError;

GQuark respite_store_error_quark (void);

/* The current schema version, kept in PRAGMA user_version. */
#define RESPITE_STORE_SCHEMA_VERSION 5

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

/* A prompt as shown, and what became of it. */
typedef struct
{
  gint64           id;
  RespiteDeadline  kind;
  gint64           prompted_at;
  gboolean         answered;
  RespiteResponse  response;      /* meaningful only if answered */
  gint64           responded_at;  /* 0 if not answered */
} RespitePromptRecord;

/* A break or a decompression, as stored. */
typedef struct
{
  gint64           id;
  RespiteBreakKind kind;
  gint64           started_at;
  gint64           ended_at;      /* 0 while it runs */
  gint64           planned;       /* seconds */
  gint64           prompt_id;     /* 0: not prompted */
} RespiteBreakRecord;

/* One finished check-in. Whether a check-in was offered, snoozed or skipped
 * is a prompt like any other (respite_store_add_prompt()); this is what the
 * reviewer answered. */
typedef struct
{
  gint64    id;                  /* set by the store */
  char     *instrument_id;       /* (owned) e.g. "who-5" */
  int       instrument_version;
  gint64    started_at;
  gint64    finished_at;
  GArray   *answers;             /* (owned) (element-type int) one per item, in order */
  int       raw_score;
  double    scaled_score;        /* NAN when the instrument has none */
  char     *band_id;             /* (owned) (nullable) */
  gboolean  suggests_support;
  gint64    prompt_id;           /* the prompt that offered it, or 0 */
} RespiteCheckIn;

void respite_check_in_clear (RespiteCheckIn *check_in);

/* A counselling session the reviewer marked as done. No notes, ever. */
typedef struct
{
  gint64 id;
  gint64 done_at;  /* Unix seconds on the day of the session */
} RespiteCounsellingSession;

/* One local day of the History view. */
typedef struct
{
  gint64 start;                              /* local midnight, Unix seconds */
  gint64 end;                                /* the next one: 23, 24 or 25 h later */
  gint64 exposure[RESPITE_INTENSITY_MAX];    /* seconds, by intensity - 1 */
  guint  breaks_prompted;                    /* break-due prompts shown */
  guint  breaks_taken;                       /* breaks started, prompted or not */
  guint  limits_reached;                     /* prompts of a cap or limit reached */
} RespiteHistoryDay;

/* The install's identity towards the team store, and how publishing went.
 * The secret proves to the team store that a member token is ours: it
 * never leaves the machine except to the team store, and is not exported. */
typedef struct
{
  char     *member;             /* (owned) random token, 22 of [A-Za-z0-9_-] */
  char     *secret;             /* (owned) 43 of [A-Za-z0-9_-] */
  char     *team;               /* (owned) (nullable) */
  gboolean  opted_out;
  gint64    last_published_at;  /* Unix seconds of the last success, 0: never */
  char     *last_error;         /* (owned) (nullable) of the last attempt */
} RespiteSharing;

void respite_sharing_clear (RespiteSharing *sharing);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RespiteSharing, respite_sharing_clear)

/* A local day waiting to be published. */
typedef struct
{
  char   day[11];    /* YYYY-MM-DD */
  gint64 queued_at;  /* Unix seconds of the latest change */
  gint64 revision;   /* grows at each change */
} RespiteQueuedDay;

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
gboolean      respite_store_heartbeat_block_nosync (RespiteStore   *self,
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
GArray       *respite_store_list_prompts        (RespiteStore      *self,
                                                 gint64             from,
                                                 gint64             to,
                                                 GError           **error);
GArray       *respite_store_list_breaks         (RespiteStore      *self,
                                                 gint64             from,
                                                 gint64             to,
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

gint64        respite_store_add_check_in        (RespiteStore      *self,
                                                 const RespiteCheckIn *check_in,
                                                 GError           **error);
GArray       *respite_store_list_check_ins      (RespiteStore      *self,
                                                 gint64             from,
                                                 gint64             to,
                                                 GError           **error);
gboolean      respite_store_get_last_check_in_at (RespiteStore     *self,
                                                 const char        *instrument_id,
                                                 gint64            *at,
                                                 GError           **error);

gint64        respite_store_add_counselling_session (RespiteStore  *self,
                                                 gint64             done_at,
                                                 GError           **error);
GArray       *respite_store_list_counselling_sessions (RespiteStore *self,
                                                 gint64             from,
                                                 gint64             to,
                                                 GError           **error);
gboolean      respite_store_get_last_counselling_session_at (RespiteStore *self,
                                                 gint64            *at,
                                                 GError           **error);

GArray       *respite_store_list_history_days   (RespiteStore      *self,
                                                 GTimeZone         *tz,
                                                 gint64             from,
                                                 gint64             to,
                                                 GError           **error);

gboolean      respite_store_export_json         (RespiteStore      *self,
                                                 GOutputStream     *stream,
                                                 GError           **error);
gboolean      respite_store_export_csv          (RespiteStore      *self,
                                                 GFile             *folder,
                                                 GError           **error);
gboolean      respite_store_erase_all           (RespiteStore      *self,
                                                 GError           **error);
gboolean      respite_store_prune               (RespiteStore      *self,
                                                 gint64             older_than,
                                                 GError           **error);

gboolean      respite_store_get_sharing         (RespiteStore      *self,
                                                 RespiteSharing    *sharing,
                                                 GError           **error);
gboolean      respite_store_set_sharing_team    (RespiteStore      *self,
                                                 const char        *team,
                                                 GError           **error);
gboolean      respite_store_set_sharing_opted_out (RespiteStore    *self,
                                                 gboolean           opted_out,
                                                 GError           **error);
gboolean      respite_store_set_publish_result  (RespiteStore      *self,
                                                 gint64             at,
                                                 const char        *error_message,
                                                 GError           **error);
gboolean      respite_store_new_sharing_identity (RespiteStore     *self,
                                                 GError           **error);

gboolean      respite_store_queue_day           (RespiteStore      *self,
                                                 const char        *day,
                                                 gint64             queued_at,
                                                 GError           **error);
gboolean      respite_store_queue_days          (RespiteStore      *self,
                                                 const char * const *days,
                                                 gint64             queued_at,
                                                 GError           **error);
GArray       *respite_store_list_queued_days    (RespiteStore      *self,
                                                 GError           **error);
gboolean      respite_store_unqueue_day         (RespiteStore      *self,
                                                 const char        *day,
                                                 gint64             revision,
                                                 GError           **error);
gboolean      respite_store_note_unshared_day   (RespiteStore      *self,
                                                 const char        *day,
                                                 gint64             at,
                                                 GError           **error);
GStrv         respite_store_list_unshared_days  (RespiteStore      *self,
                                                 GError           **error);
gboolean      respite_store_clear_queue         (RespiteStore      *self,
                                                 GError           **error);

G_END_DECLS
