/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command line of `respite`: --start, --stop, --toggle, --intensity,
 * --status and --background, for scripts, review tools and the log-in
 * start. Each does what the matching action does, and a refusal (a strict
 * break, no store) reaches the script with an exit status.
 */

#define G_LOG_DOMAIN "respite-application"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-application-private.h"

static const GOptionEntry option_entries[] = {
  { "start", 's', 0, G_OPTION_ARG_STRING, NULL,
    N_("Start an exposure block of this kind of material: image, video, audio, text or live"),
    N_("KIND") },
  { "intensity", 'i', 0, G_OPTION_ARG_INT, NULL,
    N_("Set the intensity: 1 (low), 2 (medium) or 3 (high)"), N_("LEVEL") },
  { "stop", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Stop the running exposure block"), NULL },
  { "toggle", 't', 0, G_OPTION_ARG_NONE, NULL,
    N_("Start an exposure block, or stop the running one"), NULL },
  { "status", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the state and today’s exposure on one line"), NULL },
  { "background", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start without a window, to prompt breaks and check-ins from the start of the session"),
    NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { NULL }
};

void
respite_application_add_options (RespiteApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
    _("Log exposure to distressing material, take breaks, and reach support."));
}

/* Options are checked here, in the process that was started, so mistakes
 * are reported where they were made. */
int
respite_application_handle_local_options (GApplication *application,
                                          GVariantDict *options)
{
  const char *kind_name = NULL;
  RespiteKind kind;
  int intensity;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "respite", VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "start", "&s", &kind_name) &&
      !respite_kind_from_string (kind_name, &kind))
    {
      g_printerr (_("respite: unknown kind of material “%s”: use image, video, audio, text "
                    "or live\n"), kind_name);
      return 1;
    }

  if (g_variant_dict_lookup (options, "intensity", "i", &intensity) &&
      (intensity < RESPITE_INTENSITY_MIN || intensity > RESPITE_INTENSITY_MAX))
    {
      g_printerr (_("respite: intensity %d is out of range: use 1 (low), 2 (medium) "
                    "or 3 (high)\n"), intensity);
      return 1;
    }

  return -1;
}

int
respite_application_command_line (GApplication            *application,
                                  GApplicationCommandLine *command_line)
{
  RespiteApplication *self = RESPITE_APPLICATION (application);
  RespiteTracker *tracker = respite_session_get_tracker (self->session);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *kind_name = NULL;
  gboolean scripted = FALSE;
  int intensity;

  if (tracker == NULL &&
      (g_variant_dict_contains (options, "start") || g_variant_dict_contains (options, "stop") ||
       g_variant_dict_contains (options, "toggle")))
    {
      g_application_command_line_printerr (command_line, "respite: %s\n",
                                           respite_session_get_problem (self->session));
      return 2;
    }

  if (g_variant_dict_lookup (options, "intensity", "i", &intensity))
    {
      g_action_group_activate_action (G_ACTION_GROUP (self), "set-intensity",
                                      g_variant_new_int32 (intensity));
      scripted = TRUE;
    }

  /* Not through the action, so that a refusal (a strict break) reaches
   * the script that asked, with an exit status. */
  if (g_variant_dict_lookup (options, "start", "&s", &kind_name))
    {
      g_autoptr(GError) error = NULL;
      RespiteKind kind = RESPITE_KIND_IMAGE;

      respite_kind_from_string (kind_name, &kind);
      if (!respite_tracker_set_kind (tracker, kind, &error) ||
          !respite_tracker_start (tracker, &error))
        {
          g_application_command_line_printerr (command_line, "respite: %s\n", error->message);
          return 3;
        }
      scripted = TRUE;
    }

  if (g_variant_dict_contains (options, "stop"))
    {
      g_action_group_activate_action (G_ACTION_GROUP (self), "stop-exposure", NULL);
      scripted = TRUE;
    }

  if (g_variant_dict_contains (options, "toggle"))
    {
      g_action_group_activate_action (G_ACTION_GROUP (self), "toggle-exposure", NULL);
      scripted = TRUE;
    }

  /* At login (Preferences, Start When I Log In): no window, but the app
   * stays, so breaks and check-ins are prompted from the start. */
  if (g_variant_dict_contains (options, "background"))
    {
      if (!self->background)
        g_application_hold (application);
      self->background = TRUE;
      scripted = TRUE;
    }

  if (g_variant_dict_contains (options, "status"))
    {
      g_autofree char *line = respite_session_describe_status (self->session);

      g_application_command_line_print (command_line, "%s\n", line);
      scripted = TRUE;
    }

  /* A bare `respite` shows the window; scripted calls stay in the
   * background. */
  if (!scripted)
    g_application_activate (application);

  return 0;
}
