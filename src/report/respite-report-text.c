/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteReport's CSV and JSON writers: the same content, for machines.
 * docs/report.md documents both. Numbers are in the C locale whatever the
 * user's; every row says which k and ε applied.
 */

#define G_LOG_DOMAIN "respite-report"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "respite-report-private.h"

/* RFC 4180 quoting; and a text cell a spreadsheet would run as a formula
 * (=, +, -, @) gets a leading apostrophe: team names come from reviewers. */
static void
append_field (GString    *line,
              const char *text)
{
  gboolean quote = strpbrk (text, ",\"\r\n") != NULL;

  if (line->len > 0 && line->str[line->len - 1] != '\n')
    g_string_append_c (line, ',');
  if (quote)
    g_string_append_c (line, '"');
  if (strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0')
    g_string_append_c (line, '\'');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *c);
    }
  if (quote)
    g_string_append_c (line, '"');
}

static gboolean
write_all (GOutputStream  *stream,
           const char     *text,
           gsize           len,
           GError        **error)
{
  return g_output_stream_write_all (stream, text, len, NULL, NULL, error);
}

static void
append_unit_and_coverage (GString                *text,
                          const RespiteReportRow *row)
{
  g_autofree char *registered = NULL;
  char coverage[G_ASCII_DTOSTR_BUF_SIZE] = "";

  if (row->coverage_shown)
    {
      registered = g_strdup_printf ("%u", row->registered);
      g_ascii_formatd (coverage, sizeof coverage, "%.4f", row->coverage);
    }
  append_field (text, row->unit == RESPITE_TEAM_UNIT_GROUP ? "group" : "team");
  append_field (text, registered != NULL ? registered : "");
  append_field (text, coverage);
}

/**
 * respite_report_write_csv:
 *
 * One header row, then one row per team and period: team, period_start,
 * period_end, policy_version, k, epsilon, one column per figure (empty when
 * hidden), and `suppressed`, the hidden figures as "id:reason"; then
 * `unit` (team or group), and coverage: `registered` and `coverage`
 * (empty when hidden).
 */
gboolean
respite_report_write_csv (RespiteReport  *self,
                          GOutputStream  *stream,
                          GError        **error)
{
  g_autoptr(GString) text = g_string_new ("");
  GPtrArray *rows = respite_report_get_rows (self);
  char epsilon[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *k = g_strdup_printf ("%u", respite_report_get_k (self));

  g_return_val_if_fail (RESPITE_IS_REPORT (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  g_ascii_dtostr (epsilon, sizeof epsilon, respite_report_get_epsilon (self));

  append_field (text, "team");
  append_field (text, "period_start");
  append_field (text, "period_end");
  append_field (text, "policy_version");
  append_field (text, "k");
  append_field (text, "epsilon");
  for (guint f = 0; f < RESPITE_REPORT_N_FIGURES; f++)
    append_field (text, respite_report_figure_get_id (f));
  append_field (text, "suppressed");
  append_field (text, "unit");
  append_field (text, "registered");
  append_field (text, "coverage");
  g_string_append_c (text, '\n');

  for (guint i = 0; i < rows->len; i++)
    {
      const RespiteReportRow *row = rows->pdata[i];
      g_autofree char *flags = respite_report_row_dup_flags (row);

      append_field (text, row->team);
      append_field (text, row->period_start);
      append_field (text, row->period_end);
      append_field (text, row->policy_version != NULL ? row->policy_version : "");
      append_field (text, k);
      append_field (text, epsilon);
      for (guint f = 0; f < RESPITE_REPORT_N_FIGURES; f++)
        {
          g_autofree char *value = NULL;

          if (row->cells[f].state == RESPITE_CELL_SHOWN)
            value = respite_report_format_value (f, row->cells[f].value);
          append_field (text, value != NULL ? value : "");
        }
      append_field (text, flags);
      append_unit_and_coverage (text, row);
      g_string_append_c (text, '\n');
    }

  return write_all (stream, text->str, text->len, error);
}

static void
add_share (JsonBuilder *builder,
           const char  *name,
           double       value)
{
  json_builder_set_member_name (builder, name);
  if (value < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

/**
 * respite_report_write_json:
 *
 * The schema is in docs/report.md ("respite-report/1").
 */
gboolean
respite_report_write_json (RespiteReport  *self,
                           GOutputStream  *stream,
                           GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *text = NULL;
  const RespiteReportProgramme *programme;
  GPtrArray *rows;
  gsize len;

  g_return_val_if_fail (RESPITE_IS_REPORT (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  rows = respite_report_get_rows (self);
  programme = respite_report_get_programme (self);
  generated = g_date_time_format_iso8601 (respite_report_get_generated_at (self));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, "respite-report/1");
  json_builder_set_member_name (builder, "generated_at");
  json_builder_add_string_value (builder, generated);

  json_builder_set_member_name (builder, "period");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, respite_report_get_period (self));
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, respite_report_get_from_day (self));
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, respite_report_get_to_day (self));
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, respite_report_get_unit (self) == RESPITE_PERIOD_WEEK
                                          ? "week" : "month");
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "privacy");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "k");
  json_builder_add_int_value (builder, respite_report_get_k (self));
  json_builder_set_member_name (builder, "store_k");
  json_builder_add_int_value (builder, respite_report_get_store_k (self));
  json_builder_set_member_name (builder, "epsilon");
  json_builder_add_double_value (builder, respite_report_get_epsilon (self));
  json_builder_set_member_name (builder, "epsilon_spent");
  json_builder_add_double_value (builder, respite_report_get_epsilon_spent (self));
  json_builder_set_member_name (builder, "epsilon_budget");
  json_builder_add_double_value (builder, respite_report_get_epsilon_budget (self));
  json_builder_set_member_name (builder, "noise_scale");
  json_builder_begin_object (builder);
  for (guint f = 0; f < RESPITE_REPORT_N_FIGURES; f++)
    if (respite_report_get_noise_scale (self, f) > 0)
      {
        json_builder_set_member_name (builder, respite_report_figure_get_id (f));
        json_builder_add_double_value (builder, respite_report_get_noise_scale (self, f));
      }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const RespiteReportRow *row = rows->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "team");
      json_builder_add_string_value (builder, row->team);
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, row->unit == RESPITE_TEAM_UNIT_GROUP ? "group" : "team");
      json_builder_set_member_name (builder, "registered");
      if (row->coverage_shown)
        json_builder_add_int_value (builder, row->registered);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "coverage");
      if (row->coverage_shown)
        json_builder_add_double_value (builder, row->coverage);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "period_start");
      json_builder_add_string_value (builder, row->period_start);
      json_builder_set_member_name (builder, "period_end");
      json_builder_add_string_value (builder, row->period_end);
      json_builder_set_member_name (builder, "policy_version");
      if (row->policy_version != NULL)
        json_builder_add_string_value (builder, row->policy_version);
      else
        json_builder_add_null_value (builder);

      json_builder_set_member_name (builder, "values");
      json_builder_begin_object (builder);
      for (guint f = 0; f < RESPITE_REPORT_N_FIGURES; f++)
        {
          json_builder_set_member_name (builder, respite_report_figure_get_id (f));
          if (row->cells[f].state != RESPITE_CELL_SHOWN)
            json_builder_add_null_value (builder);
          else if (respite_report_figure_is_count (f))
            json_builder_add_int_value (builder, (gint64) row->cells[f].value);
          else
            json_builder_add_double_value (builder, row->cells[f].value);
        }
      json_builder_end_object (builder);

      json_builder_set_member_name (builder, "suppressed");
      json_builder_begin_object (builder);
      for (guint f = 0; f < RESPITE_REPORT_N_FIGURES; f++)
        if (row->cells[f].state != RESPITE_CELL_SHOWN)
          {
            json_builder_set_member_name (builder, respite_report_figure_get_id (f));
            json_builder_add_string_value (builder, respite_cell_state_get_id (row->cells[f].state));
          }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "programme");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "support_services");
  if (programme->support_services >= 0)
    json_builder_add_int_value (builder, programme->support_services);
  else
    json_builder_add_null_value (builder);
  add_share (builder, "break_adherence", programme->break_adherence);
  add_share (builder, "checkin_participation", programme->checkin_participation);
  add_share (builder, "cap_exceeded_share", programme->cap_exceeded_share);
  json_builder_set_member_name (builder, "counselling_reminder_days");
  if (programme->counselling_interval >= 0)
    json_builder_add_int_value (builder, programme->counselling_interval / 86400);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "counselling_followed");
  json_builder_add_null_value (builder);  /* by design, never leaves a reviewer's machine */
  json_builder_set_member_name (builder, "policy_version");
  if (programme->policy_version != NULL)
    json_builder_add_string_value (builder, programme->policy_version);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "policy_age_days");
  if (programme->policy_age_days >= 0)
    json_builder_add_int_value (builder, programme->policy_age_days);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "policy_review_due");
  json_builder_add_boolean_value (builder, programme->policy_review_due);
  json_builder_set_member_name (builder, "phase");
  json_builder_add_int_value (builder, programme->phase + 1);
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &len);

  return write_all (stream, text, len, error) && write_all (stream, "\n", 1, error);
}
