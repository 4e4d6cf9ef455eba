/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "respite-instrument.h"

G_BEGIN_DECLS

/* One check-in: an instrument's questions on one page, then the result.
 *
 * Signals:
 *   finished (GArray *answers, RespiteInstrumentResult *result): the
 *     reviewer submitted; @answers (element-type int) holds one scale value
 *     per item. Emitted as the result page appears, so the answers can be
 *     stored before the reviewer goes anywhere else.
 *   cancelled: "Not Now" (or Escape) before submitting.
 *   closed: "Close" on the result page.
 *
 * When the result suggests support, the result page shows a support card
 * first; its button activates "app.support". */

#define RESPITE_TYPE_CHECK_IN_VIEW (respite_check_in_view_get_type ())
G_DECLARE_FINAL_TYPE (RespiteCheckInView, respite_check_in_view, RESPITE, CHECK_IN_VIEW, AdwBin)

GtkWidget         *respite_check_in_view_new            (RespiteInstrument  *instrument);
RespiteInstrument *respite_check_in_view_get_instrument (RespiteCheckInView *self);

G_END_DECLS
