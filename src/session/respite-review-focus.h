/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "respite-clock.h"
#include "respite-policy.h"
#include "respite-tracker.h"

G_BEGIN_DECLS

/* Who says which review tool is in front. Each has its own state; a tool
 * is in front while any of them says so. */
typedef enum
{
  RESPITE_FOCUS_SOURCE_X11,      /* the app itself, from _NET_ACTIVE_WINDOW */
  RESPITE_FOCUS_SOURCE_SHELL,    /* the GNOME Shell extension, over D-Bus */
  RESPITE_FOCUS_SOURCE_BROWSER,  /* respite-native-host, over D-Bus */
} RespiteFocusSource;

#define RESPITE_N_FOCUS_SOURCES (RESPITE_FOCUS_SOURCE_BROWSER + 1)

/* "x11", "shell", "browser". */
const char *respite_focus_source_to_string   (RespiteFocusSource  source);
gboolean    respite_focus_source_from_string (const char         *string,
                                              RespiteFocusSource *source);

#define RESPITE_REVIEW_FOCUS_ERROR (respite_review_focus_error_quark ())

typedef enum
{
  RESPITE_REVIEW_FOCUS_ERROR_UNKNOWN_TOOL,  /* the policy lists no such tool */
} RespiteReviewFocusError;

GQuark respite_review_focus_error_quark (void);

#define RESPITE_TYPE_REVIEW_FOCUS (respite_review_focus_get_type ())
G_DECLARE_FINAL_TYPE (RespiteReviewFocus, respite_review_focus, RESPITE, REVIEW_FOCUS, GObject)

RespiteReviewFocus *respite_review_focus_new          (RespiteClock       *clock,
                                                       RespiteTracker     *tracker,
                                                       RespitePolicy      *policy);

void                respite_review_focus_set_policy   (RespiteReviewFocus *self,
                                                       RespitePolicy      *policy);
/* The reviewer's switch; ignored when the policy requires following. */
void                respite_review_focus_set_enabled  (RespiteReviewFocus *self,
                                                       gboolean            enabled);
/* The policy's mode, or off when the reviewer turned following off. */
RespiteReviewMode   respite_review_focus_get_mode     (RespiteReviewFocus *self);

/* What @source now has in front: the listed tool @tool, or none (NULL or
 * ""). A tool the policy does not list fails with
 * RESPITE_REVIEW_FOCUS_ERROR_UNKNOWN_TOOL and changes nothing. */
gboolean            respite_review_focus_set_tool     (RespiteReviewFocus *self,
                                                       RespiteFocusSource  source,
                                                       const char         *tool,
                                                       GError            **error);
/* The same for one of several callers that speak for @source (a D-Bus
 * unique name: Firefox and Chromium each run a native host): the source
 * has a tool in front while any of them says so. Tell a source either
 * this way or with respite_review_focus_set_tool(), not both. */
gboolean            respite_review_focus_set_peer_tool (RespiteReviewFocus *self,
                                                        RespiteFocusSource  source,
                                                        const char         *peer,
                                                        const char         *tool,
                                                        GError            **error);
void                respite_review_focus_forget_peer  (RespiteReviewFocus *self,
                                                       const char         *peer);
/* For the X11 source: the active window's WM_CLASS class part, or NULL
 * for no window or a window without one. A class no tool has is none. */
void                respite_review_focus_set_wm_class (RespiteReviewFocus *self,
                                                       const char         *wm_class);

/* The tool in front, by any source, or NULL. */
const char         *respite_review_focus_get_front    (RespiteReviewFocus *self);
/* A block this object started is running. */
gboolean            respite_review_focus_get_started  (RespiteReviewFocus *self);
/* (transfer full): each listed tool's app-id to its name; empty while
 * the mode is off. */
GHashTable         *respite_review_focus_get_app_ids  (RespiteReviewFocus *self);

G_END_DECLS
