/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The policy's review tools that a browser shows: each [Review tool NAME]
 * group's origin=, as RespitePolicy reads it and normalised, mapped to
 * NAME. */
typedef struct _RespiteHostTools RespiteHostTools;

/* @path: the policy file; NULL for the one the app reads
 * (respite_policy_get_default_path ()). A missing file lists no tool,
 * silently, as it gives the app its defaults; a problem with a review
 * tool is said on standard error, naming the file and the group. */
RespiteHostTools *respite_host_tools_new    (const char       *path);
void              respite_host_tools_free   (RespiteHostTools *self);

/* Reads the file again if it changed since it was last read. */
void              respite_host_tools_update (RespiteHostTools *self);

/* The NAME of the tool listed for @origin (normalised), or NULL. */
const char       *respite_host_tools_lookup (RespiteHostTools *self,
                                             const char       *origin);
guint             respite_host_tools_count  (RespiteHostTools *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RespiteHostTools, respite_host_tools_free)

G_END_DECLS
