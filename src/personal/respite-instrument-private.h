/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What respite-instrument.c and respite-instrument-load.c share: the
 * instance struct and the parts of a questionnaire.
 */
#pragma once

#include "respite-instrument.h"

G_BEGIN_DECLS

typedef struct
{
  char     *id;
  char     *text;
  gboolean  reversed;
} Item;

typedef struct
{
  int   value;
  char *label;
} Answer;

typedef struct
{
  char     *id;
  char     *label;
  char     *message;
  int       min;
  int       max;
  gboolean  suggests_support;
} Band;

typedef struct
{
  char     *id;
  char     *title;
  GArray   *items;            /* (owned) (element-type guint): item positions */
  gboolean  has_threshold;
  int       support_at_least; /* when has_threshold */
  GArray   *bands;            /* (owned) (element-type Band): empty unless banded */
} Subscale;

struct _RespiteInstrument
{
  GObject   parent_instance;

  char     *id;               /* (owned) */
  char     *context;          /* (owned): the gettext context, "instrument:ID" */
  int       version;
  char     *title;            /* (owned) */
  char     *stem;             /* (owned) */
  gboolean  validated;
  char     *note;             /* (owned) (nullable) */
  char     *licence;          /* (owned) */
  char     *attribution;      /* (owned) */

  GArray   *items;            /* (owned) (element-type Item) */
  GArray   *answers;          /* (owned) (element-type Answer) */
  int       scale_min;
  int       scale_max;

  gboolean  scaled;
  int       multiplier;       /* 1 unless scaled */
  gboolean  has_item_floor;
  int       item_floor;       /* when has_item_floor: any item at or below it suggests support */
  GArray   *subscales;        /* (owned) (element-type Subscale) */
  GArray   *bands;            /* (owned) (element-type Band): empty for a "subscales" score */
  int       primary;          /* -1, or for a "subscales" score: the subscale whose band is the result's */
};

/* respite-instrument.c: an Item's g_array_set_clear_func() */
void respite_instrument_item_clear (gpointer data);
/* respite-instrument.c: a Band's and a Subscale's */
void respite_instrument_band_clear (gpointer data);

G_END_DECLS
