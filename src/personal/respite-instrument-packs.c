/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Instrument packs: questionnaires installed apart from Respite, because
 * their terms do not allow shipping them in a GPL app (ProQOL 5 may not be
 * sold). An organisation that holds the rights puts the pack's JSON file,
 * in the format of docs/instruments.md, in respite/instruments/ under a
 * system data folder ($XDG_DATA_DIRS: /usr/local/share, /usr/share) or
 * under the reviewer's own ($XDG_DATA_HOME: ~/.local/share).
 */

#define G_LOG_DOMAIN "respite-instrument"

#include "config.h"

#include "respite-instrument.h"

/**
 * respite_instrument_get_pack_dirs:
 *
 * Returns: (transfer full): where packs are looked for, the reviewer's
 *   own folder first, then the system's in $XDG_DATA_DIRS order
 */
GStrv
respite_instrument_get_pack_dirs (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char * const *system = g_get_system_data_dirs ();

  g_autofree char *user = g_build_filename (g_get_user_data_dir (), "respite", "instruments",
                                           NULL);

  /* g_strv_builder_take() is GLib 2.80. */
  g_strv_builder_add (builder, user);
  for (guint i = 0; system[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (system[i], "respite", "instruments", NULL);

      g_strv_builder_add (builder, dir);
    }

  return g_strv_builder_end (builder);
}

static gboolean
has_id (GPtrArray  *instruments,
        const char *id)
{
  for (guint i = 0; i < instruments->len; i++)
    {
      if (g_str_equal (respite_instrument_get_id (g_ptr_array_index (instruments, i)), id))
        return TRUE;
    }

  return FALSE;
}

/**
 * respite_instrument_add_packs:
 * @instruments: (element-type RespiteInstrument): those loaded already
 * @dirs: (nullable): the folders to look in; NULL for
 *   respite_instrument_get_pack_dirs()
 * @problems: (nullable): problems are added here
 *
 * Adds the instruments of every pack folder that exists, in order. An id
 * already loaded, by Respite or an earlier folder, keeps the first: a pack
 * cannot replace a shipped questionnaire. A folder that does not exist is
 * no problem: most computers have no packs.
 */
void
respite_instrument_add_packs (GPtrArray          *instruments,
                              const char * const *dirs,
                              GPtrArray          *problems)
{
  g_auto(GStrv) default_dirs = NULL;

  g_return_if_fail (instruments != NULL);

  if (dirs == NULL)
    dirs = (const char * const *) (default_dirs = respite_instrument_get_pack_dirs ());

  for (guint d = 0; dirs[d] != NULL; d++)
    {
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GPtrArray) dir_problems = NULL;

      if (!g_file_test (dirs[d], G_FILE_TEST_IS_DIR))
        continue;

      found = respite_instrument_load_dir (dirs[d], &dir_problems);
      for (guint i = 0; problems != NULL && i < dir_problems->len; i++)
        g_ptr_array_add (problems, g_strdup (g_ptr_array_index (dir_problems, i)));

      for (guint i = 0; i < found->len; i++)
        {
          RespiteInstrument *instrument = g_ptr_array_index (found, i);

          if (!has_id (instruments, respite_instrument_get_id (instrument)))
            g_ptr_array_add (instruments, g_object_ref (instrument));
        }
    }
}
