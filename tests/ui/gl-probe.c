/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gl-probe: asks GTK whether it can draw with OpenGL on this display, as
 * tests/ui/test-gl.sh needs to know before it starts the app with
 * GSK_RENDERER=gl. Prints one line and exits 0:
 *
 *   renderer=GskGLRenderer          GL works: the renderer a window realized,
 *   driver=/usr/lib/…/swrast_dri.so and the Mesa DRI driver it loaded, if any
 *   none=REASON                     no GL here, and GDK's reason (no driver,
 *                                   no EGL or GLX on the display…)
 *
 * Exits 1 when there is no X11 display at all.
 *
 * In the sanitizer build it runs without LeakSanitizer (test-gl.sh): what
 * it leaks is GTK's and Mesa's, not the app's, whose own check under GL
 * is the one that counts.
 */

#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

/* The Mesa DRI driver mapped into this process, from /proc/self/maps. */
static void
print_dri_driver (void)
{
  g_autofree char *maps = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL))
    return;
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *path = strchr (lines[i], '/');

      if (path != NULL && g_str_has_suffix (path, "_dri.so"))
        {
          g_print ("driver=%s\n", path);
          return;
        }
    }
}

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
  print_dri_driver ();
  gtk_window_destroy (GTK_WINDOW (window));


  return 0;
}
