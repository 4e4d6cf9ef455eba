/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The personal store (RespiteStore) as a whole: the History view's days,
 * the reviewer's exports (JSON and CSV), erasing everything, and pruning
 * what is older than the retention period.
 */

#define G_LOG_DOMAIN "respite-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "respite-store-private.h"

/* Which day of @days holds @at, or -1. */
static int
find_day (GArray *days,
          gint64  at)
{
  for (guint i = 0; i < days->len; i++)
    {
      RespiteHistoryDay *day = &g_array_index (days, RespiteHistoryDay, i);

      if (at >= day->start && at < day->end)
        return i;
    }

  return -1;
}

/* Counts the rows of a one-column query of times into @days through
 * @field, the offset of a guint counter in RespiteHistoryDay. */
static gboolean
count_into_days (RespiteStore  *self,
                 const char    *sql,
                 GArray        *days,
                 gsize          field,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = respite_store_prepare_period (self, sql,
                                       g_array_index (days, RespiteHistoryDay, 0).start,
                                       g_array_index (days, RespiteHistoryDay, days->len - 1).end,
                                       error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int i = find_day (days, sqlite3_column_int64 (stmt, 0));

      if (i >= 0)
        G_STRUCT_MEMBER (guint, &g_array_index (days, RespiteHistoryDay, i), field)++;
    }

  return respite_store_check_done (self, rc, _("read the store"), error);
}

/**
 * respite_store_list_history_days:
 * @tz: the time zone whose midnights divide the days
 * @from: a time in the first day
 * @to: the end of the period, excluded
 *
 * The reviewer's days, for the History view: exposure by intensity (a block
 * across midnight counts in each day for the part that falls in it; a
 * running block counts up to its last heartbeat), breaks prompted and
 * taken, and the limits reached (the daily cap or any other).
 *
 * Returns: (transfer full) (element-type RespiteHistoryDay): one element
 *   per local day that [@from, @to) touches, oldest first
 */
GArray *
respite_store_list_history_days (RespiteStore  *self,
                                 GTimeZone     *tz,
                                 gint64         from,
                                 gint64         to,
                                 GError       **error)
{
  g_autoptr(GArray) days = g_array_new (FALSE, TRUE, sizeof (RespiteHistoryDay));
  g_autoptr(GArray) blocks = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (from);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;

  g_return_val_if_fail (RESPITE_IS_STORE (self), NULL);
  g_return_val_if_fail (tz != NULL, NULL);
  g_return_val_if_fail (from < to, NULL);

  /* Midnights are found by date, not by adding 86400 s: days of a change
   * to or from summer time last 23 or 25 hours. */
  local = g_date_time_to_timezone (utc, tz);
  midnight = g_date_time_new (tz, g_date_time_get_year (local),
                              g_date_time_get_month (local),
                              g_date_time_get_day_of_month (local), 0, 0, 0);
  while (g_date_time_to_unix (midnight) < to)
    {
      g_autoptr(GDateTime) later = g_date_time_add_hours (midnight, 36);
      GDateTime *next = g_date_time_new (tz, g_date_time_get_year (later),
                                         g_date_time_get_month (later),
                                         g_date_time_get_day_of_month (later), 0, 0, 0);
      RespiteHistoryDay day = {
        .start = g_date_time_to_unix (midnight),
        .end = g_date_time_to_unix (next),
      };

      g_array_append_val (days, day);
      g_date_time_unref (midnight);
      midnight = next;
    }

  blocks = respite_store_list_blocks (self, g_array_index (days, RespiteHistoryDay, 0).start,
                                      g_array_index (days, RespiteHistoryDay, days->len - 1).end,
                                      error);
  if (blocks == NULL)
    return NULL;

  for (guint b = 0; b < blocks->len; b++)
    {
      RespiteBlock *block = &g_array_index (blocks, RespiteBlock, b);
      gint64 end = block->ended_at != 0 ? block->ended_at : block->heartbeat_at;

      for (guint i = 0; i < days->len; i++)
        {
          RespiteHistoryDay *day = &g_array_index (days, RespiteHistoryDay, i);
          gint64 overlap = MIN (end, day->end) - MAX (block->started_at, day->start);

          if (overlap > 0)
            day->exposure[block->intensity - 1] += overlap;
        }
    }

  if (!count_into_days (self,
                        "SELECT prompted_at FROM prompts WHERE kind = 'break-due'"
                        " AND prompted_at >= ?1 AND prompted_at < ?2",
                        days, G_STRUCT_OFFSET (RespiteHistoryDay, breaks_prompted), error) ||
      !count_into_days (self,
                        "SELECT started_at FROM breaks WHERE kind = 'break'"
                        " AND started_at >= ?1 AND started_at < ?2",
                        days, G_STRUCT_OFFSET (RespiteHistoryDay, breaks_taken), error) ||
      /* Every limit's reached prompt: respite_deadline_is_limit_reached(). */
      !count_into_days (self,
                        "SELECT prompted_at FROM prompts WHERE kind IN ('cap-reached',"
                        " 'video-cap-reached', 'live-cap-reached', 'weekly-cap-reached',"
                        " 'days-in-a-row') AND prompted_at >= ?1 AND prompted_at < ?2",
                        days, G_STRUCT_OFFSET (RespiteHistoryDay, limits_reached), error))
    return NULL;

  return g_steal_pointer (&days);
}

/* Every table of the reviewer's data, so that an export or an erase cannot
 * forget one that a later schema adds. */
static GStrv
list_tables (RespiteStore  *self,
             GError       **error)
{
  return respite_store_query_strv (self,
                                   "SELECT name FROM sqlite_master WHERE type = 'table'"
                                   " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                                   error);
}

static sqlite3_stmt *
select_all (RespiteStore  *self,
            const char    *table,
            GError       **error)
{
  /* The member secret stays out of exports: whoever holds it can
   * overwrite or erase the reviewer's published rows. */
  char *sql = g_str_equal (table, "sharing")
              ? sqlite3_mprintf ("SELECT id, member, team, opted_out, last_published_at,"
                                 " last_error FROM sharing ORDER BY rowid")
              : sqlite3_mprintf ("SELECT * FROM \"%w\" ORDER BY rowid", table);
  sqlite3_stmt *stmt = respite_store_prepare_once (self, sql, error);

  sqlite3_free (sql);

  return stmt;
}

/* Both exports read inside one transaction, so that they see one moment. */
static gboolean
begin_read (RespiteStore  *self,
            GError       **error)
{
  return respite_store_exec (self, "BEGIN", _("export your data"), error);
}

static void
end_read (RespiteStore *self)
{
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
}

static gboolean
build_json (RespiteStore  *self,
            JsonBuilder   *builder,
            GError       **error)
{
  g_auto(GStrv) tables = list_tables (self, error);

  if (tables == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "application");
  json_builder_add_string_value (builder, "Respite");
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, RESPITE_STORE_SCHEMA_VERSION);
  json_builder_set_member_name (builder, "tables");
  json_builder_begin_object (builder);

  for (guint t = 0; tables[t] != NULL; t++)
    {
      g_autoptr(sqlite3_stmt) stmt = select_all (self, tables[t], error);
      int rc;

      if (stmt == NULL)
        return FALSE;

      json_builder_set_member_name (builder, tables[t]);
      json_builder_begin_array (builder);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          json_builder_begin_object (builder);
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              json_builder_set_member_name (builder, sqlite3_column_name (stmt, c));
              switch (sqlite3_column_type (stmt, c))
                {
                case SQLITE_INTEGER:
                  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, c));
                  break;
                case SQLITE_FLOAT:
                  json_builder_add_double_value (builder, sqlite3_column_double (stmt, c));
                  break;
                case SQLITE_NULL:
                  json_builder_add_null_value (builder);
                  break;
                default:
                  json_builder_add_string_value (builder,
                                                 (const char *) sqlite3_column_text (stmt, c));
                  break;
                }
            }
          json_builder_end_object (builder);
        }

      if (!respite_store_check_done (self, rc, _("export your data"), error))
        return FALSE;

      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return TRUE;
}

/**
 * respite_store_export_json:
 * @stream: where to write; left open
 *
 * Writes every row of every table, as described in docs/data.md.
 */
gboolean
respite_store_export_json (RespiteStore   *self,
                           GOutputStream  *stream,
                           GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean ok;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  if (!begin_read (self, error))
    return FALSE;
  ok = build_json (self, builder, error);
  end_read (self);
  if (!ok)
    return FALSE;

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_stream (generator, stream, NULL, error);
}

/* RFC 4180: quote a field only when it needs it, doubling its quotes. */
static void
append_csv_field (GString    *line,
                  const char *value)
{
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (line, value);
      return;
    }

  g_string_append_c (line, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static gboolean
write_csv_table (RespiteStore  *self,
                 const char    *table,
                 GFile         *folder,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = select_all (self, table, error);
  g_autofree char *name = g_strconcat (table, ".csv", NULL);
  g_autoptr(GFile) file = g_file_get_child (folder, name);
  g_autoptr(GString) csv = g_string_new (NULL);
  int columns, rc;

  if (stmt == NULL)
    return FALSE;

  columns = sqlite3_column_count (stmt);
  for (int c = 0; c < columns; c++)
    {
      if (c > 0)
        g_string_append_c (csv, ',');
      append_csv_field (csv, sqlite3_column_name (stmt, c));
    }
  g_string_append (csv, "\r\n");

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int c = 0; c < columns; c++)
        {
          if (c > 0)
            g_string_append_c (csv, ',');

          /* Doubles in the C locale, as a spreadsheet reads them anywhere. */
          if (sqlite3_column_type (stmt, c) == SQLITE_FLOAT)
            {
              char buffer[G_ASCII_DTOSTR_BUF_SIZE];

              g_string_append (csv, g_ascii_dtostr (buffer, sizeof buffer,
                                                    sqlite3_column_double (stmt, c)));
            }
          else if (sqlite3_column_type (stmt, c) != SQLITE_NULL)
            {
              append_csv_field (csv, (const char *) sqlite3_column_text (stmt, c));
            }
        }
      g_string_append (csv, "\r\n");
    }

  if (!respite_store_check_done (self, rc, _("export your data"), error))
    return FALSE;

  return g_file_replace_contents (file, csv->str, csv->len, NULL, FALSE,
                                  G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, NULL, error);
}

/**
 * respite_store_export_csv:
 * @folder: created if missing
 *
 * Writes every table into @folder as `<table>.csv`, one file per table
 * with a header line, so that each opens as one sheet in a spreadsheet.
 */
gboolean
respite_store_export_csv (RespiteStore  *self,
                          GFile         *folder,
                          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) tables = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  if (!g_file_make_directory_with_parents (folder, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!begin_read (self, error))
    return FALSE;

  tables = list_tables (self, error);
  ok = tables != NULL;
  for (guint t = 0; ok && tables[t] != NULL; t++)
    ok = write_csv_table (self, tables[t], folder, error);

  end_read (self);

  return ok;
}

/**
 * respite_store_erase_all:
 *
 * Deletes every row of every table, then rebuilds the file and empties the
 * write-ahead log, so that nothing erased stays on the disk inside them.
 * Refuses with %RESPITE_STORE_ERROR_BLOCK_OPEN while a block runs: stop it
 * first, so the tracker does not keep writing to a row that is gone.
 */
gboolean
respite_store_erase_all (RespiteStore  *self,
                         GError       **error)
{
  g_auto(GStrv) tables = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  int open = 0;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);

  if (!respite_store_query_int (self, "SELECT COUNT(*) FROM exposure_blocks WHERE ended_at IS NULL",
                                &open, error))
    return FALSE;

  if (open > 0)
    {
      g_set_error_literal (error, RESPITE_STORE_ERROR, RESPITE_STORE_ERROR_BLOCK_OPEN,
                           _("Stop the running exposure block before erasing your data."));
      return FALSE;
    }

  tables = list_tables (self, error);
  if (tables == NULL)
    return FALSE;

  for (guint t = 0; tables[t] != NULL; t++)
    {
      char *statement;

      /* The identity stays, so that the reviewer can still erase the rows
       * it published (by resetting it) after erasing their own data. */
      if (g_str_equal (tables[t], "sharing"))
        continue;

      statement = sqlite3_mprintf ("DELETE FROM \"%w\";", tables[t]);

      g_string_append (sql, statement);
      sqlite3_free (statement);
    }

  return respite_store_exec_in_transaction (self, sql->str, _("erase your data"), error) &&
         respite_store_exec (self, "VACUUM", _("erase your data"), error) &&
         respite_store_exec (self, "PRAGMA wal_checkpoint(TRUNCATE)", _("erase your data"), error);
}

/**
 * respite_store_prune:
 * @older_than: the cut-off, Unix seconds: now minus the retention period
 *
 * Deletes the detail that ended before @older_than: blocks, prompts,
 * breaks, check-ins and counselling sessions. A running block or break is
 * never pruned, nor one that ends after the cut-off.
 */
gboolean
respite_store_prune (RespiteStore  *self,
                     gint64         older_than,
                     GError       **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (RESPITE_IS_STORE (self), FALSE);

  sql = g_strdup_printf ("DELETE FROM exposure_blocks WHERE ended_at < %1$" G_GINT64_FORMAT ";"
                         "DELETE FROM breaks WHERE ended_at < %1$" G_GINT64_FORMAT ";"
                         "DELETE FROM check_ins WHERE finished_at < %1$" G_GINT64_FORMAT ";"
                         "DELETE FROM prompts WHERE prompted_at < %1$" G_GINT64_FORMAT ";"
                         "DELETE FROM counselling_sessions WHERE done_at < %1$" G_GINT64_FORMAT ";"
                         "DELETE FROM unshared_days WHERE noted_at < %1$" G_GINT64_FORMAT ";",
                         older_than);

  return respite_store_exec_in_transaction (self, sql, _("delete old data"), error);
}
