/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "respite-clock.h"
#include "respite-policy.h"
#include "respite-store.h"
#include "respite-team-store.h"

G_BEGIN_DECLS

/* Back-off while the team store cannot be reached: a minute, doubling up
 * to an hour. */
#define RESPITE_PUBLISHER_FIRST_RETRY 60
#define RESPITE_PUBLISHER_LAST_RETRY  3600

/* Opens the team store. Called in a worker thread, at the first
 * publication and again after any failure, so that a store that could not
 * be opened, or a changed setting, is retried like a lost connection. It
 * must be safe to call from another thread than the one that made it. */
typedef RespiteTeamStore *(*RespiteTeamStoreOpener) (gpointer   user_data,
                                                     GError   **error);

/* An opener that writes, and so may replace a damaged store by a fresh one
 * (see respite_team_store_sqlite_open_or_replace()). @now: the publisher's
 * clock, read on the main thread, to name the damaged file after.
 * @replaced: (out): when the store was replaced, the sentence that tells
 * the reviewer; left %NULL otherwise. */
typedef RespiteTeamStore *(*RespiteTeamStoreReplacingOpener) (gpointer     user_data,
                                                              GDateTime   *now,
                                                              char       **replaced,
                                                              GError     **error);

#define RESPITE_TYPE_PUBLISHER (respite_publisher_get_type ())
G_DECLARE_FINAL_TYPE (RespitePublisher, respite_publisher, RESPITE, PUBLISHER, GObject)

RespitePublisher *respite_publisher_new                  (RespiteStore            *store,
                                                          RespitePolicy           *policy,
                                                          RespiteClock            *clock,
                                                          GTimeZone               *tz,
                                                          RespiteTeamStoreOpener   opener,
                                                          gpointer                 opener_data,
                                                          GDestroyNotify           opener_destroy);
RespitePublisher *respite_publisher_new_replacing        (RespiteStore            *store,
                                                          RespitePolicy           *policy,
                                                          RespiteClock            *clock,
                                                          GTimeZone               *tz,
                                                          RespiteTeamStoreReplacingOpener opener,
                                                          gpointer                 opener_data,
                                                          GDestroyNotify           opener_destroy);

void              respite_publisher_set_policy           (RespitePublisher        *self,
                                                          RespitePolicy           *policy);
gboolean          respite_publisher_set_team             (RespitePublisher        *self,
                                                          const char              *team,
                                                          GError                 **error);
gboolean          respite_publisher_set_opted_out        (RespitePublisher        *self,
                                                          gboolean                 opted_out,
                                                          GError                 **error);

gboolean          respite_publisher_queue_period         (RespitePublisher        *self,
                                                          gint64                   from,
                                                          gint64                   to,
                                                          GError                 **error);
void              respite_publisher_publish_now          (RespitePublisher        *self);

gboolean          respite_publisher_get_sharing          (RespitePublisher        *self,
                                                          RespiteSharing          *sharing,
                                                          GError                 **error);
gboolean          respite_publisher_get_busy             (RespitePublisher        *self);
guint             respite_publisher_get_retry_delay      (RespitePublisher        *self);
GArray           *respite_publisher_list_pending_rows    (RespitePublisher        *self,
                                                          GError                 **error);

void              respite_publisher_reset_identity_async (RespitePublisher        *self,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
gboolean          respite_publisher_reset_identity_finish (RespitePublisher       *self,
                                                          GAsyncResult            *result,
                                                          GError                 **error);

GStrv             respite_publisher_list_unshared_days (RespitePublisher  *self,
                                                        GError           **error);

G_END_DECLS
