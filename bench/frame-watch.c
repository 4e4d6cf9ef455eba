/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * frame-watch: when did a new window first draw? For the start-up
 * benchmark (bench/bench.py).
 *
 * It watches the whole X screen from outside, so the app under test and the
 * baseline are measured the same way and neither is changed for it:
 *
 *   - SubstructureNotify on the root window gives the MapNotify of the first
 *     new top-level window (the bench runs each app on an otherwise empty
 *     Xvfb, without a window manager);
 *   - the DAMAGE extension on the root window reports every drawing on the
 *     screen, children included; the first damage that falls inside the
 *     mapped window is the app's first frame, whichever renderer drew it
 *     (GTK sets no window background, so mapping alone draws nothing).
 *
 * It prints "ready" once it listens, then "map USEC" and "frame USEC" in
 * CLOCK_MONOTONIC microseconds (Python's time.monotonic_ns() / 1000), and
 * exits 0; or exits 1 after --timeout seconds with nothing drawn.
 */

#define G_LOG_DOMAIN "frame-watch"

#include "config.h"

#include <glib.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <X11/Xlib.h>
#include <X11/extensions/Xdamage.h>

static gboolean
intersects (const XRectangle        *area,
            const XWindowAttributes *window)
{
  return area->x < window->x + window->width &&
         window->x < area->x + area->width &&
         area->y < window->y + window->height &&
         window->y < area->y + area->height;
}

int
main (int   argc,
      char *argv[])
{
  Display *display;
  Window root;
  Window mapped = None;
  XWindowAttributes geometry = { 0 };
  int damage_event, damage_error;
  gint64 deadline;
  int timeout = 30;

  if (argc == 3 && g_str_equal (argv[1], "--timeout"))
    timeout = atoi (argv[2]);

  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      g_printerr ("frame-watch: cannot open the display\n");
      return 2;
    }
  if (!XDamageQueryExtension (display, &damage_event, &damage_error))
    {
      g_printerr ("frame-watch: the X server has no DAMAGE extension\n");
      return 2;
    }

  root = DefaultRootWindow (display);
  XSelectInput (display, root, SubstructureNotifyMask);
  XDamageCreate (display, root, XDamageReportRawRectangles);
  XSync (display, False);

  printf ("ready\n");
  fflush (stdout);

  deadline = g_get_monotonic_time () + (gint64) timeout * G_USEC_PER_SEC;
  for (;;)
    {
      XEvent event;
      struct pollfd fd = { ConnectionNumber (display), POLLIN, 0 };
      gint64 left = deadline - g_get_monotonic_time ();

      if (!XPending (display))
        {
          if (left <= 0 || poll (&fd, 1, (int) (left / 1000) + 1) <= 0)
            {
              g_printerr ("frame-watch: no window drew within %d s\n", timeout);
              return 1;
            }
          continue;
        }

      XNextEvent (display, &event);

      if (event.type == MapNotify && mapped == None && !event.xmap.override_redirect &&
          event.xmap.event == root)
        {
          mapped = event.xmap.window;
          printf ("map %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
          fflush (stdout);
          XGetWindowAttributes (display, mapped, &geometry);
        }
      else if (event.type == damage_event + XDamageNotify && mapped != None)
        {
          const XDamageNotifyEvent *damage = (const XDamageNotifyEvent *) &event;

          if (intersects (&damage->area, &geometry))
            {
              printf ("frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
              return 0;
            }
        }
    }
}
