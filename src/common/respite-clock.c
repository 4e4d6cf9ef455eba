/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteClock: the only place that reads the time. Durations come from the
 * monotonic clock, so that a wall-clock change neither adds nor removes
 * exposure; wall time only labels when things happened.
 *
 * A fake clock lets tests move time by hand; its timeouts fire from
 * respite_clock_advance(), in order, without a main loop.
 */

#define G_LOG_DOMAIN "respite-clock"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-clock.h"

typedef struct
{
  guint       id;
  gint64      interval_us;
  gint64      due_us;
  GSourceFunc func;
  gpointer    user_data;
} FakeTimeout;

struct _RespiteClock
{
  GObject  parent_instance;

  gboolean fake;
  gint64   fake_real_us;
  gint64   fake_monotonic_us;
  GList   *fake_timeouts;  /* (owned) (element-type FakeTimeout) */
  guint    next_fake_id;
};

G_DEFINE_FINAL_TYPE (RespiteClock, respite_clock, G_TYPE_OBJECT)

static void
respite_clock_finalize (GObject *object)
{
  RespiteClock *self = RESPITE_CLOCK (object);

  g_list_free_full (self->fake_timeouts, g_free);

  G_OBJECT_CLASS (respite_clock_parent_class)->finalize (object);
}

static void
respite_clock_class_init (RespiteClockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = respite_clock_finalize;
}

static void
respite_clock_init (RespiteClock *self)
{
  self->next_fake_id = 1;
}

RespiteClock *
respite_clock_new (void)
{
  return g_object_new (RESPITE_TYPE_CLOCK, NULL);
}

/* The fake monotonic clock starts at an arbitrary non-zero value, as a real
 * one does, so that nothing can rely on it starting at zero. */
RespiteClock *
respite_clock_new_fake (gint64 real_time_us)
{
  RespiteClock *self = g_object_new (RESPITE_TYPE_CLOCK, NULL);

  self->fake = TRUE;
  self->fake_real_us = real_time_us;
  self->fake_monotonic_us = 1000 * G_USEC_PER_SEC;

  return self;
}

gboolean
respite_clock_is_fake (RespiteClock *self)
{
  g_return_val_if_fail (RESPITE_IS_CLOCK (self), FALSE);

  return self->fake;
}

gint64
respite_clock_get_real_time (RespiteClock *self)
{
  g_return_val_if_fail (RESPITE_IS_CLOCK (self), 0);

  return self->fake ? self->fake_real_us : g_get_real_time ();
}

gint64
respite_clock_get_monotonic_time (RespiteClock *self)
{
  g_return_val_if_fail (RESPITE_IS_CLOCK (self), 0);

  return self->fake ? self->fake_monotonic_us : g_get_monotonic_time ();
}

/* Seconds-granularity timeouts let GLib coalesce wake-ups with the rest of
 * the session, which matters for an app that runs all shift. */
guint
respite_clock_add_timeout_seconds (RespiteClock *self,
                                   guint         seconds,
                                   GSourceFunc   func,
                                   gpointer      user_data)
{
  FakeTimeout *timeout;

  g_return_val_if_fail (RESPITE_IS_CLOCK (self), 0);
  g_return_val_if_fail (seconds > 0, 0);
  g_return_val_if_fail (func != NULL, 0);

  if (!self->fake)
    return g_timeout_add_seconds (seconds, func, user_data);

  timeout = g_new0 (FakeTimeout, 1);
  timeout->id = self->next_fake_id++;
  timeout->interval_us = (gint64) seconds * G_USEC_PER_SEC;
  timeout->due_us = self->fake_monotonic_us + timeout->interval_us;
  timeout->func = func;
  timeout->user_data = user_data;
  self->fake_timeouts = g_list_append (self->fake_timeouts, timeout);

  return timeout->id;
}

static GList *
find_fake_timeout (RespiteClock *self,
                   guint         id)
{
  for (GList *l = self->fake_timeouts; l != NULL; l = l->next)
    {
      FakeTimeout *timeout = l->data;

      if (timeout->id == id)
        return l;
    }

  return NULL;
}

void
respite_clock_remove_timeout (RespiteClock *self,
                              guint         id)
{
  GList *link;

  g_return_if_fail (RESPITE_IS_CLOCK (self));
  g_return_if_fail (id != 0);

  if (!self->fake)
    {
      g_source_remove (id);
      return;
    }

  link = find_fake_timeout (self, id);
  g_return_if_fail (link != NULL);

  g_free (link->data);
  self->fake_timeouts = g_list_delete_link (self->fake_timeouts, link);
}

static FakeTimeout *
next_due_timeout (RespiteClock *self,
                  gint64        until_us)
{
  FakeTimeout *next = NULL;

  for (GList *l = self->fake_timeouts; l != NULL; l = l->next)
    {
      FakeTimeout *timeout = l->data;

      if (timeout->due_us <= until_us && (next == NULL || timeout->due_us < next->due_us))
        next = timeout;
    }

  return next;
}

void
respite_clock_advance (RespiteClock *self,
                       gint64        microseconds)
{
  gint64 target_us;
  FakeTimeout *timeout;

  g_return_if_fail (RESPITE_IS_CLOCK (self));
  g_return_if_fail (self->fake);
  g_return_if_fail (microseconds >= 0);

  target_us = self->fake_monotonic_us + microseconds;

  while ((timeout = next_due_timeout (self, target_us)) != NULL)
    {
      guint id = timeout->id;
      gint64 step = timeout->due_us - self->fake_monotonic_us;

      self->fake_monotonic_us += step;
      self->fake_real_us += step;

      /* The callback may remove this or any other timeout, or add new ones,
       * so look it up again by id afterwards. */
      if (timeout->func (timeout->user_data) == G_SOURCE_CONTINUE)
        {
          GList *link = find_fake_timeout (self, id);

          if (link != NULL)
            ((FakeTimeout *) link->data)->due_us += ((FakeTimeout *) link->data)->interval_us;
        }
      else
        {
          GList *link = find_fake_timeout (self, id);

          if (link != NULL)
            {
              g_free (link->data);
              self->fake_timeouts = g_list_delete_link (self->fake_timeouts, link);
            }
        }
    }

  self->fake_real_us += target_us - self->fake_monotonic_us;
  self->fake_monotonic_us = target_us;
}

void
respite_clock_jump_real_time (RespiteClock *self,
                              gint64        microseconds)
{
  g_return_if_fail (RESPITE_IS_CLOCK (self));
  g_return_if_fail (self->fake);

  self->fake_real_us += microseconds;
}

/* How many timeouts a fake clock has pending: lets tests check that nothing
 * wakes the app while nothing is due. */
guint
respite_clock_count_timeouts (RespiteClock *self)
{
  g_return_val_if_fail (RESPITE_IS_CLOCK (self), 0);
  g_return_val_if_fail (self->fake, 0);

  return g_list_length (self->fake_timeouts);
}
