/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The check-ins of the personal store (RespiteStore): what the reviewer
 * answered, and the counselling sessions they marked as done.
 */

#define G_LOG_DOMAIN "respite-store"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "respite-store-private.h"

/* The statements of this file, kept as long as the store is open. */
const RespiteStoreStatement respite_store_check_in_statements[] = {
  { G_STRUCT_OFFSET (RespiteStore, add_check_in),
    "INSERT INTO check_ins (instrument, instrument_version, started_at,"
    "  finished_at, answers, raw_score, scaled_score, band, suggests_support,"
    "  prompt_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULLIF(?10, 0))" },
  { G_STRUCT_OFFSET (RespiteStore, list_check_ins),
    "SELECT id, instrument, instrument_version, started_at, finished_at, answers,"
    "  raw_score, scaled_score, band, suggests_support, prompt_id"
    " FROM check_ins WHERE finished_at >= ?1 AND finished_at < ?2"
    " ORDER BY finished_at, id" },
  { G_STRUCT_OFFSET (RespiteStore, last_check_in),
    "SELECT MAX(finished_at) FROM check_ins WHERE instrument = ?1" },
  { G_STRUCT_OFFSET (RespiteStore, add_session),
    "INSERT INTO counselling_sessions (done_at) VALUES (?1)" },
  { G_STRUCT_OFFSET (RespiteStore, list_sessions),
    "SELECT id, done_at FROM counselling_sessions"
    " WHERE done_at >= ?1 AND done_at < ?2 ORDER BY done_at, id" },
  { G_STRUCT_OFFSET (RespiteStore, last_session),
    "SELECT MAX(done_at) FROM counselling_sessions" },
  { 0, NULL },
};

void
respite_check_in_clear (RespiteCheckIn *check_in)
{
  g_clear_pointer (&check_in->instrument_id, g_free);
  g_clear_pointer (&check_in->answers, g_array_unref);
  g_clear_pointer (&check_in->band_id, g_free);
}

static char *
answers_to_json (GArray *answers)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; answers != NULL && i < answers->len; i++)
    g_string_append_printf (json, "%s%d", i > 0 ? "," : "", g_array_index (answers, int, i));
  g_string_append_c (json, ']');

  return g_string_free (json, FALSE);
}

static GArray *
answers_from_json (const char *json)
{
  GArray *answers = g_array_new (FALSE, FALSE, sizeof (int));
  const char *p = json;

  /* The store wrote it (answers_to_json()), so a flat list of integers. */
  while (p != NULL && *p != '\0')
    {
      char *end = NULL;
      int value;

      if (!g_ascii_isdigit (*p) && *p != '-')
        {
          p++;
          continue;
        }

      value = (int) g_ascii_strtoll (p, &end, 10);
      g_array_append_val (answers, value);
      p = end;
    }

  return answers;
}

/**
 * respite_store_add_check_in:
 * @check_in: what the reviewer answered; its id is ignored
 *
 * Returns: the check-in's id, or 0 with @error set
 */
gint64
respite_store_add_check_in (RespiteStore          *self,
                            const RespiteCheckIn  *check_in,
                            GError               **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *answers = NULL;

  g_return_val_if_fail (RESPITE_IS_STORE (self), 0);
  g_return_val_if_fail (check_in != NULL, 0);
  g_return_val_if_fail (check_in->instrument_id != NULL, 0);

  stmt = self->add_check_in;
  answers = answers_to_json (check_in->answers);
  sqlite3_bind_text (stmt, 1, check_in->instrument_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, check_in->instrument_version);
  sqlite3_bind_int64 (stmt, 3, check_in->started_at);
  sqlite3_bind_int64 (stmt, 4, check_in->finished_at);
  sqlite3_bind_text (stmt, 5, answers, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, check_in->raw_score);
  if (isnan (check_in->scaled_score))
    sqlite3_bind_null (stmt, 7);
  else
    sqlite3_bind_double (stmt, 7, check_in->scaled_score);
  if (check_in->band_id != NULL)
    sqlite3_bind_text (stmt, 8, check_in->band_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 9, check_in->suggests_support ? 1 : 0);
  sqlite3_bind_int64 (stmt, 10, check_in->prompt_id);

  return respite_store_run_insert (self, stmt, _("record a check-in"), error);
}

static gboolean
read_check_in (sqlite3_stmt *stmt,
               gpointer      element)
{
  RespiteCheckIn *check_in = element;

  check_in->id = sqlite3_column_int64 (stmt, 0);
  check_in->instrument_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  check_in->instrument_version = sqlite3_column_int (stmt, 2);
  check_in->started_at = sqlite3_column_int64 (stmt, 3);
  check_in->finished_at = sqlite3_column_int64 (stmt, 4);
  check_in->answers = answers_from_json ((const char *) sqlite3_column_text (stmt, 5));
  check_in->raw_score = sqlite3_column_int (stmt, 6);
  check_in->scaled_score = sqlite3_column_type (stmt, 7) == SQLITE_NULL
                           ? NAN : sqlite3_column_double (stmt, 7);
  check_in->band_id = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  check_in->suggests_support = sqlite3_column_int (stmt, 9) != 0;
  check_in->prompt_id = sqlite3_column_int64 (stmt, 10);

  return TRUE;
}

/**
 * respite_store_list_check_ins:
 *
 * Returns: (transfer full) (element-type RespiteCheckIn): the check-ins
 *   finished in [@from, @to), oldest first; the array clears its elements
 */
GArray *
respite_store_list_check_ins (RespiteStore  *self,
                              gint64         from,
                              gint64         to,
                              GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);

  sqlite3_bind_int64 (self->list_check_ins, 1, from);
  sqlite3_bind_int64 (self->list_check_ins, 2, to);

  return respite_store_list_rows (self, self->list_check_ins, sizeof (RespiteCheckIn),
                                  (GDestroyNotify) respite_check_in_clear, read_check_in, error);
}

/**
 * respite_store_get_last_check_in_at:
 * @at: (out): when the last check-in with @instrument_id finished, or 0
 *   if there was none
 */
gboolean
respite_store_get_last_check_in_at (RespiteStore  *self,
                                    const char    *instrument_id,
                                    gint64        *at,
                                    GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (instrument_id != NULL, FALSE);
  g_return_val_if_fail (at != NULL, FALSE);

  sqlite3_bind_text (self->last_check_in, 1, instrument_id, -1, SQLITE_TRANSIENT);

  return respite_store_step_int64 (self, self->last_check_in, at, error);
}

/**
 * respite_store_add_counselling_session:
 * @done_at: any time on the day of the session
 *
 * Returns: the session's id, or 0 with @error set
 */
gint64
respite_store_add_counselling_session (RespiteStore  *self,
                                       gint64         done_at,
                                       GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), 0);

  sqlite3_bind_int64 (self->add_session, 1, done_at);

  return respite_store_run_insert (self, self->add_session, _("record a counselling session"),
                                   error);
}

static gboolean
read_session (sqlite3_stmt *stmt,
              gpointer      element)
{
  RespiteCounsellingSession *session = element;

  session->id = sqlite3_column_int64 (stmt, 0);
  session->done_at = sqlite3_column_int64 (stmt, 1);

  return TRUE;
}

/**
 * respite_store_list_counselling_sessions:
 *
 * Returns: (transfer full) (element-type RespiteCounsellingSession): the
 *   sessions done in [@from, @to), oldest first
 */
GArray *
respite_store_list_counselling_sessions (RespiteStore  *self,
                                         gint64         from,
                                         gint64         to,
                                         GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);

  sqlite3_bind_int64 (self->list_sessions, 1, from);
  sqlite3_bind_int64 (self->list_sessions, 2, to);

  return respite_store_list_rows (self, self->list_sessions, sizeof (RespiteCounsellingSession),
                                  NULL, read_session, error);
}

/* @at: (out): the last session's done_at, or 0 if none was marked */
gboolean
respite_store_get_last_counselling_session_at (RespiteStore  *self,
                                               gint64        *at,
                                               GError       **error)
{
  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (at != NULL, FALSE);

  return respite_store_step_int64 (self, self->last_session, at, error);
}
