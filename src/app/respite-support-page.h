/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "respite-support.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_SUPPORT_PAGE (respite_support_page_get_type ())
G_DECLARE_FINAL_TYPE (RespiteSupportPage, respite_support_page, RESPITE, SUPPORT_PAGE, AdwBin)

GtkWidget *respite_support_page_new         (void);
/* Shows @support's services; call again when the policy changes. */
void       respite_support_page_set_support (RespiteSupportPage *self,
                                             RespiteSupport     *support);

/* When the reviewer last noted a counselling session; 0: never. */
void       respite_support_page_set_last_counselling (RespiteSupportPage *self,
                                                      gint64              at);

G_END_DECLS
