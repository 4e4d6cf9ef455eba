/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteChart drawn for real, on an X server (Xvfb), with GSK's cairo
 * renderer: a hidden period (NAN) is a gap in a line when the chart breaks
 * lines there, as the Team page's charts do, and stepped over when it does
 * not, as History's check-ins are; the marker of a policy change is a
 * dashed line, and what a screen reader hears names it and its period.
 */

#include "config.h"

#include <math.h>

#include "respite-chart.h"

#define WIDTH  400
#define HEIGHT 200

static const char * const labels[] = { "1 Jan", "8 Jan", "15 Jan", "22 Jan", "29 Jan", NULL };

/* The chart in a window of its own, shown and drawn. */
static GtkWidget *
chart_in_window (GtkWidget **window)
{
  GtkWidget *chart = respite_chart_new ();
  double values[] = { 50, 50, NAN, 50, 50 };

  respite_chart_set_mode (RESPITE_CHART (chart), RESPITE_CHART_LINE);
  respite_chart_set_y_range (RESPITE_CHART (chart), 0, 100);
  respite_chart_set_labels (RESPITE_CHART (chart), labels);
  respite_chart_add_series (RESPITE_CHART (chart), "Share", "#e01b24", values, G_N_ELEMENTS (values));
  gtk_widget_set_size_request (chart, WIDTH, HEIGHT);

  *window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (*window), chart);
  gtk_window_present (GTK_WINDOW (*window));
  while (gtk_widget_get_width (chart) < WIDTH || gtk_native_get_renderer (GTK_NATIVE (*window)) == NULL)
    g_main_context_iteration (NULL, TRUE);

  return chart;
}

/* The chart's pixels, as its window's renderer draws them (ARGB32). */
static GBytes *
render (GtkWidget *chart,
        gsize     *stride)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (chart));
  int width = gtk_widget_get_width (chart), height = gtk_widget_get_height (chart);
  guchar *data;

  /* The chart's own drawing, as GTK asks for it each frame. */
  GTK_WIDGET_GET_CLASS (chart)->snapshot (chart, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  *stride = (gsize) width * 4;
  data = g_malloc ((gsize) height * *stride);
  gdk_texture_download (texture, data, *stride);

  return g_bytes_new_take (data, (gsize) height * *stride);
}

/* Pixels in the columns from @from to @to that are mostly the series'
 * red (#e01b24). */
static guint
red_in_columns (GBytes *pixels,
                gsize   stride,
                int     from,
                int     to)
{
  const guchar *data = g_bytes_get_data (pixels, NULL);
  int height = g_bytes_get_size (pixels) / stride;
  guint red = 0;

  for (int x = from; x <= to; x++)
    for (int y = 0; y < height; y++)
      {
        const guchar *p = data + y * stride + x * 4;  /* B, G, R, A in memory */

        if (p[2] > 150 && p[1] < 90 && p[0] < 90)
          red++;
      }

  return red;
}

/* Between the second and fourth points, around the hidden third: a line
 * across it when stepped over, nothing when broken. */
static void
test_break_lines (void)
{
  GtkWidget *window = NULL;
  GtkWidget *chart = chart_in_window (&window);
  g_autoptr(GBytes) joined = NULL;
  g_autoptr(GBytes) broken = NULL;
  gsize stride;
  int width = gtk_widget_get_width (chart);

  joined = render (chart, &stride);
  respite_chart_set_break_lines (RESPITE_CHART (chart), TRUE);
  broken = render (chart, &stride);

  /* The plot is the width less the axis labels: the hidden third period
   * is around its middle, the neighbours' points a slot away on either
   * side. */
  g_assert_cmpuint (red_in_columns (joined, stride, width * 0.42, width * 0.62), >, 20);
  g_assert_cmpuint (red_in_columns (broken, stride, width * 0.42, width * 0.62), ==, 0);

  /* The periods on either side are still drawn. */
  g_assert_cmpuint (red_in_columns (broken, stride, width * 0.85, width - 1), >, 20);
  g_assert_cmpuint (red_in_columns (broken, stride, width * 0.15, width * 0.35), >, 20);

  gtk_window_destroy (GTK_WINDOW (window));
}

static char *
description (GtkWidget *chart)
{
  /* GTK 4.8 has no getter: the test backend says what it holds when it
   * differs from what is asked. */
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart),
                                             GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                             "\x01");
}

/* The marker: heard with its period, drawn as a dashed line, and gone
 * when cleared. */
static void
test_marker (void)
{
  GtkWidget *window = NULL;
  GtkWidget *chart = chart_in_window (&window);
  g_autofree char *before = description (chart);
  g_autofree char *marked = NULL;
  g_autofree char *cleared = NULL;

  g_assert_null (strstr (before, "Policy 2026-02"));

  respite_chart_set_marker (RESPITE_CHART (chart), 3, "Policy 2026-02");
  marked = description (chart);
  g_assert_nonnull (strstr (marked, "Policy 2026-02 from 22 Jan."));
  /* The figures are still read out, before it. */
  g_assert_nonnull (strstr (marked, "Share: highest 50"));

  respite_chart_set_marker (RESPITE_CHART (chart), -1, NULL);
  cleared = description (chart);
  g_assert_null (strstr (cleared, "Policy"));

  /* Out of range: nothing said, nothing drawn, no crash. */
  respite_chart_set_marker (RESPITE_CHART (chart), 99, "Policy 2026-03");
  g_clear_pointer (&cleared, g_free);
  cleared = description (chart);
  g_assert_null (strstr (cleared, "Policy"));
  {
    gsize stride;
    g_autoptr(GBytes) pixels = render (chart, &stride);

    g_assert_nonnull (pixels);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart/break-lines", test_break_lines);
  g_test_add_func ("/chart/marker", test_marker);

  return g_test_run ();
}
