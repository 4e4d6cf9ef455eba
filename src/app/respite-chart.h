/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  RESPITE_CHART_STACKED_BARS,  /* one bar per label, the series stacked in it */
  RESPITE_CHART_GROUPED_BARS,  /* one bar per series, side by side */
  RESPITE_CHART_LINE,          /* a line with points per series; NAN leaves a gap */
} RespiteChartMode;

/* Turns a value into the text of an axis label, a tooltip or the
 * accessible description: "2 h", "60 %". */
typedef char *(*RespiteChartFormatFunc) (double   value,
                                         gpointer user_data);

#define RESPITE_TYPE_CHART (respite_chart_get_type ())
G_DECLARE_FINAL_TYPE (RespiteChart, respite_chart, RESPITE, CHART, GtkWidget)

GtkWidget *respite_chart_new             (void);

void       respite_chart_set_mode        (RespiteChart           *self,
                                          RespiteChartMode        mode);
void       respite_chart_set_labels      (RespiteChart           *self,
                                          const char * const     *labels);
void       respite_chart_clear_series    (RespiteChart           *self);
void       respite_chart_add_series      (RespiteChart           *self,
                                          const char             *name,
                                          const char             *color,
                                          const double           *values,
                                          guint                   n_values);
void       respite_chart_set_y_range     (RespiteChart           *self,
                                          double                  min,
                                          double                  max);
void       respite_chart_set_formatter   (RespiteChart           *self,
                                          RespiteChartFormatFunc  func,
                                          gpointer                user_data,
                                          GDestroyNotify          destroy);
void       respite_chart_set_placeholder (RespiteChart           *self,
                                          const char             *text);
void       respite_chart_set_break_lines (RespiteChart           *self,
                                          gboolean                break_lines);
/* A dashed line before the label at @index, with @text over it (what
 * changed there, e.g. the policy); -1 for none. */
void       respite_chart_set_marker      (RespiteChart           *self,
                                          int                     index,
                                          const char             *text);

G_END_DECLS
