/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "respite-policy.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_WELCOME (respite_welcome_get_type ())
G_DECLARE_FINAL_TYPE (RespiteWelcome, respite_welcome, RESPITE, WELCOME, AdwWindow)

/* The first run's four pages, over @parent (nullable), with @policy's own
 * numbers and services. */
GtkWidget *respite_welcome_new      (GtkWindow     *parent,
                                     RespitePolicy *policy);
/* 0 to 3: which page shows. */
guint      respite_welcome_get_page (RespiteWelcome *self);

G_END_DECLS
