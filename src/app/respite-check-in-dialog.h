/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "respite-clock.h"
#include "respite-instrument.h"
#include "respite-store.h"

G_BEGIN_DECLS

/* A window for one check-in: the questions, then the result. The answers
 * are stored in @store when the reviewer submits, linked to @prompt_id
 * (0 when the reviewer opened the check-in themselves). */
GtkWindow *respite_check_in_dialog_new (GtkWindow         *parent,
                                        RespiteInstrument *instrument,
                                        RespiteStore      *store,
                                        RespiteClock      *clock,
                                        gint64             prompt_id);

G_END_DECLS
