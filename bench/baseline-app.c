/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * baseline-app: the smallest libadwaita application, the anchor of the
 * start-up and memory benchmarks (bench/bench.py). It is what any
 * AdwApplication pays before doing anything of its own: GTK and libadwaita
 * loaded, the session bus registration of a unique application, a window of
 * Respite's default size with a header bar.
 *
 * Built like the app (same tree, same flags); not installed, not translated:
 * nobody but the benchmark ever sees it.
 */

#define G_LOG_DOMAIN "baseline-app"

#include "config.h"

#include <adwaita.h>

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (page), "Baseline");
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), page);

  gtk_window_set_title (GTK_WINDOW (window), "Baseline");
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 640);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.respite.Baseline",
                                                       G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
