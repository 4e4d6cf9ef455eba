/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "respite-session.h"

G_BEGIN_DECLS

#define RESPITE_TYPE_APPLICATION (respite_application_get_type ())
G_DECLARE_FINAL_TYPE (RespiteApplication, respite_application, RESPITE, APPLICATION, AdwApplication)

RespiteApplication *respite_application_new         (void);
RespiteSession     *respite_application_get_session (RespiteApplication *self);

G_END_DECLS
