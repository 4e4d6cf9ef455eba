/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteX11Focus: which window is in front, from the X server, for
 * RespiteReviewFocus (issue #20).
 *
 * An EWMH window manager keeps the active window in the root window's
 * _NET_ACTIVE_WINDOW property; the window's WM_CLASS says what it is. Both
 * are followed from PropertyNotify events, never polled: the root window's
 * for a new active window, and the active window's own for a class set
 * after it was mapped. Only the class part of WM_CLASS is read and passed
 * on, never a title; a window without one counts as no tool in front.
 *
 * Other clients' windows may vanish at any moment: every request about
 * them is made under a GDK error trap.
 */

#define G_LOG_DOMAIN "respite-x11-focus"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-x11-focus.h"

/* After our header, which brings gdk.h and with it GDK_WINDOWING_X11. */
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#include <X11/Xatom.h>
#include <X11/Xutil.h>
#endif

struct _RespiteX11Focus
{
  GObject             parent_instance;

  GdkDisplay         *display;  /* (owned) (nullable): NULL unless X11 */
  RespiteReviewFocus *focus;    /* (owned) */
  gulong              xevent_id;
  gulong              tools_changed_id;
  unsigned long       active;   /* the active window's XID, or 0 (None) */
  char               *wm_class; /* (owned) (nullable): its class part */
#ifdef GDK_WINDOWING_X11
  Atom                net_active_window;
#endif
};

G_DEFINE_FINAL_TYPE (RespiteX11Focus, respite_x11_focus, G_TYPE_OBJECT)

#ifdef GDK_WINDOWING_X11

static Display *
get_xdisplay (RespiteX11Focus *self)
{
  return gdk_x11_display_get_xdisplay (GDK_X11_DISPLAY (self->display));
}

/* The root window's _NET_ACTIVE_WINDOW, or None. */
static Window
read_active_window (RespiteX11Focus *self)
{
  Display *xdisplay = get_xdisplay (self);
  Atom type = None;
  int format = 0;
  unsigned long n_items = 0, after = 0;
  unsigned char *data = NULL;
  Window window = None;

  if (XGetWindowProperty (xdisplay, DefaultRootWindow (xdisplay), self->net_active_window,
                          0, 1, False, XA_WINDOW, &type, &format, &n_items, &after,
                          &data) == Success &&
      type == XA_WINDOW && format == 32 && n_items == 1 && data != NULL)
    window = *(Window *) data;

  if (data != NULL)
    XFree (data);

  return window;
}

/* The class part of @window's WM_CLASS, or NULL: no window, a window gone
 * already, or one without a class. */
static char *
read_wm_class (RespiteX11Focus *self,
               Window           window)
{
  XClassHint hint = { NULL, NULL };
  char *wm_class = NULL;
  Status ok;

  if (window == None)
    return NULL;

  gdk_x11_display_error_trap_push (self->display);
  ok = XGetClassHint (get_xdisplay (self), window, &hint);
  gdk_x11_display_error_trap_pop_ignored (self->display);

  if (ok && hint.res_class != NULL && g_utf8_validate (hint.res_class, -1, NULL) &&
      *hint.res_class != '\0')
    wm_class = g_strdup (hint.res_class);

  if (hint.res_name != NULL)
    XFree (hint.res_name);
  if (hint.res_class != NULL)
    XFree (hint.res_class);

  if (wm_class == NULL)
    g_debug ("The active window 0x%lx has no WM_CLASS: no review tool in front", window);

  return wm_class;
}

static void
report (RespiteX11Focus *self)
{
  g_free (self->wm_class);
  self->wm_class = read_wm_class (self, self->active);
  respite_review_focus_set_wm_class (self->focus, self->wm_class);
}

/* Watch @window's own properties, for a WM_CLASS set late. Our own windows
 * are GDK's: their event masks are left as GDK set them. */
static void
watch_window (RespiteX11Focus *self,
              Window           window,
              gboolean         watch)
{
  if (window == None || gdk_x11_surface_lookup_for_display (self->display, window) != NULL)
    return;

  gdk_x11_display_error_trap_push (self->display);
  XSelectInput (get_xdisplay (self), window, watch ? PropertyChangeMask : NoEventMask);
  gdk_x11_display_error_trap_pop_ignored (self->display);
}

static void
update_active (RespiteX11Focus *self)
{
  Window window = read_active_window (self);

  if (window != self->active)
    {
      watch_window (self, self->active, FALSE);
      self->active = window;
      watch_window (self, self->active, TRUE);
    }

  report (self);
}

static gboolean
xevent_cb (GdkX11Display   *display,
           gpointer         data,
           RespiteX11Focus *self)
{
  const XEvent *event = data;
  Display *xdisplay = get_xdisplay (self);

  if (event->type != PropertyNotify)
    return FALSE;

  if (event->xproperty.window == DefaultRootWindow (xdisplay) &&
      event->xproperty.atom == self->net_active_window)
    update_active (self);
  else if (event->xproperty.window == self->active && self->active != None &&
           event->xproperty.atom == XA_WM_CLASS)
    report (self);

  return FALSE;
}

/* The policy or the switch changed, and with it what a class means. */
static void
tools_changed_cb (RespiteX11Focus *self)
{
  respite_review_focus_set_wm_class (self->focus, self->wm_class);
}

static void
start (RespiteX11Focus *self)
{
  Display *xdisplay = get_xdisplay (self);
  Window root = DefaultRootWindow (xdisplay);
  XWindowAttributes attributes;

  self->net_active_window = XInternAtom (xdisplay, "_NET_ACTIVE_WINDOW", False);

  /* Added to what GDK selects on the root window, not instead of it. */
  gdk_x11_display_error_trap_push (self->display);
  if (XGetWindowAttributes (xdisplay, root, &attributes))
    XSelectInput (xdisplay, root, attributes.your_event_mask | PropertyChangeMask);
  gdk_x11_display_error_trap_pop_ignored (self->display);

  self->xevent_id = g_signal_connect (self->display, "xevent", G_CALLBACK (xevent_cb), self);
  self->tools_changed_id = g_signal_connect_swapped (self->focus, "tools-changed",
                                                     G_CALLBACK (tools_changed_cb), self);
  update_active (self);
}

#endif

static void
respite_x11_focus_dispose (GObject *object)
{
  RespiteX11Focus *self = RESPITE_X11_FOCUS (object);

  if (self->display != NULL)
    g_clear_signal_handler (&self->xevent_id, self->display);
  if (self->focus != NULL)
    g_clear_signal_handler (&self->tools_changed_id, self->focus);
#ifdef GDK_WINDOWING_X11
  if (self->display != NULL)
    watch_window (self, self->active, FALSE);
#endif
  self->active = 0;
  g_clear_object (&self->display);
  g_clear_object (&self->focus);
  g_clear_pointer (&self->wm_class, g_free);

  G_OBJECT_CLASS (respite_x11_focus_parent_class)->dispose (object);
}

static void
respite_x11_focus_class_init (RespiteX11FocusClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = respite_x11_focus_dispose;
}

static void
respite_x11_focus_init (RespiteX11Focus *self)
{
}

RespiteX11Focus *
respite_x11_focus_new (GdkDisplay         *display,
                       RespiteReviewFocus *focus)
{
  RespiteX11Focus *self;

  g_return_val_if_fail (display == NULL || GDK_IS_DISPLAY (display), NULL);
  g_return_val_if_fail (RESPITE_IS_REVIEW_FOCUS (focus), NULL);

  self = g_object_new (RESPITE_TYPE_X11_FOCUS, NULL);
  self->focus = g_object_ref (focus);

  if (display == NULL)
    display = gdk_display_get_default ();

#ifdef GDK_WINDOWING_X11
  if (display != NULL && GDK_IS_X11_DISPLAY (display))
    {
      self->display = g_object_ref (display);
      start (self);
    }
#endif

  if (self->display == NULL)
    g_debug ("Not on X11: the active window is not followed here");

  return self;
}

gboolean
respite_x11_focus_get_available (RespiteX11Focus *self)
{
  g_return_val_if_fail (RESPITE_IS_X11_FOCUS (self), FALSE);

  return self->display != NULL;
}
