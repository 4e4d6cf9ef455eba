/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteApplication's insides, shared by respite-application.c (the
 * actions, the window, the notifications) and respite-application-cli.c
 * (the command line).
 */
#pragma once

#include "respite-application.h"
#include "respite-notifier.h"
#include "respite-team-store.h"
#include "respite-x11-focus.h"
#include "respite-x11-idle.h"

G_BEGIN_DECLS

struct _RespiteApplication
{
  AdwApplication    parent_instance;

  RespiteClock     *clock;      /* (owned) */
  GSettings        *settings;   /* (owned) */
  RespiteSession   *session;    /* (owned) */
  RespiteTeamStore *lead_store; /* (owned) (nullable): set when the user may see team figures */
  RespitePresence  *presence;   /* (owned) (nullable) until the system bus answers */
  RespiteX11Idle   *x11_idle;   /* (owned) (nullable) as the presence */
  RespiteNotifier  *notifier;   /* (owned) */
  GCancellable     *cancellable; /* (owned) */

  /* The review tool (respite-application-review.c) */
  RespiteX11Focus  *x11_focus;  /* (owned) (nullable): without a store, none */
  GDBusConnection  *review_connection;  /* (owned) (nullable): while registered */
  char             *review_object_path; /* (owned) (nullable): as the connection */
  guint             review_registration;
  GHashTable       *review_peers;   /* (owned) (nullable): a caller's unique name → its name watch */
  char             *review_suggested;   /* (owned) (nullable): the tool last offered */

  gboolean          held;
  gboolean          background;  /* started with --background: held until quit */
};

void respite_application_add_options          (RespiteApplication      *self);
int  respite_application_handle_local_options (GApplication            *application,
                                               GVariantDict            *options);
int  respite_application_command_line         (GApplication            *application,
                                               GApplicationCommandLine *command_line);

/* respite-application-review.c */
/* Exports io.github.respite.ReviewTools1 with the app's own object: sets
 * @klass's dbus_register and dbus_unregister, which chain up. */
void respite_application_review_class_init (GApplicationClass  *klass);
void respite_application_review_startup    (RespiteApplication *self);
void respite_application_review_finalize   (RespiteApplication *self);
/* respite-application-care.c: the welcome, training and the aids. */
void respite_application_add_care_actions     (RespiteApplication      *self);
void respite_application_first_run            (RespiteApplication      *self);

G_END_DECLS
