/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window with a name but no WM_CLASS, as some X clients map them, for
 * tests/ui/test-review-tools.sh: in front, it must count as no review
 * tool, without a crash. Runs until killed.
 */

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdio.h>

int
main (void)
{
  Display *display = XOpenDisplay (NULL);
  Window window;
  XEvent event;

  if (display == NULL)
    {
      fprintf (stderr, "no-class-window: cannot open the display\n");
      return 1;
    }

  window = XCreateSimpleWindow (display, DefaultRootWindow (display), 300, 10, 200, 200, 0,
                                BlackPixel (display, DefaultScreen (display)),
                                WhitePixel (display, DefaultScreen (display)));
  XStoreName (display, window, "respite-no-class");
  XMapWindow (display, window);
  XFlush (display);

  for (;;)
    XNextEvent (display, &event);

  return 0;
}
