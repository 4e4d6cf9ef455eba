/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The exposure side of the personal store (RespiteStore): blocks, their
 * heartbeats and their recovery after a crash, the prompts shown and what
 * the reviewer answered, and breaks.
 */

#define G_LOG_DOMAIN "respite-store"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-store-private.h"

/* The statements of this file, kept as long as the store is open. */
const RespiteStoreStatement respite_store_exposure_statements[] = {
  { G_STRUCT_OFFSET (RespiteStore, begin_block),
    "INSERT INTO exposure_blocks (started_at, heartbeat_at, kind, intensity)"
    " VALUES (?1, ?1, ?2, ?3)" },
  { G_STRUCT_OFFSET (RespiteStore, heartbeat_block),
    "UPDATE exposure_blocks SET heartbeat_at = MAX(started_at, ?2)"
    " WHERE id = ?1 AND ended_at IS NULL" },
  { G_STRUCT_OFFSET (RespiteStore, end_block),
    "UPDATE exposure_blocks"
    " SET ended_at = MAX(started_at, ?2), heartbeat_at = MAX(started_at, ?2),"
    "     end_reason = ?3"
    " WHERE id = ?1 AND ended_at IS NULL" },
  { G_STRUCT_OFFSET (RespiteStore, recover_blocks),
    "UPDATE exposure_blocks SET ended_at = heartbeat_at, end_reason = 'recovered'"
    " WHERE ended_at IS NULL" },
  { G_STRUCT_OFFSET (RespiteStore, last_ended_at),
    "SELECT MAX(ended_at) FROM exposure_blocks" },
  { G_STRUCT_OFFSET (RespiteStore, sum_exposure),
    "SELECT TOTAL(MAX(0, MIN(ended_at, ?2) - MAX(started_at, ?1)))"
    " FROM exposure_blocks"
    " WHERE ended_at IS NOT NULL AND started_at < ?2 AND ended_at > ?1" },
  { G_STRUCT_OFFSET (RespiteStore, list_blocks),
    "SELECT id, started_at, ended_at, heartbeat_at, kind, intensity, end_reason"
    " FROM exposure_blocks"
    " WHERE started_at < ?2 AND (ended_at IS NULL OR ended_at > ?1)"
    " ORDER BY started_at, id" },
  { G_STRUCT_OFFSET (RespiteStore, add_prompt),
    "INSERT INTO prompts (kind, prompted_at) VALUES (?1, ?2)" },
  { G_STRUCT_OFFSET (RespiteStore, answer_prompt),
    "UPDATE prompts SET response = ?2, responded_at = ?3"
    " WHERE id = ?1 AND response IS NULL" },
  { G_STRUCT_OFFSET (RespiteStore, count_prompts),
    "SELECT COUNT(*) FROM prompts"
    " WHERE kind = ?1 AND prompted_at >= ?2 AND prompted_at < ?3" },
  { G_STRUCT_OFFSET (RespiteStore, begin_break),
    "INSERT INTO breaks (kind, started_at, planned_seconds, prompt_id)"
    " VALUES (?1, ?2, ?3, NULLIF(?4, 0))" },
  { G_STRUCT_OFFSET (RespiteStore, end_break),
    "UPDATE breaks SET ended_at = MAX(started_at, ?2)"
    " WHERE id = ?1 AND ended_at IS NULL" },
  { G_STRUCT_OFFSET (RespiteStore, recover_breaks),
    /* How long a break went on after a crash is unknown: say
     * nothing rather than invent it. */
    "UPDATE breaks SET ended_at = started_at WHERE ended_at IS NULL" },
  { 0, NULL },
};

/**
 * respite_store_begin_block:
 *
 * Writes a new open block. Returns its id, or 0 with @error set (also when
 * another block is still open).
 */
gint64
respite_store_begin_block (RespiteStore  *self,
                           gint64         started_at,
                           RespiteKind    kind,
                           int            intensity,
                           GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), 0);
  g_return_val_if_fail (kind < RESPITE_N_KINDS, 0);
  g_return_val_if_fail (intensity >= RESPITE_INTENSITY_MIN &&
                        intensity <= RESPITE_INTENSITY_MAX, 0);

  sqlite3_bind_int64 (self->begin_block, 1, started_at);
  sqlite3_bind_text (self->begin_block, 2, respite_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_int (self->begin_block, 3, intensity);

  return respite_store_run_insert (self, self->begin_block, _("record the start of a block"),
                                   error);
}

gboolean
respite_store_heartbeat_block (RespiteStore  *self,
                               gint64         id,
                               gint64         heartbeat_at,
                               GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id > 0, FALSE);

  sqlite3_bind_int64 (self->heartbeat_block, 1, id);
  sqlite3_bind_int64 (self->heartbeat_block, 2, heartbeat_at);

  return respite_store_run_write (self, self->heartbeat_block, _("record a running block"),
                                  error) >= 0;
}

/**
 * respite_store_heartbeat_block_nosync:
 *
 * As respite_store_heartbeat_block(), but commits without waiting for the
 * disk (synchronous = NORMAL for this one commit): a power cut may lose it,
 * a crash of the app does not. Only for a caller that has made the same
 * heartbeat durable elsewhere, as RespiteTracker does with
 * RespiteHeartbeat (issue #17). The next full commit syncs it with the rest.
 */
gboolean
respite_store_heartbeat_block_nosync (RespiteStore  *self,
                                      gint64         id,
                                      gint64         heartbeat_at,
                                      GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id > 0, FALSE);

  if (!respite_store_exec (self, "PRAGMA synchronous = NORMAL", _("record a running block"),
                           error))
    return FALSE;

  ok = respite_store_heartbeat_block (self, id, heartbeat_at, error);

  /* Every other write waits for the disk, as before, even if this failed
   * (setting the pragma touches no file: it does not fail in practice). */
  if (!respite_store_exec (self, "PRAGMA synchronous = FULL", _("record a running block"),
                           ok ? error : NULL))
    return FALSE;

  return ok;
}

gboolean
respite_store_end_block (RespiteStore      *self,
                         gint64             id,
                         gint64             ended_at,
                         RespiteEndReason   reason,
                         GError           **error)
{
  int changes;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id > 0, FALSE);
  g_return_val_if_fail (reason < RESPITE_N_END_REASONS, FALSE);

  sqlite3_bind_int64 (self->end_block, 1, id);
  sqlite3_bind_int64 (self->end_block, 2, ended_at);
  sqlite3_bind_text (self->end_block, 3, respite_end_reason_to_string (reason), -1, SQLITE_STATIC);

  changes = respite_store_run_write (self, self->end_block, _("record the end of a block"), error);
  if (changes < 0)
    return FALSE;

  if (changes == 0)
    g_warning ("Block %" G_GINT64_FORMAT " was not open; its end was not recorded twice", id);

  return TRUE;
}

/**
 * respite_store_recover_open_blocks:
 * @n_recovered: (out) (optional): how many blocks were found open
 *
 * Ends every block left open by a crash or power loss at its last
 * heartbeat: at most a heartbeat interval is lost, and nothing is invented.
 */
gboolean
respite_store_recover_open_blocks (RespiteStore  *self,
                                   guint         *n_recovered,
                                   GError       **error)
{
  int changes;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);

  changes = respite_store_run_write (self, self->recover_blocks, _("close blocks left open"),
                                     error);
  if (changes < 0 ||
      respite_store_run_write (self, self->recover_breaks, _("close blocks left open"), error) < 0)
    return FALSE;

  if (n_recovered != NULL)
    *n_recovered = changes;

  return TRUE;
}

/* The end of the latest block, or 0 when there is none. */
gboolean
respite_store_get_last_ended_at (RespiteStore  *self,
                                 gint64        *ended_at,
                                 GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (ended_at != NULL, FALSE);

  return respite_store_step_int64 (self, self->last_ended_at, ended_at, error);
}

/**
 * respite_store_sum_exposure:
 * @from: start of the period, Unix seconds, included
 * @to: end of the period, Unix seconds, excluded
 * @seconds: (out): exposure of the ended blocks inside the period
 *
 * Only the part of each block inside the period counts, so a block across
 * midnight is split between the two days.
 */
gboolean
respite_store_sum_exposure (RespiteStore  *self,
                            gint64         from,
                            gint64         to,
                            gint64        *seconds,
                            GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (seconds != NULL, FALSE);

  sqlite3_bind_int64 (self->sum_exposure, 1, from);
  sqlite3_bind_int64 (self->sum_exposure, 2, to);

  /* TOTAL () is a REAL: read as an integer, SQLite truncates it to whole
   * seconds. */
  return respite_store_step_int64 (self, self->sum_exposure, seconds, error);
}

static gboolean
read_block (sqlite3_stmt *stmt,
            gpointer      element)
{
  RespiteBlock *block = element;

  block->id = sqlite3_column_int64 (stmt, 0);
  block->started_at = sqlite3_column_int64 (stmt, 1);
  block->ended_at = sqlite3_column_int64 (stmt, 2);
  block->heartbeat_at = sqlite3_column_int64 (stmt, 3);
  block->intensity = sqlite3_column_int (stmt, 5);

  if (!respite_kind_from_string ((const char *) sqlite3_column_text (stmt, 4), &block->kind) ||
      (block->ended_at != 0 &&
       !respite_end_reason_from_string ((const char *) sqlite3_column_text (stmt, 6),
                                        &block->end_reason)))
    g_warning ("Block %" G_GINT64_FORMAT " has an unknown kind or end reason", block->id);

  return TRUE;
}

/**
 * respite_store_list_blocks:
 *
 * Returns: (transfer full) (element-type RespiteBlock): the blocks that
 *   overlap [@from, @to), open ones included, oldest first
 */
GArray *
respite_store_list_blocks (RespiteStore  *self,
                           gint64         from,
                           gint64         to,
                           GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);

  sqlite3_bind_int64 (self->list_blocks, 1, from);
  sqlite3_bind_int64 (self->list_blocks, 2, to);

  return respite_store_list_rows (self, self->list_blocks, sizeof (RespiteBlock), NULL,
                                  read_block, error);
}

/**
 * respite_store_add_prompt:
 * @kind: which deadline fell due
 * @at: when it was shown, Unix seconds
 *
 * Returns: the prompt's id, or 0 with @error set
 */
gint64
respite_store_add_prompt (RespiteStore     *self,
                          RespiteDeadline   kind,
                          gint64            at,
                          GError          **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), 0);
  g_return_val_if_fail (kind != RESPITE_DEADLINE_NONE, 0);

  sqlite3_bind_text (self->add_prompt, 1, respite_deadline_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (self->add_prompt, 2, at);

  return respite_store_run_insert (self, self->add_prompt, _("record a prompt"), error);
}

gboolean
respite_store_answer_prompt (RespiteStore     *self,
                             gint64            id,
                             RespiteResponse   response,
                             gint64            at,
                             GError          **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id > 0, FALSE);

  sqlite3_bind_int64 (self->answer_prompt, 1, id);
  sqlite3_bind_text (self->answer_prompt, 2, respite_response_to_string (response), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (self->answer_prompt, 3, at);

  return respite_store_run_write (self, self->answer_prompt, _("record your answer to a prompt"),
                                  error) >= 0;
}

/* How many prompts of @kind were shown in [@from, @to): lets a restarted app
 * know what it already said today. */
gboolean
respite_store_count_prompts (RespiteStore     *self,
                             RespiteDeadline   kind,
                             gint64            from,
                             gint64            to,
                             guint            *count,
                             GError          **error)
{
  gint64 n;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  sqlite3_bind_text (self->count_prompts, 1, respite_deadline_to_string (kind), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (self->count_prompts, 2, from);
  sqlite3_bind_int64 (self->count_prompts, 3, to);

  if (!respite_store_step_int64 (self, self->count_prompts, &n, error))
    return FALSE;

  *count = n;
  return TRUE;
}

/**
 * respite_store_begin_break:
 * @planned: how long the break is meant to last, in seconds
 * @prompt_id: the prompt that asked for it, or 0
 *
 * Returns: the break's id, or 0 with @error set
 */
gint64
respite_store_begin_break (RespiteStore      *self,
                           RespiteBreakKind   kind,
                           gint64             started_at,
                           gint64             planned,
                           gint64             prompt_id,
                           GError           **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), 0);
  g_return_val_if_fail (planned >= 0, 0);

  sqlite3_bind_text (self->begin_break, 1, respite_break_kind_to_string (kind), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (self->begin_break, 2, started_at);
  sqlite3_bind_int64 (self->begin_break, 3, planned);
  sqlite3_bind_int64 (self->begin_break, 4, prompt_id);

  return respite_store_run_insert (self, self->begin_break, _("record a break"), error);
}

gboolean
respite_store_end_break (RespiteStore  *self,
                         gint64         id,
                         gint64         ended_at,
                         GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id > 0, FALSE);

  sqlite3_bind_int64 (self->end_break, 1, id);
  sqlite3_bind_int64 (self->end_break, 2, ended_at);

  return respite_store_run_write (self, self->end_break, _("record a break"), error) >= 0;
}

/* Leaves out the kinds of prompt this version does not know. */
static gboolean
read_prompt (sqlite3_stmt *stmt,
             gpointer      element)
{
  RespitePromptRecord *prompt = element;
  const char *response = (const char *) sqlite3_column_text (stmt, 3);

  prompt->id = sqlite3_column_int64 (stmt, 0);
  prompt->prompted_at = sqlite3_column_int64 (stmt, 2);
  prompt->responded_at = sqlite3_column_int64 (stmt, 4);

  if (!respite_deadline_from_string ((const char *) sqlite3_column_text (stmt, 1),
                                     &prompt->kind))
    return FALSE;

  for (guint r = 0; response != NULL && r < RESPITE_N_RESPONSES; r++)
    {
      if (g_str_equal (response, respite_response_to_string (r)))
        {
          prompt->answered = TRUE;
          prompt->response = r;
        }
    }

  return TRUE;
}

/**
 * respite_store_list_prompts:
 *
 * Returns: (transfer full) (element-type RespitePromptRecord): the prompts
 *   shown in [@from, @to), oldest first; kinds this version does not know
 *   are left out
 */
GArray *
respite_store_list_prompts (RespiteStore  *self,
                            gint64         from,
                            gint64         to,
                            GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);

  return respite_store_list_period (self,
                                    "SELECT id, kind, prompted_at, response, responded_at"
                                    " FROM prompts WHERE prompted_at >= ?1 AND prompted_at < ?2"
                                    " ORDER BY prompted_at, id",
                                    from, to, sizeof (RespitePromptRecord), read_prompt, error);
}

static gboolean
read_break (sqlite3_stmt *stmt,
            gpointer      element)
{
  RespiteBreakRecord *record = element;

  record->id = sqlite3_column_int64 (stmt, 0);
  record->kind = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "decompression") == 0
                 ? RESPITE_BREAK_DECOMPRESSION : RESPITE_BREAK_BREAK;
  record->started_at = sqlite3_column_int64 (stmt, 2);
  record->ended_at = sqlite3_column_int64 (stmt, 3);
  record->planned = sqlite3_column_int64 (stmt, 4);
  record->prompt_id = sqlite3_column_int64 (stmt, 5);

  return TRUE;
}

/**
 * respite_store_list_breaks:
 *
 * Returns: (transfer full) (element-type RespiteBreakRecord): the breaks
 *   and decompressions started in [@from, @to), oldest first
 */
GArray *
respite_store_list_breaks (RespiteStore  *self,
                           gint64         from,
                           gint64         to,
                           GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);

  return respite_store_list_period (self,
                                    "SELECT id, kind, started_at, ended_at, planned_seconds,"
                                    "  prompt_id"
                                    " FROM breaks WHERE started_at >= ?1 AND started_at < ?2"
                                    " ORDER BY started_at, id",
                                    from, to, sizeof (RespiteBreakRecord), read_break, error);
}
