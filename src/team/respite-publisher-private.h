/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of RespitePublisher share: the instance, the job a worker
 * thread works from, and what the main-thread side, the worker-thread side
 * and the identity reset call across files.
 */
#pragma once

#include "respite-publisher.h"

G_BEGIN_DECLS

struct _RespitePublisher
{
  GObject                 parent_instance;

  RespiteStore           *store;          /* (owned) */
  RespitePolicy          *policy;         /* (owned) */
  RespiteClock           *clock;          /* (owned) */
  GTimeZone              *tz;             /* (owned) */
  RespiteTeamStoreOpener  opener;         /* (nullable) if replacing_opener is set */
  RespiteTeamStoreReplacingOpener replacing_opener;  /* (nullable) */
  gpointer                opener_data;    /* (owned) by opener_destroy */
  GDestroyNotify          opener_destroy;
  RespiteTeamStore       *team_store;     /* (owned) (nullable) opened, not failed since */

  gboolean                busy;           /* a publication or reset runs */
  guint                   timer_id;       /* end of today, or the next try */
  gboolean                backing_off;    /* timer_id is the next try */
  guint                   retry_delay;    /* seconds, 0 while all is well */
  GTask                  *pending_reset;  /* (owned) (nullable) waits for a publication */
};

/* What a worker thread needs, copied so that it touches nothing the main
 * thread uses. */
typedef struct
{
  RespiteTeamStore       *team_store;   /* (owned) (nullable) on return, the store used */
  RespiteTeamStoreOpener  opener;
  RespiteTeamStoreReplacingOpener replacing_opener;
  gpointer                opener_data;
  GDateTime              *now;          /* (owned) for replacing_opener */
  char                   *replaced;     /* (owned) (nullable) on return, set by replacing_opener */
  char                   *member;       /* (owned) */
  char                   *secret;       /* (owned) */
  GArray                 *rows;         /* (owned) (element-type RespiteDayRow) */
  GArray                 *queued;       /* (owned) (element-type RespiteQueuedDay) sent */
  GPtrArray              *closed;       /* (owned) on return, days the store refused for good */
} RespitePublisherJob;

/* respite-publisher.c */
RespitePublisherJob *respite_publisher_job_new             (RespitePublisher    *self);
void                 respite_publisher_maybe_publish       (RespitePublisher    *self);
void                 respite_publisher_team_store_replaced (RespitePublisher    *self,
                                                            const char          *message,
                                                            gboolean             refill);
void                 respite_publisher_emit_changed        (RespitePublisher    *self);

/* respite-publisher-worker.c */
void                 respite_publisher_job_free            (RespitePublisherJob *job);
void                 respite_publisher_publish_thread      (GTask               *task,
                                                            gpointer             source_object,
                                                            gpointer             task_data,
                                                            GCancellable        *cancellable);
void                 respite_publisher_reset_thread        (GTask               *task,
                                                            gpointer             source_object,
                                                            gpointer             task_data,
                                                            GCancellable        *cancellable);

/* respite-publisher-reset.c */
void                 respite_publisher_start_reset         (RespitePublisher    *self,
                                                            GTask               *task);

G_END_DECLS
