/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "respite-publisher.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_SHARING_PAGE (respite_sharing_page_get_type ())
G_DECLARE_FINAL_TYPE (RespiteSharingPage, respite_sharing_page, RESPITE, SHARING_PAGE, AdwBin)

GtkWidget *respite_sharing_page_new     (RespitePublisher   *publisher,
                                         guint               anonymity_threshold,
                                         gboolean            may_opt_out);

void       respite_sharing_page_refresh (RespiteSharingPage *self);

G_END_DECLS
