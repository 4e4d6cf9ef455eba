/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void respite_accessible_tidy_names   (GtkWidget *root);
void respite_accessible_follow_stack (GtkWidget *stack);
void respite_accessible_follow_revealer (GtkRevealer *revealer);

G_END_DECLS
