/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The [Cap] keys of the limits besides the daily cap, and [CheckIns]
 * sts-days, checked as every key is: a value that cannot be used keeps its default (the limit stays off),
 * with a problem that names the line and says why.
 */

#define G_LOG_DOMAIN "respite-policy"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-policy-file-private.h"

#define MIN_INTENSITY_WEIGHT 0.1

/* A weight: a decimal number with a dot, from 0.1 to 10. */
static double
read_weight (Loader *loader,
             Key     key)
{
  const KeyInfo *info = &respite_policy_file_keys[key];
  const Entry *entry = &loader->entries[key];
  g_autofree char *text = NULL;
  char *end = NULL;
  double value;

  if (entry->line == 0)
    return DEFAULT_INTENSITY_WEIGHT;

  text = g_strstrip (g_strdup (entry->value));
  value = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0' ||
      !(value >= MIN_INTENSITY_WEIGHT && value <= MAX_INTENSITY_WEIGHT))
    {
      respite_policy_file_add_problem (loader, entry->line, info->group, info->name,
                                       _("“%s” is not a number from 0.1 to 10 (with a dot for "
                                         "decimals, as in 1.5); using the default, 1"),
                                       text);
      return DEFAULT_INTENSITY_WEIGHT;
    }

  return value;
}

void
respite_policy_file_apply_limits (RespitePolicy *self,
                                  Loader        *loader)
{
  self->intensity_weight[0] = read_weight (loader, KEY_WEIGHT_LOW);
  self->intensity_weight[1] = read_weight (loader, KEY_WEIGHT_MEDIUM);
  self->intensity_weight[2] = read_weight (loader, KEY_WEIGHT_HIGH);

  self->kind_cap[RESPITE_KIND_VIDEO] = respite_policy_file_read_ranged (loader, KEY_VIDEO_MINUTES) * 60;
  self->kind_cap[RESPITE_KIND_LIVE] = respite_policy_file_read_ranged (loader, KEY_LIVE_MINUTES) * 60;
  self->weekly_cap = respite_policy_file_read_ranged (loader, KEY_WEEKLY_MINUTES) * 60;
  self->consecutive_days = respite_policy_file_read_ranged (loader, KEY_CONSECUTIVE_DAYS);

  self->sts_interval = respite_policy_file_read_ranged (loader, KEY_STS_DAYS) * SECONDS_PER_DAY;
}
