/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Resetting the reviewer's identity: their rows are erased from the team
 * store in a worker thread (respite-publisher-worker.c), then the member
 * token and secret are replaced, once no publication runs.
 */

#define G_LOG_DOMAIN "respite-publisher"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-publisher-private.h"

static void
reset_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RespitePublisher *self = RESPITE_PUBLISHER (source);
  g_autoptr(GTask) task = user_data;  /* the caller's */
  RespitePublisherJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  self->busy = FALSE;

  if (job->replaced != NULL)
    respite_publisher_team_store_replaced (self, job->replaced, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_clear_object (&self->team_store);
      g_task_return_error (task, error);
    }
  else if (!respite_store_new_sharing_identity (self->store, &error))
    {
      g_task_return_error (task, error);
    }
  else
    {
      g_task_return_boolean (task, TRUE);
    }

  respite_publisher_emit_changed (self);
  respite_publisher_maybe_publish (self);
}

/* Takes @task, the caller's, and returns it when the erasure is over. */
void
respite_publisher_start_reset (RespitePublisher *self,
                               GTask            *task)
{
  g_auto(RespiteSharing) sharing = { 0 };
  g_autoptr(GTask) erase = NULL;
  GError *error = NULL;
  RespitePublisherJob *job;

  if (!respite_store_get_sharing (self->store, &sharing, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  job = respite_publisher_job_new (self);
  job->member = g_steal_pointer (&sharing.member);
  job->secret = g_steal_pointer (&sharing.secret);

  self->busy = TRUE;
  erase = g_task_new (self, NULL, reset_done, g_object_ref (task));
  g_task_set_source_tag (erase, respite_publisher_start_reset);
  g_task_set_task_data (erase, job, (GDestroyNotify) respite_publisher_job_free);
  g_task_run_in_thread (erase, respite_publisher_reset_thread);
  respite_publisher_emit_changed (self);
}

/**
 * respite_publisher_reset_identity_async:
 *
 * Erases every row the install's member published, then replaces the
 * member token and secret with new ones: what is published later cannot be
 * linked to what was published before. If the team store cannot be
 * reached, fails and changes nothing. Waits for a running publication.
 */
void
respite_publisher_reset_identity_async (RespitePublisher    *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RESPITE_IS_PUBLISHER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, respite_publisher_reset_identity_async);

  if (self->busy)
    {
      if (self->pending_reset != NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                                   _("Your identity is already being reset"));
          return;
        }
      self->pending_reset = g_steal_pointer (&task);
      return;
    }

  respite_publisher_start_reset (self, task);
}

gboolean
respite_publisher_reset_identity_finish (RespitePublisher  *self,
                                         GAsyncResult      *result,
                                         GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
