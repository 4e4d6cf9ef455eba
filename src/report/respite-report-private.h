/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "respite-report.h"

G_BEGIN_DECLS

/* Shared by the writers (respite-report-text.c, respite-report-pdf.c). */

/* Is the figure a count (printed without decimals), a share (0–1), or
 * hours, per cent, days. */
gboolean  respite_report_figure_is_count (RespiteReportFigure  figure);
gboolean  respite_report_figure_is_share (RespiteReportFigure  figure);
/* The value as the CSV and JSON print it: C locale, no thousands. */
char     *respite_report_format_value    (RespiteReportFigure  figure,
                                          double               value);
/* "k", "k and complementary", …: the row's hidden figures as "id:reason"
 * separated by spaces; "" when none. */
char     *respite_report_row_dup_flags   (const RespiteReportRow *row);

G_END_DECLS
