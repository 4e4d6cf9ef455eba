/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteX11Idle: idleness from the X server, where Mutter cannot tell.
 *
 * Outside GNOME there is no org.gnome.Mutter.IdleMonitor to fire a watch.
 * On X11 the MIT-SCREEN-SAVER extension still knows how long ago the last
 * input was (XScreenSaverQueryInfo), but only when asked, so this object
 * asks as rarely as it can:
 *
 *  - while the person is there, once, at the moment the threshold would be
 *    reached if nothing happened in between; input in the meantime only
 *    moves that moment later, and the check is made again for the rest;
 *  - while they are away (and only then), every few seconds, to notice
 *    their return: without input the idle time only grows, so a smaller
 *    one means they are back;
 *  - never while RespitePresence:idle-fallback-threshold is 0: when nothing
 *    is exposed, the threshold for the kind is off, or Mutter is there.
 *
 * What it sees goes to RespitePresence (respite_presence_report_idle()),
 * which says away and back, and tells Preferences, for every source alike.
 * On Wayland, or without the extension, it does nothing.
 */

#define G_LOG_DOMAIN "respite-x11-idle"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-x11-idle.h"

/* After our header, which brings gdk.h and with it GDK_WINDOWING_X11. */
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#include <X11/extensions/scrnsaver.h>
#endif

/* Long enough to cost nothing, short enough that a paused block is offered
 * back soon after the person sits down again. */
#define RETURN_CHECK_MS 2000

struct _RespiteX11Idle
{
  GObject          parent_instance;

  GdkDisplay      *display;    /* (owned) (nullable): NULL unless X11 with the extension */
  RespitePresence *presence;   /* (owned) */
  GBinding        *binding;    /* (unowned) (nullable): presence's threshold to ours */
#ifdef GDK_WINDOWING_X11
  XScreenSaverInfo *info;      /* (owned) (nullable) */
#endif

  guint            threshold;  /* seconds; 0 is not watching */
  guint            timeout_id;
  gboolean         idle;       /* reported idle: watching for the return */
  guint64          last_idle_ms;
};

G_DEFINE_FINAL_TYPE (RespiteX11Idle, respite_x11_idle, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_THRESHOLD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
query_idle_ms (RespiteX11Idle *self,
               guint64        *idle_ms)
{
#ifdef GDK_WINDOWING_X11
  Display *xdisplay = gdk_x11_display_get_xdisplay (GDK_X11_DISPLAY (self->display));

  if (XScreenSaverQueryInfo (xdisplay, DefaultRootWindow (xdisplay), self->info) == 0)
    return FALSE;

  *idle_ms = self->info->idle;
  return TRUE;
#else
  return FALSE;
#endif
}

static void check (RespiteX11Idle *self,
                   gboolean        starting);

static gboolean
check_cb (gpointer user_data)
{
  RespiteX11Idle *self = user_data;

  self->timeout_id = 0;
  check (self, FALSE);

  return G_SOURCE_REMOVE;
}

static void
schedule (RespiteX11Idle *self,
          guint64         ms)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add ((guint) CLAMP (ms, 10, G_MAXUINT), check_cb, self);
  g_source_set_name_by_id (self->timeout_id, "[respite] X11 idle check");
}

static void
check (RespiteX11Idle *self,
       gboolean        starting)
{
  guint64 threshold_ms = (guint64) self->threshold * 1000;
  guint64 idle_ms;
  gboolean report = FALSE;

  g_assert (self->threshold > 0);

  if (!query_idle_ms (self, &idle_ms))
    {
      g_debug ("The X server would not say how long it has been idle: not watching");
      return;
    }

  if (self->idle && idle_ms >= self->last_idle_ms)
    {
      self->last_idle_ms = idle_ms;
      schedule (self, RETURN_CHECK_MS);
      return;
    }

  if (self->idle)
    {
      g_debug ("Input after %" G_GUINT64_FORMAT " ms idle: back", self->last_idle_ms);
      self->idle = FALSE;
      report = TRUE;
    }
  else if (idle_ms >= threshold_ms)
    {
      g_debug ("Idle for %" G_GUINT64_FORMAT " ms: away", idle_ms);
      self->idle = TRUE;
      self->last_idle_ms = idle_ms;
      report = TRUE;
    }
  else
    {
      /* On starting, "not idle" is news too: it ends an absence that
       * Mutter reported before it went away. */
      report = starting;
    }

  schedule (self, self->idle ? RETURN_CHECK_MS : threshold_ms - idle_ms);

  /* Last: the report may stop the block, and this watch with it. */
  if (report)
    respite_presence_report_idle (self->presence, self->idle,
                                  self->idle ? (gint64) (idle_ms / 1000) : 0);
}

static void
set_threshold (RespiteX11Idle *self,
               guint           seconds)
{
  guint previous = self->threshold;

  if (seconds == self->threshold)
    return;

  self->threshold = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THRESHOLD]);

  if (self->display == NULL)
    return;

  if (seconds == 0)
    {
      /* RespitePresence ends an open absence itself. */
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      self->idle = FALSE;
      return;
    }

  /* A new threshold while away does not end the absence: the return check
   * goes on. */
  if (!self->idle)
    check (self, previous == 0);
}

static void
respite_x11_idle_dispose (GObject *object)
{
  RespiteX11Idle *self = RESPITE_X11_IDLE (object);

  if (self->binding != NULL)
    {
      g_binding_unbind (self->binding);
      self->binding = NULL;
    }
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (self->presence != NULL)
    respite_presence_set_idle_fallback (self->presence, FALSE);
  g_clear_object (&self->presence);

  G_OBJECT_CLASS (respite_x11_idle_parent_class)->dispose (object);
}

static void
respite_x11_idle_finalize (GObject *object)
{
  RespiteX11Idle *self = RESPITE_X11_IDLE (object);

#ifdef GDK_WINDOWING_X11
  g_clear_pointer (&self->info, XFree);
#endif
  g_clear_object (&self->display);

  G_OBJECT_CLASS (respite_x11_idle_parent_class)->finalize (object);
}

static void
respite_x11_idle_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RespiteX11Idle *self = RESPITE_X11_IDLE (object);

  switch (prop_id)
    {
    case PROP_THRESHOLD:
      g_value_set_uint (value, self->threshold);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
respite_x11_idle_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RespiteX11Idle *self = RESPITE_X11_IDLE (object);

  switch (prop_id)
    {
    case PROP_THRESHOLD:
      set_threshold (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
respite_x11_idle_class_init (RespiteX11IdleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = respite_x11_idle_dispose;
  object_class->finalize = respite_x11_idle_finalize;
  object_class->get_property = respite_x11_idle_get_property;
  object_class->set_property = respite_x11_idle_set_property;

  /**
   * RespiteX11Idle:threshold:
   *
   * Seconds without input after which the person is away, or 0 not to
   * watch at all. Bound to RespitePresence:idle-fallback-threshold.
   */
  properties[PROP_THRESHOLD] =
    g_param_spec_uint ("threshold", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
respite_x11_idle_init (RespiteX11Idle *self)
{
}

/**
 * respite_x11_idle_new:
 * @display: (nullable): the display, or %NULL for the default one
 * @presence: the #RespitePresence to report to
 *
 * Offers @presence the X server's idle time as its idle fallback, if
 * @display is X11 and has the MIT-SCREEN-SAVER extension, and watches for
 * the threshold @presence asks for from then on.
 *
 * Returns: (transfer full): a new #RespiteX11Idle
 */
RespiteX11Idle *
respite_x11_idle_new (GdkDisplay      *display,
                      RespitePresence *presence)
{
  RespiteX11Idle *self;

  g_return_val_if_fail (display == NULL || GDK_IS_DISPLAY (display), NULL);
  g_return_val_if_fail (RESPITE_IS_PRESENCE (presence), NULL);

  self = g_object_new (RESPITE_TYPE_X11_IDLE, NULL);
  self->presence = g_object_ref (presence);

  if (display == NULL)
    display = gdk_display_get_default ();

#ifdef GDK_WINDOWING_X11
  if (display != NULL && GDK_IS_X11_DISPLAY (display))
    {
      Display *xdisplay = gdk_x11_display_get_xdisplay (GDK_X11_DISPLAY (display));
      int event_base, error_base;

      if (XScreenSaverQueryExtension (xdisplay, &event_base, &error_base))
        {
          self->info = XScreenSaverAllocInfo ();
          if (self->info != NULL)
            self->display = g_object_ref (display);
        }
      else
        {
          g_debug ("The X server has no MIT-SCREEN-SAVER extension: no idle fallback");
        }
    }
#endif

  if (self->display == NULL)
    g_debug ("No idle time from this display: no idle fallback");

  respite_presence_set_idle_fallback (presence, self->display != NULL);
  self->binding = g_object_bind_property (presence, "idle-fallback-threshold",
                                          self, "threshold", G_BINDING_SYNC_CREATE);

  return self;
}

/**
 * respite_x11_idle_get_available:
 * @self: a #RespiteX11Idle
 *
 * Returns: whether the display is X11 with the MIT-SCREEN-SAVER extension
 */
gboolean
respite_x11_idle_get_available (RespiteX11Idle *self)
{
  g_return_val_if_fail (RESPITE_IS_X11_IDLE (self), FALSE);

  return self->display != NULL;
}

guint
respite_x11_idle_get_threshold (RespiteX11Idle *self)
{
  g_return_val_if_fail (RESPITE_IS_X11_IDLE (self), 0);

  return self->threshold;
}
