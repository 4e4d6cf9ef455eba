/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gl-probe: asks GTK whether it can draw with OpenGL on this display, as
 * tests/ui/test-gl.sh needs to know before it starts the app with
 * GSK_RENDERER=gl. Prints one line and exits 0:
 *
 *   renderer=GskGLRenderer          GL works: the renderer a window realized
 *   none=REASON                     no GL here, and GDK's reason (no driver,
 *                                   no EGL or GLX on the display…)
 *
 * Exits 1 when there is no X11 display at all.
 */

#include "config.h"

#include <gtk/gtk.h>

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  GdkDisplay *display;
  GtkWidget *window;
  GskRenderer *renderer;

  if (!gtk_init_check ())
    {
      g_printerr ("gl-probe: no display\n");
      return 1;
    }

  display = gdk_display_get_default ();
  if (!gdk_display_prepare_gl (display, &error))
    {
      g_print ("none=%s\n", error->message);
      return 0;
    }

  /* GL that GDK can open may still not be what a window ends up with:
   * report the renderer GTK realized, as the app would get it. */
  window = gtk_window_new ();
  gtk_widget_realize (window);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_print ("renderer=%s\n", G_OBJECT_TYPE_NAME (renderer));
  gtk_window_destroy (GTK_WINDOW (window));

  return 0;
}
