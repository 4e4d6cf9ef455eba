/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "respite-clock.h"
#include "respite-policy.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_TRAINING_GROUP (respite_training_group_get_type ())
G_DECLARE_FINAL_TYPE (RespiteTrainingGroup, respite_training_group, RESPITE, TRAINING_GROUP,
                      AdwPreferencesGroup)

/* The policy's training courses, each with where it stands and a way to
 * mark it done on a day, kept in @settings' training-done. */
GtkWidget *respite_training_group_new (RespitePolicy *policy,
                                       GSettings     *settings,
                                       RespiteClock  *clock);

G_END_DECLS
