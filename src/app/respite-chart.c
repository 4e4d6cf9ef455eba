/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteChart: the one chart widget of the app. Categories along x (days,
 * usually), one or more series of values, drawn as stacked bars, grouped
 * bars or lines with cairo. It knows nothing of what the values mean: the
 * caller names the series and says how to format a value.
 *
 * A chart is a picture to a screen reader: it gets a summary as its
 * accessible description, and every view that shows one also offers the
 * same figures as a table.
 */

#define G_LOG_DOMAIN "respite-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "respite-chart.h"

typedef struct
{
  char    *name;    /* (owned) */
  GdkRGBA  color;
  GArray  *values;  /* (owned) (element-type double) */
} Series;

struct _RespiteChart
{
  GtkWidget               parent_instance;

  RespiteChartMode        mode;
  GStrv                   labels;       /* (owned) */
  GPtrArray              *series;       /* (owned) (element-type Series) */
  double                  y_min;        /* NAN: from the data */
  double                  y_max;        /* NAN: from the data */
  char                   *placeholder;  /* (owned) */
  gboolean                break_lines;  /* a NAN breaks a line rather than being skipped */
  int                     marker;       /* a label's index, or -1 */
  char                   *marker_text;  /* (owned) */

  RespiteChartFormatFunc  format;
  gpointer                format_data;
  GDestroyNotify          format_destroy;
};

G_DEFINE_FINAL_TYPE (RespiteChart, respite_chart, GTK_TYPE_WIDGET)

/* GNOME's palette: distinct in light and dark styles alike. */
static const char * const palette[] = { "#3584e4", "#9141ac", "#e66100", "#26a269" };

#define PAD 8.0

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->name);
  g_array_unref (series->values);
  g_free (series);
}

static char *
format_value (RespiteChart *self,
              double        value)
{
  if (self->format != NULL)
    return self->format (value, self->format_data);

  return g_strdup_printf ("%g", value);
}

static guint
n_labels (RespiteChart *self)
{
  return self->labels != NULL ? g_strv_length (self->labels) : 0;
}

static double
value_at (Series *series,
          guint   i)
{
  return i < series->values->len ? g_array_index (series->values, double, i) : NAN;
}

static gboolean
has_data (RespiteChart *self)
{
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);

      for (guint i = 0; i < n_labels (self); i++)
        {
          double v = value_at (series, i);

          if (!isnan (v) && v != 0)
            return TRUE;
        }
    }

  return FALSE;
}

/* The largest value to show: the tallest stack, or the largest value. */
static double
data_max (RespiteChart *self)
{
  double max = 0;

  for (guint i = 0; i < n_labels (self); i++)
    {
      double stack = 0;

      for (guint s = 0; s < self->series->len; s++)
        {
          double v = value_at (g_ptr_array_index (self->series, s), i);

          if (isnan (v))
            continue;
          if (self->mode == RESPITE_CHART_STACKED_BARS)
            stack += v;
          else
            max = MAX (max, v);
        }
      max = MAX (max, stack);
    }

  return max;
}

/* A step of 1, 2, 2.5 or 5 times a power of ten, for about four lines. */
static double
nice_step (double range)
{
  double raw = range / 4;
  double magnitude = pow (10, floor (log10 (raw)));
  double norm = raw / magnitude;

  if (norm <= 1)
    return magnitude;
  if (norm <= 2)
    return 2 * magnitude;
  if (norm <= 2.5)
    return 2.5 * magnitude;
  if (norm <= 5)
    return 5 * magnitude;

  return 10 * magnitude;
}

static void
update_description (RespiteChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* What the screen shows, the summary says: with nothing to draw, the
   * placeholder, not "highest 0 h". */
  for (guint s = 0; s < self->series->len && n_labels (self) > 0 && has_data (self); s++)
    {
      Series *series = g_ptr_array_index (self->series, s);
      int highest = -1, latest = -1;

      for (guint i = 0; i < n_labels (self); i++)
        {
          double v = value_at (series, i);

          if (isnan (v))
            continue;
          if (highest < 0 || v > value_at (series, highest))
            highest = i;
          latest = i;
        }

      if (highest < 0)
        continue;

      {
        g_autofree char *high = format_value (self, value_at (series, highest));
        g_autofree char *last = format_value (self, value_at (series, latest));

        /* Translators: a summary of one line of a chart, read by a screen
         * reader, e.g. "High: highest 2 h on 3 Mar, latest 1 h on 14 Mar." */
        g_string_append_printf (text, _("%s: highest %s on %s, latest %s on %s. "),
                                series->name, high, self->labels[highest],
                                last, self->labels[latest]);
      }
    }

  if (text->len == 0)
    g_string_append (text, self->placeholder != NULL ? self->placeholder : "");
  else if (self->marker >= 0 && (guint) self->marker < n_labels (self) && self->marker_text != NULL)
    /* Translators: what a chart's dashed line marks, and from when, e.g.
     * "Policy 2026-09 from 14 Sep." */
    g_string_append_printf (text, _("%s from %s."), self->marker_text, self->labels[self->marker]);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
}

static void
changed (RespiteChart *self)
{
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static PangoLayout *
small_layout (RespiteChart *self,
              const char   *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (layout, attrs);

  return layout;
}

/* Draws @text with its left (@align 0), centre (0.5) or right (1) at @x. */
static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y,
           double       align)
{
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, x - align * width, y - height / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static void
set_color (cairo_t       *cr,
           const GdkRGBA *color,
           double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* A bar whose top corners are rounded when @round_top. */
static void
bar_path (cairo_t  *cr,
          double    x,
          double    y,
          double    width,
          double    height,
          gboolean  round_top)
{
  double r = round_top ? MIN (3.0, MIN (width / 2, height)) : 0;

  cairo_move_to (cr, x, y + height);
  cairo_line_to (cr, x, y + r);
  if (r > 0)
    cairo_arc (cr, x + r, y + r, r, G_PI, 1.5 * G_PI);
  cairo_line_to (cr, x + width - r, y);
  if (r > 0)
    cairo_arc (cr, x + width - r, y + r, r, 1.5 * G_PI, 2 * G_PI);
  cairo_line_to (cr, x + width, y + height);
  cairo_close_path (cr);
}

/* Returns where the legend ends. */
static double
draw_legend (RespiteChart  *self,
             cairo_t       *cr,
             const GdkRGBA *fg,
             double         x,
             double         y)
{
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);
      g_autoptr(PangoLayout) layout = small_layout (self, series->name);
      int width, height;

      pango_layout_get_pixel_size (layout, &width, &height);
      set_color (cr, &series->color, 1);
      cairo_arc (cr, x + 5, y, 5, 0, 2 * G_PI);
      cairo_fill (cr);
      set_color (cr, fg, 0.8);
      draw_text (cr, layout, x + 14, y, 0);
      x += 14 + width + 18;
    }

  return x;
}

/* The marker's text, in the legend's row over its line: right of the line,
 * or left of it near the right edge, never over the legend or the data. */
static void
draw_marker_text (RespiteChart  *self,
                  cairo_t       *cr,
                  const GdkRGBA *fg,
                  double         x,
                  double         y,
                  double         legend_end,
                  double         width)
{
  g_autoptr(PangoLayout) layout = NULL;
  double text_x;
  int w;

  if (self->marker_text == NULL)
    return;

  layout = small_layout (self, self->marker_text);
  pango_layout_get_pixel_size (layout, &w, NULL);
  text_x = x + PAD / 2 + w <= width ? x + PAD / 2 : x - PAD / 2 - w;
  if (text_x < legend_end)
    return;  /* the accessible description and the page still say it */

  set_color (cr, fg, 0.7);
  draw_text (cr, layout, text_x, y, 0);
}

static void
draw (RespiteChart *self,
      cairo_t      *cr,
      double        width,
      double        height)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));
  guint n = n_labels (self);
  GdkRGBA fg, bg;
  double top, bottom, step, y_min, y_max, plot_x, plot_y, plot_w, plot_h, slot;
  double label_w = 0, legend_end;
  int text_h;
  guint every;

  gtk_style_context_get_color (style, &fg);
  if (!gtk_style_context_lookup_color (style, "card_bg_color", &bg))
    gdk_rgba_parse (&bg, "white");

  if (!has_data (self))
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                                                      self->placeholder);

      pango_layout_set_width (layout, (int) (width - 2 * PAD) * PANGO_SCALE);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
      set_color (cr, &fg, 0.55);
      draw_text (cr, layout, PAD, height / 2, 0);
      return;
    }

  /* The y axis: from the caller's range, or from 0 to a round number just
   * above the data. */
  y_min = isnan (self->y_min) ? 0 : self->y_min;
  top = isnan (self->y_max) ? data_max (self) : self->y_max;
  step = nice_step (top - y_min);
  y_max = isnan (self->y_max) ? ceil (top / step) * step : self->y_max;

  for (double v = y_min; v <= y_max + step / 2; v += step)
    {
      g_autofree char *text = format_value (self, v);
      g_autoptr(PangoLayout) layout = small_layout (self, text);
      int w;

      pango_layout_get_pixel_size (layout, &w, &text_h);
      label_w = MAX (label_w, w);
    }

  plot_x = label_w + PAD;
  plot_y = text_h + 2 * PAD;
  plot_w = width - plot_x - 2;
  plot_h = height - plot_y - text_h - PAD;
  slot = plot_w / MAX (n, 1);
  bottom = plot_y + plot_h;

  if (plot_w <= 0 || plot_h <= 0)
    return;

  legend_end = draw_legend (self, cr, &fg, plot_x, text_h / 2.0 + 2);

  /* Grid lines and their values. */
  cairo_set_line_width (cr, 1);
  for (double v = y_min; v <= y_max + step / 2; v += step)
    {
      g_autofree char *text = format_value (self, v);
      g_autoptr(PangoLayout) layout = small_layout (self, text);
      double y = round (bottom - (v - y_min) / (y_max - y_min) * plot_h) + 0.5;

      set_color (cr, &fg, v == y_min ? 0.35 : 0.12);
      cairo_move_to (cr, plot_x, y);
      cairo_line_to (cr, plot_x + plot_w, y);
      cairo_stroke (cr);
      set_color (cr, &fg, 0.6);
      draw_text (cr, layout, plot_x - PAD, y, 1);
    }

  /* Labels along x: as many as fit, always including the latest. */
  {
    double widest = 0;

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(PangoLayout) layout = small_layout (self, self->labels[i]);
        int w, h;

        pango_layout_get_pixel_size (layout, &w, &h);
        widest = MAX (widest, w);
      }
    every = MAX (1, (guint) ceil ((widest + 2 * PAD) / slot));
  }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PangoLayout) layout = NULL;
      double x = plot_x + (i + 0.5) * slot;
      int w;

      if ((n - 1 - i) % every != 0)
        continue;

      layout = small_layout (self, self->labels[i]);
      pango_layout_get_pixel_size (layout, &w, NULL);
      set_color (cr, &fg, 0.6);
      /* Centred under its day, but never cut by the widget's edge. */
      draw_text (cr, layout, CLAMP (x - w / 2.0, 0, width - w), bottom + PAD / 2 + text_h / 2.0, 0);
    }

  if (self->marker >= 0 && (guint) self->marker < n)
    {
      double x = round (plot_x + self->marker * slot) + 0.5;

      set_color (cr, &fg, 0.55);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
      cairo_move_to (cr, x, plot_y);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      draw_marker_text (self, cr, &fg, x, text_h / 2.0 + 2, legend_end, width);
    }

  if (self->mode == RESPITE_CHART_LINE)
    {
      cairo_set_line_width (cr, 2);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

      for (guint s = 0; s < self->series->len; s++)
        {
          Series *series = g_ptr_array_index (self->series, s);
          gboolean started = FALSE;

          /* The points are joined across the days without a value (a
           * check-in is not every day), unless a missing value means
           * something hidden. */
          for (guint i = 0; i < n; i++)
            {
              double v = value_at (series, i);
              double x = plot_x + (i + 0.5) * slot;
              double y = bottom - (CLAMP (v, y_min, y_max) - y_min) / (y_max - y_min) * plot_h;

              if (isnan (v))
                {
                  started = started && !self->break_lines;
                  continue;
                }
              if (started)
                cairo_line_to (cr, x, y);
              else
                cairo_move_to (cr, x, y);
              started = TRUE;
            }
          set_color (cr, &series->color, 0.8);
          cairo_stroke (cr);

          for (guint i = 0; i < n; i++)
            {
              double v = value_at (series, i);
              double x = plot_x + (i + 0.5) * slot;
              double y = bottom - (CLAMP (v, y_min, y_max) - y_min) / (y_max - y_min) * plot_h;

              if (isnan (v))
                continue;
              cairo_arc (cr, x, y, 4.5, 0, 2 * G_PI);
              set_color (cr, &series->color, 1);
              cairo_fill_preserve (cr);
              set_color (cr, &bg, 1);
              cairo_stroke (cr);
            }
        }

      return;
    }

  for (guint i = 0; i < n; i++)
    {
      guint n_series = self->series->len;
      double group = MIN (slot * 0.72, self->mode == RESPITE_CHART_GROUPED_BARS ? 40 : 28);
      double x = plot_x + i * slot + (slot - group) / 2;
      double stack = 0;

      for (guint s = 0; s < n_series; s++)
        {
          Series *series = g_ptr_array_index (self->series, s);
          double v = value_at (series, i);
          double y0, y1, w = group;
          gboolean round_top = TRUE;

          if (isnan (v) || v <= 0)
            continue;

          if (self->mode == RESPITE_CHART_STACKED_BARS)
            {
              y0 = stack;
              stack += v;
              y1 = stack;
              /* Only the top of the stack is rounded. */
              for (guint t = s + 1; t < n_series; t++)
                if (value_at (g_ptr_array_index (self->series, t), i) > 0)
                  round_top = FALSE;
            }
          else
            {
              w = group / n_series;
              y0 = 0;
              y1 = v;
            }

          bar_path (cr,
                    (self->mode == RESPITE_CHART_STACKED_BARS ? x : x + s * w) + 0.5,
                    bottom - (MIN (y1, y_max) - y_min) / (y_max - y_min) * plot_h,
                    MAX (w - 1, 1),
                    (MIN (y1, y_max) - y0) / (y_max - y_min) * plot_h,
                    round_top);
          set_color (cr, &series->color, 1);
          cairo_fill (cr);
        }
    }
}

static void
respite_chart_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  draw (RESPITE_CHART (widget), cr, width, height);
  cairo_destroy (cr);
}

static void
respite_chart_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 180;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 560 : 220;
}

/* Hovering over a day tells its figures. */
static gboolean
respite_chart_query_tooltip (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard,
                             GtkTooltip *tooltip)
{
  RespiteChart *self = RESPITE_CHART (widget);
  g_autoptr(GString) text = NULL;
  guint n = n_labels (self);
  double slot;
  int i;

  if (n == 0 || keyboard || !has_data (self))
    return FALSE;

  /* The plot's left edge is not known here; the labels' width is small
   * next to a day's slot, so measure from the widget's edge. */
  slot = (double) gtk_widget_get_width (widget) / n;
  i = CLAMP ((int) (x / slot), 0, (int) n - 1);

  text = g_string_new (self->labels[i]);
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);
      double v = value_at (series, i);
      g_autofree char *value = isnan (v) ? g_strdup ("—") : format_value (self, v);

      g_string_append_printf (text, "\n%s: %s", series->name, value);
    }

  gtk_tooltip_set_text (tooltip, text->str);

  return TRUE;
}

static void
respite_chart_finalize (GObject *object)
{
  RespiteChart *self = RESPITE_CHART (object);

  if (self->format_destroy != NULL)
    self->format_destroy (self->format_data);
  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->placeholder, g_free);
  g_clear_pointer (&self->marker_text, g_free);

  G_OBJECT_CLASS (respite_chart_parent_class)->finalize (object);
}

static void
respite_chart_class_init (RespiteChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = respite_chart_finalize;
  widget_class->snapshot = respite_chart_snapshot;
  widget_class->measure = respite_chart_measure;
  widget_class->query_tooltip = respite_chart_query_tooltip;

  gtk_widget_class_set_css_name (widget_class, "respite-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
respite_chart_init (RespiteChart *self)
{
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->y_min = NAN;
  self->y_max = NAN;
  self->placeholder = g_strdup (_("Nothing to show for this period."));
  self->marker = -1;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  update_description (self);
}

GtkWidget *
respite_chart_new (void)
{
  return g_object_new (RESPITE_TYPE_CHART, NULL);
}

void
respite_chart_set_mode (RespiteChart     *self,
                        RespiteChartMode  mode)
{
  g_return_if_fail (RESPITE_IS_CHART (self));

  self->mode = mode;
  changed (self);
}

/* @labels: one per category, e.g. "3 Mar"; the series' values follow them. */
void
respite_chart_set_labels (RespiteChart       *self,
                          const char * const *labels)
{
  g_return_if_fail (RESPITE_IS_CHART (self));

  g_strfreev (self->labels);
  self->labels = g_strdupv ((char **) labels);
  changed (self);
}

void
respite_chart_clear_series (RespiteChart *self)
{
  g_return_if_fail (RESPITE_IS_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  changed (self);
}

/**
 * respite_chart_add_series:
 * @name: shown in the legend, the tooltip and the accessible description
 * @color: (nullable): a CSS colour, or %NULL for the next of the palette
 * @values: (array length=n_values): one per label; NAN for none
 */
void
respite_chart_add_series (RespiteChart *self,
                          const char   *name,
                          const char   *color,
                          const double *values,
                          guint         n_values)
{
  Series *series;

  g_return_if_fail (RESPITE_IS_CHART (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (values != NULL || n_values == 0);

  series = g_new0 (Series, 1);
  series->name = g_strdup (name);
  if (color == NULL || !gdk_rgba_parse (&series->color, color))
    gdk_rgba_parse (&series->color, palette[self->series->len % G_N_ELEMENTS (palette)]);
  series->values = g_array_sized_new (FALSE, FALSE, sizeof (double), n_values);
  g_array_append_vals (series->values, values, n_values);
  g_ptr_array_add (self->series, series);

  changed (self);
}

/* A fixed y axis, e.g. 0 to 100 for a percentage; NAN for either end
 * follows the data. */
void
respite_chart_set_y_range (RespiteChart *self,
                           double        min,
                           double        max)
{
  g_return_if_fail (RESPITE_IS_CHART (self));

  self->y_min = min;
  self->y_max = max;
  changed (self);
}

void
respite_chart_set_formatter (RespiteChart           *self,
                             RespiteChartFormatFunc  func,
                             gpointer                user_data,
                             GDestroyNotify          destroy)
{
  g_return_if_fail (RESPITE_IS_CHART (self));

  if (self->format_destroy != NULL)
    self->format_destroy (self->format_data);
  self->format = func;
  self->format_data = user_data;
  self->format_destroy = destroy;
  changed (self);
}

/* What the chart says, calmly, when there is nothing to draw. */
void
respite_chart_set_placeholder (RespiteChart *self,
                               const char   *text)
{
  g_return_if_fail (RESPITE_IS_CHART (self));

  g_free (self->placeholder);
  self->placeholder = g_strdup (text);
  changed (self);
}

void
respite_chart_set_marker (RespiteChart *self,
                          int           index,
                          const char   *text)
{
  g_return_if_fail (RESPITE_IS_CHART (self));

  self->marker = MAX (index, -1);
  g_free (self->marker_text);
  self->marker_text = g_strdup (text);
  changed (self);
}

/* Whether a missing value (NAN) breaks a line, as a hidden period must,
 * or is stepped over, as a day without a check-in is (the default). */
void
respite_chart_set_break_lines (RespiteChart *self,
                               gboolean      break_lines)
{
  g_return_if_fail (RESPITE_IS_CHART (self));

  self->break_lines = break_lines;
  changed (self);
}
