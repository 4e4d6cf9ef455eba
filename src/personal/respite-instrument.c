/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteInstrument: a questionnaire read from a JSON file, and its scoring.
 *
 * This file holds the object, what it tells about the questionnaire, and
 * the scoring; respite-instrument-load.c reads and checks the files.
 *
 * The format is documented in docs/instruments.md.
 */

#define G_LOG_DOMAIN "respite-instrument"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-instrument-private.h"

G_DEFINE_QUARK (respite-instrument-error-quark, respite_instrument_error)

G_DEFINE_FINAL_TYPE (RespiteInstrument, respite_instrument, G_TYPE_OBJECT)

void
respite_instrument_item_clear (gpointer data)
{
  Item *item = data;

  g_clear_pointer (&item->id, g_free);
  g_clear_pointer (&item->text, g_free);
}

static void
answer_clear (gpointer data)
{
  Answer *answer = data;

  g_clear_pointer (&answer->label, g_free);
}

static void
subscale_clear (gpointer data)
{
  Subscale *subscale = data;

  g_clear_pointer (&subscale->id, g_free);
  g_clear_pointer (&subscale->title, g_free);
  g_clear_pointer (&subscale->items, g_array_unref);
  g_clear_pointer (&subscale->bands, g_array_unref);
}

void
respite_instrument_band_clear (gpointer data)
{
  Band *band = data;

  g_clear_pointer (&band->id, g_free);
  g_clear_pointer (&band->label, g_free);
  g_clear_pointer (&band->message, g_free);
}

static void
respite_instrument_finalize (GObject *object)
{
  RespiteInstrument *self = RESPITE_INSTRUMENT (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->context, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->stem, g_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->licence, g_free);
  g_clear_pointer (&self->attribution, g_free);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->answers, g_array_unref);
  g_clear_pointer (&self->subscales, g_array_unref);
  g_clear_pointer (&self->bands, g_array_unref);

  G_OBJECT_CLASS (respite_instrument_parent_class)->finalize (object);
}

static void
respite_instrument_class_init (RespiteInstrumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = respite_instrument_finalize;
}

static void
respite_instrument_init (RespiteInstrument *self)
{
  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (self->items, respite_instrument_item_clear);
  self->answers = g_array_new (FALSE, TRUE, sizeof (Answer));
  g_array_set_clear_func (self->answers, answer_clear);
  self->subscales = g_array_new (FALSE, TRUE, sizeof (Subscale));
  g_array_set_clear_func (self->subscales, subscale_clear);
  self->bands = g_array_new (FALSE, TRUE, sizeof (Band));
  g_array_set_clear_func (self->bands, respite_instrument_band_clear);
  self->primary = -1;
  self->multiplier = 1;
}

static const char *
translate (RespiteInstrument *self,
           const char        *text)
{
  if (text == NULL)
    return NULL;
  return g_dpgettext2 (GETTEXT_PACKAGE, self->context, text);
}

const char *
respite_instrument_get_id (RespiteInstrument *self)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), NULL);
  return self->id;
}

int
respite_instrument_get_version (RespiteInstrument *self)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), 0);
  return self->version;
}

const char *
respite_instrument_get_title (RespiteInstrument *self)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), NULL);
  return translate (self, self->title);
}

const char *
respite_instrument_get_stem (RespiteInstrument *self)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), NULL);
  return translate (self, self->stem);
}

gboolean
respite_instrument_get_validated (RespiteInstrument *self)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), FALSE);
  return self->validated;
}

const char *
respite_instrument_get_note (RespiteInstrument *self)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), NULL);
  return translate (self, self->note);
}

const char *
respite_instrument_get_licence (RespiteInstrument *self)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), NULL);
  return translate (self, self->licence);
}

const char *
respite_instrument_get_attribution (RespiteInstrument *self)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), NULL);
  return translate (self, self->attribution);
}

guint
respite_instrument_get_n_items (RespiteInstrument *self)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), 0);
  return self->items->len;
}

const char *
respite_instrument_get_item_id (RespiteInstrument *self,
                                guint              item)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), NULL);
  g_return_val_if_fail (item < self->items->len, NULL);
  return g_array_index (self->items, Item, item).id;
}

const char *
respite_instrument_get_item_text (RespiteInstrument *self,
                                  guint              item)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), NULL);
  g_return_val_if_fail (item < self->items->len, NULL);
  return translate (self, g_array_index (self->items, Item, item).text);
}

gboolean
respite_instrument_get_item_reversed (RespiteInstrument *self,
                                      guint              item)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), FALSE);
  g_return_val_if_fail (item < self->items->len, FALSE);
  return g_array_index (self->items, Item, item).reversed;
}

guint
respite_instrument_get_n_answers (RespiteInstrument *self)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), 0);
  return self->answers->len;
}

int
respite_instrument_get_answer_value (RespiteInstrument *self,
                                     guint              answer)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), 0);
  g_return_val_if_fail (answer < self->answers->len, 0);
  return g_array_index (self->answers, Answer, answer).value;
}

const char *
respite_instrument_get_answer_label (RespiteInstrument *self,
                                     guint              answer)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), NULL);
  g_return_val_if_fail (answer < self->answers->len, NULL);
  return translate (self, g_array_index (self->answers, Answer, answer).label);
}

guint
respite_instrument_get_n_subscales (RespiteInstrument *self)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), 0);
  return self->subscales->len;
}

const char *
respite_instrument_get_subscale_id (RespiteInstrument *self,
                                    guint              subscale)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), NULL);
  g_return_val_if_fail (subscale < self->subscales->len, NULL);
  return g_array_index (self->subscales, Subscale, subscale).id;
}

const char *
respite_instrument_get_subscale_title (RespiteInstrument *self,
                                       guint              subscale)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), NULL);
  g_return_val_if_fail (subscale < self->subscales->len, NULL);
  return translate (self, g_array_index (self->subscales, Subscale, subscale).title);
}

const char *
respite_instrument_get_subscale_band_label (RespiteInstrument *self,
                                            guint              subscale,
                                            const char        *band_id)
{
  GArray *bands;

  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), NULL);
  g_return_val_if_fail (subscale < self->subscales->len, NULL);

  bands = g_array_index (self->subscales, Subscale, subscale).bands;
  for (guint i = 0; band_id != NULL && i < bands->len; i++)
    {
      if (g_str_equal (g_array_index (bands, Band, i).id, band_id))
        return translate (self, g_array_index (bands, Band, i).label);
    }

  return NULL;
}

int
respite_instrument_get_min_total (RespiteInstrument *self)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), 0);
  return (int) self->items->len * self->scale_min;
}

int
respite_instrument_get_max_total (RespiteInstrument *self)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), 0);
  return (int) self->items->len * self->scale_max;
}

/* The band of @bands (element-type Band) that holds @total, if any. */
static const Band *
find_band (GArray *bands,
           int     total)
{
  for (guint i = 0; bands != NULL && i < bands->len; i++)
    {
      const Band *band = &g_array_index (bands, Band, i);

      if (band->min <= total && total <= band->max)
        return band;
    }

  return NULL;
}

RespiteInstrumentResult *
respite_instrument_score (RespiteInstrument  *self,
                          const int          *answers,
                          guint               n_answers,
                          GError            **error)
{
  g_autoptr(RespiteInstrumentResult) result = NULL;
  g_autofree int *scores = NULL;
  const Band *band = NULL;

  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (self), NULL);
  g_return_val_if_fail (answers != NULL || n_answers == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_answers != self->items->len)
    {
      g_set_error (error, RESPITE_INSTRUMENT_ERROR, RESPITE_INSTRUMENT_ERROR_ANSWERS,
                   "%s: %u answers for %u items", self->id, n_answers, self->items->len);
      return NULL;
    }

  result = g_new0 (RespiteInstrumentResult, 1);
  result->instrument_id = g_strdup (self->id);
  result->instrument_version = self->version;
  result->is_scaled = self->scaled;

  scores = g_new (int, n_answers + 1);
  for (guint i = 0; i < n_answers; i++)
    {
      const Item *item = &g_array_index (self->items, Item, i);

      if (answers[i] < self->scale_min || answers[i] > self->scale_max)
        {
          g_set_error (error, RESPITE_INSTRUMENT_ERROR, RESPITE_INSTRUMENT_ERROR_ANSWERS,
                       "%s: item %s: %d is not on the scale (%d to %d)",
                       self->id, item->id, answers[i], self->scale_min, self->scale_max);
          return NULL;
        }
      scores[i] = item->reversed ? self->scale_min + self->scale_max - answers[i] : answers[i];
      result->raw += scores[i];
      if (self->has_item_floor && scores[i] <= self->item_floor)
        result->suggests_support = TRUE;
    }
  result->scaled = result->raw * self->multiplier;

  result->n_subscales = self->subscales->len;
  result->subscales = g_new0 (int, self->subscales->len + 1);
  result->subscale_bands = g_new0 (char *, self->subscales->len + 1);
  for (guint i = 0; i < self->subscales->len; i++)
    {
      const Subscale *subscale = &g_array_index (self->subscales, Subscale, i);
      const Band *subscale_band;

      for (guint j = 0; j < subscale->items->len; j++)
        result->subscales[i] += scores[g_array_index (subscale->items, guint, j)];
      if (subscale->has_threshold && result->subscales[i] >= subscale->support_at_least)
        result->suggests_support = TRUE;

      subscale_band = find_band (subscale->bands, result->subscales[i]);
      if (subscale_band != NULL)
        {
          result->subscale_bands[i] = g_strdup (subscale_band->id);
          if (subscale_band->suggests_support)
            result->suggests_support = TRUE;
          if ((int) i == self->primary)
            band = subscale_band;
        }
    }

  /* Loading checked that exactly one band holds every total (or every
   * total of the primary subscale). */
  if (self->primary < 0)
    band = find_band (self->bands, result->raw);
  else
    /* What is stored and shown as the score: the sum of all 30 ProQOL
     * items means nothing, its primary subscale's does. */
    result->raw = result->scaled = result->subscales[self->primary];
  g_assert (band != NULL);
  result->band_id = g_strdup (band->id);
  result->band_label = g_strdup (translate (self, band->label));
  result->band_message = g_strdup (translate (self, band->message));
  if (band->suggests_support)
    result->suggests_support = TRUE;

  return g_steal_pointer (&result);
}

RespiteInstrumentResult *
respite_instrument_result_copy (const RespiteInstrumentResult *result)
{
  RespiteInstrumentResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_memdup2 (result, sizeof *result);
  copy->instrument_id = g_strdup (result->instrument_id);
  copy->subscales = g_memdup2 (result->subscales, (result->n_subscales + 1) * sizeof (int));
  copy->subscale_bands = g_new0 (char *, result->n_subscales + 1);
  for (guint i = 0; result->subscale_bands != NULL && i < result->n_subscales; i++)
    copy->subscale_bands[i] = g_strdup (result->subscale_bands[i]);
  copy->band_id = g_strdup (result->band_id);
  copy->band_label = g_strdup (result->band_label);
  copy->band_message = g_strdup (result->band_message);
  return copy;
}

void
respite_instrument_result_free (RespiteInstrumentResult *result)
{
  if (result == NULL)
    return;
  g_free (result->instrument_id);
  g_free (result->subscales);
  for (guint i = 0; result->subscale_bands != NULL && i < result->n_subscales; i++)
    g_free (result->subscale_bands[i]);
  g_free (result->subscale_bands);
  g_free (result->band_id);
  g_free (result->band_label);
  g_free (result->band_message);
  g_free (result);
}

G_DEFINE_BOXED_TYPE (RespiteInstrumentResult, respite_instrument_result,
                     respite_instrument_result_copy, respite_instrument_result_free)
