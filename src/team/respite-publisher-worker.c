/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespitePublisher's worker-thread side: the job, and what runs in a GTask
 * thread, since every team store call blocks. A job is copied on the main
 * thread (respite_publisher_job_new ()), and the thread touches only its
 * job, never the publisher: it opens the team store (or uses the one the
 * last job used), then publishes rows or erases the member.
 */

#define G_LOG_DOMAIN "respite-publisher"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "respite-publisher-private.h"

void
respite_publisher_job_free (RespitePublisherJob *job)
{
  g_clear_object (&job->team_store);
  g_clear_pointer (&job->now, g_date_time_unref);
  g_free (job->replaced);
  g_free (job->member);
  if (job->secret != NULL)
    explicit_bzero (job->secret, strlen (job->secret));
  g_free (job->secret);
  g_clear_pointer (&job->rows, g_array_unref);
  g_clear_pointer (&job->queued, g_array_unref);
  g_clear_pointer (&job->closed, g_ptr_array_unref);
  g_free (job);
}

/* In the worker thread: the store the last job used, or a new one. */
static gboolean
job_open (RespitePublisherJob  *job,
          GError              **error)
{
  if (job->team_store == NULL && job->replacing_opener != NULL)
    job->team_store = job->replacing_opener (job->opener_data, job->now, &job->replaced, error);
  else if (job->team_store == NULL)
    job->team_store = job->opener (job->opener_data, error);

  return job->team_store != NULL;
}

/* A publication is all or nothing. When the store refuses a day for good
 * (its week had closed while the day waited here, offline), the days are
 * sent one by one, so that the others still go and the closed ones are
 * noted rather than sent again for ever. */
static gboolean
publish_each (RespitePublisherJob  *job,
              GError              **error)
{
  for (guint i = 0; i < job->rows->len; i++)
    {
      const RespiteDayRow *row = &g_array_index (job->rows, RespiteDayRow, i);
      g_autoptr(GError) local_error = NULL;

      if (respite_team_store_publish (job->team_store, job->secret, row, 1, &local_error))
        continue;
      if (!g_error_matches (local_error, RESPITE_TEAM_STORE_ERROR,
                            RESPITE_TEAM_STORE_ERROR_SEALED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_debug ("Not shared, the week had closed: %s", local_error->message);
      g_ptr_array_add (job->closed, g_strdup (row->day));
    }

  return TRUE;
}

void
respite_publisher_publish_thread (GTask        *task,
                                  gpointer      source_object,
                                  gpointer      task_data,
                                  GCancellable *cancellable)
{
  RespitePublisherJob *job = task_data;
  GError *error = NULL;

  job->closed = g_ptr_array_new_with_free_func (g_free);

  if (!job_open (job, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (!respite_team_store_publish (job->team_store, job->secret,
                                   (const RespiteDayRow *) job->rows->data, job->rows->len,
                                   &error))
    {
      if (!g_error_matches (error, RESPITE_TEAM_STORE_ERROR, RESPITE_TEAM_STORE_ERROR_SEALED))
        {
          g_task_return_error (task, error);
          return;
        }
      g_clear_error (&error);
      if (!publish_each (job, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

void
respite_publisher_reset_thread (GTask        *task,
                                gpointer      source_object,
                                gpointer      task_data,
                                GCancellable *cancellable)
{
  RespitePublisherJob *job = task_data;
  GError *error = NULL;

  if (!job_open (job, &error) ||
      !respite_team_store_erase_member (job->team_store, job->member, job->secret, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}
