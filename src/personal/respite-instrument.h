/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A questionnaire: its items, answer scale, scoring and bands, read from
 * one JSON file in data/instruments/. The format is documented in
 * docs/instruments.md.
 *
 * The file holds the English source text; every getter that returns text
 * returns it translated through gettext (domain GETTEXT_PACKAGE, context
 * "instrument:ID"). */

#define RESPITE_INSTRUMENT_ERROR (respite_instrument_error_quark ())

typedef enum
{
  RESPITE_INSTRUMENT_ERROR_INVALID,  /* the file is not a usable instrument */
  RESPITE_INSTRUMENT_ERROR_ANSWERS,  /* the answers do not fit the instrument */
} RespiteInstrumentError;

GQuark respite_instrument_error_quark (void);

/* What a set of answers scores. Self-contained: it may outlive its
 * instrument. */
typedef struct
{
  char     *instrument_id;       /* (owned) */
  int       instrument_version;
  int       raw;                 /* the sum of the item scores, reversed items reversed; for
                                  * a "subscales" score, the primary subscale's */
  int       scaled;              /* raw × the multiplier; raw itself for a plain sum */
  gboolean  is_scaled;           /* the scoring is "scaled" (WHO-5: a percentage) */
  int      *subscales;           /* (owned) (array length=n_subscales): in the instrument's order */
  guint     n_subscales;
  char    **subscale_bands;      /* (owned) (array length=n_subscales): each subscale's band id,
                                  * NULL for a subscale without bands */
  char     *band_id;             /* (owned) */
  char     *band_label;          /* (owned): translated */
  char     *band_message;        /* (owned): translated */
  gboolean  suggests_support;    /* show the support card first */
} RespiteInstrumentResult;

#define RESPITE_TYPE_INSTRUMENT_RESULT (respite_instrument_result_get_type ())
GType                    respite_instrument_result_get_type (void);
RespiteInstrumentResult *respite_instrument_result_copy     (const RespiteInstrumentResult *result);
void                     respite_instrument_result_free     (RespiteInstrumentResult       *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RespiteInstrumentResult, respite_instrument_result_free)

#define RESPITE_TYPE_INSTRUMENT (respite_instrument_get_type ())
G_DECLARE_FINAL_TYPE (RespiteInstrument, respite_instrument, RESPITE, INSTRUMENT, GObject)

/* RESPITE_INSTRUMENTS_DIR if set and not empty (tests, uninstalled runs),
 * else PKGDATADIR "/instruments". */
char              *respite_instrument_get_default_dir    (void);

/* Reads and checks one file. On a problem, fails with
 * RESPITE_INSTRUMENT_ERROR_INVALID and a translated message naming the
 * file, the place in it as a JSON path, and the problem:
 *   /usr/share/respite/instruments/who5.json: $.items[2].text: required, but missing */
RespiteInstrument *respite_instrument_load_file          (const char         *path,
                                                          GError            **error);

/* Every *.json file in @dir (NULL: respite_instrument_get_default_dir()),
 * sorted by id. A file that cannot be used, or whose id an earlier file
 * (by name) already took, is left out, and if @problems is not NULL one
 * message for it is added to a new array (element-type utf8; empty when
 * all is well). A missing folder is one problem, and no instruments.
 * Returns (element-type RespiteInstrument) (transfer full). */
GPtrArray         *respite_instrument_load_dir           (const char         *dir,
                                                          GPtrArray         **problems);

/* Packs installed apart from Respite (respite-instrument-packs.c). */
GStrv              respite_instrument_get_pack_dirs      (void);
void               respite_instrument_add_packs          (GPtrArray          *instruments,
                                                          const char * const *dirs,
                                                          GPtrArray          *problems);

/* The secondary traumatic stress check-in's instrument: ProQOL 5, never
 * shipped, only installed as a pack ([CheckIns] sts-days). */
#define RESPITE_STS_INSTRUMENT "proqol5"

const char        *respite_instrument_get_id             (RespiteInstrument  *self);
/* Bumped whenever the wording or the scoring changes. */
int                respite_instrument_get_version        (RespiteInstrument  *self);
const char        *respite_instrument_get_title          (RespiteInstrument  *self);
const char        *respite_instrument_get_stem           (RespiteInstrument  *self);
/* FALSE for Respite's own questions, such as the pulse. */
gboolean           respite_instrument_get_validated      (RespiteInstrument  *self);
/* (nullable): what someone should know before reading the result. */
const char        *respite_instrument_get_note           (RespiteInstrument  *self);
const char        *respite_instrument_get_licence        (RespiteInstrument  *self);
const char        *respite_instrument_get_attribution    (RespiteInstrument  *self);

guint              respite_instrument_get_n_items        (RespiteInstrument  *self);
const char        *respite_instrument_get_item_id        (RespiteInstrument  *self,
                                                          guint               item);
const char        *respite_instrument_get_item_text      (RespiteInstrument  *self,
                                                          guint               item);
gboolean           respite_instrument_get_item_reversed  (RespiteInstrument  *self,
                                                          guint               item);

/* The answer scale, in the order to show it. Values are consecutive
 * whole numbers, in any order. */
guint              respite_instrument_get_n_answers      (RespiteInstrument  *self);
int                respite_instrument_get_answer_value   (RespiteInstrument  *self,
                                                          guint               answer);
const char        *respite_instrument_get_answer_label   (RespiteInstrument  *self,
                                                          guint               answer);

guint              respite_instrument_get_n_subscales    (RespiteInstrument  *self);
const char        *respite_instrument_get_subscale_id    (RespiteInstrument  *self,
                                                          guint               subscale);
const char        *respite_instrument_get_subscale_title (RespiteInstrument  *self,
                                                          guint               subscale);
/* The translated label of the band @band_id of @subscale, or NULL. */
const char        *respite_instrument_get_subscale_band_label (RespiteInstrument *self,
                                                          guint               subscale,
                                                          const char         *band_id);

/* The lowest and highest raw totals. */
int                respite_instrument_get_min_total      (RespiteInstrument  *self);
int                respite_instrument_get_max_total      (RespiteInstrument  *self);

/* Scores one answer per item, in item order, each a value of the scale
 * (not a position in it). A pure function. Fails with
 * RESPITE_INSTRUMENT_ERROR_ANSWERS if the count or a value is wrong. */
RespiteInstrumentResult *respite_instrument_score        (RespiteInstrument  *self,
                                                          const int          *answers,
                                                          guint               n_answers,
                                                          GError            **error);

G_END_DECLS
