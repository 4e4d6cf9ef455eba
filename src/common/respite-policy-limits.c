/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The limits besides the daily cap, as the policy value holds them:
 * intensity weights for the daily cap, caps for video and live, a weekly
 * cap and a most of days in a row with exposure (issue #19). The file
 * reader checks the keys (respite-policy-file-keys.c); the next deadline
 * uses them (respite-policy.c); RespiteLimits adds up the exposure they
 * compare (src/personal/respite-limits.c).
 */

#define G_LOG_DOMAIN "respite-policy"

#include "config.h"

#include "respite-policy.h"
#include "respite-policy-private.h"

double
respite_policy_get_intensity_weight (RespitePolicy *self,
                                     int            intensity)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), DEFAULT_INTENSITY_WEIGHT);

  if (intensity < RESPITE_INTENSITY_MIN || intensity > RESPITE_INTENSITY_MAX)
    return DEFAULT_INTENSITY_WEIGHT;

  return self->intensity_weight[intensity - 1];
}

gint64
respite_policy_weigh (RespitePolicy *self,
                      const gint64   seconds[RESPITE_INTENSITY_MAX])
{
  double sum = 0;

  g_return_val_if_fail (RESPITE_IS_POLICY (self), 0);
  g_return_val_if_fail (seconds != NULL, 0);

  for (guint i = 0; i < RESPITE_INTENSITY_MAX; i++)
    sum += seconds[i] * self->intensity_weight[i];

  return (gint64) sum;
}

gint64
respite_policy_get_kind_cap (RespitePolicy *self,
                             RespiteKind    kind)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), 0);
  g_return_val_if_fail (kind < RESPITE_N_KINDS, 0);

  return self->kind_cap[kind];
}

gint64
respite_policy_get_weekly_cap (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), 0);

  return self->weekly_cap;
}

guint
respite_policy_get_consecutive_days (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), 0);

  return self->consecutive_days;
}

gboolean
respite_policy_has_more_limits (RespitePolicy *self)
{
  g_return_val_if_fail (RESPITE_IS_POLICY (self), FALSE);

  for (guint i = 0; i < RESPITE_INTENSITY_MAX; i++)
    {
      if (self->intensity_weight[i] != DEFAULT_INTENSITY_WEIGHT)
        return TRUE;
    }

  for (guint k = 0; k < RESPITE_N_KINDS; k++)
    {
      if (self->kind_cap[k] > 0)
        return TRUE;
    }

  return self->weekly_cap > 0 || self->consecutive_days > 0;
}
