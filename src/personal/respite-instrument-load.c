/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteInstrument: reading instruments from JSON files, and checking them.
 *
 * The files decide whether someone is shown the support card, so reading
 * them is strict: an unknown field, a wrong type, a gap between bands or a
 * threshold off the scale rejects the whole file with a message that names
 * the place (as a JSON path, "$.bands[2].max") and the problem. A typo that
 * silently changed a score would be far worse than a missing check-in.
 *
 * The format is documented in docs/instruments.md.
 */

#define G_LOG_DOMAIN "respite-instrument"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "respite-instrument-private.h"

/* The only format this code reads; "format" in the file. */
#define FORMAT_VERSION 1

/* Bounds that keep every total well inside an int, and reject files that
 * cannot be questionnaires. */
#define MAX_FILE_BYTES  (1024 * 1024)
#define MAX_ITEMS       100
#define MAX_SCALE_VALUE 1000
#define MAX_MULTIPLIER  1000

/* Reading JSON, one helper per shape. Each takes the JSON path of the
 * object it reads from, and on a problem sets @error to "PATH: problem". */

static gboolean G_GNUC_PRINTF (3, 4)
fail (GError     **error,
      const char  *path,
      const char  *format,
      ...)
{
  g_autofree char *problem = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  /* A name or value may hold a lone surrogate (\ud800), which json-glib
   * decodes into bytes that are not UTF-8: the message must stay text. */
  message = g_strdup_printf ("%s: %s", path, problem);
  g_clear_pointer (&problem, g_free);
  problem = g_utf8_make_valid (message, -1);
  g_set_error_literal (error, RESPITE_INSTRUMENT_ERROR, RESPITE_INSTRUMENT_ERROR_INVALID, problem);
  return FALSE;
}

static char *
member_path (const char *path,
             const char *member)
{
  return g_strdup_printf ("%s.%s", path, member);
}

static char *
index_path (const char *path,
            guint       index)
{
  return g_strdup_printf ("%s[%u]", path, index);
}

/* Unknown fields are refused: "reverse" for "reversed" must not pass. */
static gboolean
check_members (JsonObject         *object,
               const char         *path,
               const char * const *allowed,
               GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        {
          g_autofree char *where = member_path (path, l->data);
          return fail (error, where, "%s", _("unknown field"));
        }
    }
  return TRUE;
}

/* The member's node, or NULL if it is absent or null: then, if @required,
 * sets @error. */
static JsonNode *
get_member (JsonObject  *object,
            const char  *path,
            const char  *member,
            gboolean     required,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    return node;
  if (required)
    {
      g_autofree char *where = member_path (path, member);
      fail (error, where, "%s", _("required, but missing"));
    }
  return NULL;
}

static gboolean
node_is (JsonNode *node,
         GType     value_type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == value_type;
}

/* @out is left NULL when an optional member is absent. */
static gboolean
read_string_node (JsonNode    *node,
                  const char  *where,
                  char       **out,
                  GError     **error)
{
  const char *text;

  if (!node_is (node, G_TYPE_STRING))
    return fail (error, where, "%s", _("must be text"));
  text = json_node_get_string (node);
  if (*text == '\0')
    return fail (error, where, "%s", _("must not be empty"));
  /* json-glib decodes a lone surrogate (\ud800) into bytes that are not
   * UTF-8, which no label can show. */
  if (!g_utf8_validate (text, -1, NULL))
    return fail (error, where, "%s", _("must be valid text (UTF-8)"));
  *out = g_strdup (text);
  return TRUE;
}

static gboolean
read_string (JsonObject  *object,
             const char  *path,
             const char  *member,
             gboolean     required,
             char       **out,
             GError     **error)
{
  g_autofree char *where = member_path (path, member);
  JsonNode *node;

  *out = NULL;
  node = get_member (object, path, member, required, error);
  if (node == NULL)
    return !required;
  return read_string_node (node, where, out, error);
}

/* @present (nullable) says whether an optional member was there; @out is
 * left alone when it was not. */
static gboolean
read_int (JsonObject  *object,
          const char  *path,
          const char  *member,
          gboolean     required,
          int          min,
          int          max,
          gboolean    *present,
          int         *out,
          GError     **error)
{
  g_autofree char *where = member_path (path, member);
  JsonNode *node = get_member (object, path, member, required, error);
  gint64 value;

  if (present != NULL)
    *present = node != NULL;
  if (node == NULL)
    return !required;
  if (!node_is (node, G_TYPE_INT64))
    return fail (error, where, "%s", _("must be a whole number"));
  value = json_node_get_int (node);
  if (value < min || value > max)
    return fail (error, where, _("must be a whole number from %d to %d"), min, max);
  *out = (int) value;
  return TRUE;
}

static gboolean
read_bool (JsonObject  *object,
           const char  *path,
           const char  *member,
           gboolean     required,
           gboolean    *out,
           GError     **error)
{
  g_autofree char *where = member_path (path, member);
  JsonNode *node = get_member (object, path, member, required, error);

  if (node == NULL)
    return !required;
  if (!node_is (node, G_TYPE_BOOLEAN))
    return fail (error, where, "%s", _("must be true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* A non-empty list. */
static JsonArray *
read_array (JsonObject  *object,
            const char  *path,
            const char  *member,
            gboolean     required,
            GError     **error)
{
  g_autofree char *where = member_path (path, member);
  JsonNode *node = get_member (object, path, member, required, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (error, where, "%s", _("must be a list"));
      return NULL;
    }
  if (json_array_get_length (json_node_get_array (node)) == 0)
    {
      fail (error, where, "%s", _("must not be empty"));
      return NULL;
    }
  return json_node_get_array (node);
}

/* The list's element at @index as an object with only @allowed fields. */
static JsonObject *
element_object (JsonArray          *array,
                guint               index,
                const char         *where,
                const char * const *allowed,
                GError            **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, where, "%s", _("must be an object"));
      return NULL;
    }
  if (!check_members (json_node_get_object (node), where, allowed, error))
    return NULL;
  return json_node_get_object (node);
}

/* Ids name things in the store and in gettext contexts: keep them plain. */
static gboolean
check_id (const char  *id,
          const char  *where,
          GError     **error)
{
  for (const char *p = id; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
        return fail (error, where, "%s",
                     _("may hold only lower-case letters a to z, digits and “-”"));
    }
  return TRUE;
}

static int
find_item (RespiteInstrument *self,
           const char        *id)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      if (g_str_equal (g_array_index (self->items, Item, i).id, id))
        return (int) i;
    }
  return -1;
}

static gboolean
parse_items (RespiteInstrument  *self,
             JsonObject         *root,
             GError            **error)
{
  static const char * const allowed[] = { "id", "text", "reversed", NULL };
  JsonArray *array = read_array (root, "$", "items", TRUE, error);

  if (array == NULL)
    return FALSE;
  if (json_array_get_length (array) > MAX_ITEMS)
    return fail (error, "$.items", _("must have at most %d items"), MAX_ITEMS);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = index_path ("$.items", i);
      JsonObject *object = element_object (array, i, where, allowed, error);
      Item item = { NULL, };
      Item *added;

      if (object == NULL ||
          !read_string (object, where, "id", TRUE, &item.id, error))
        return FALSE;
      if (find_item (self, item.id) >= 0)
        {
          g_autofree char *id_where = member_path (where, "id");
          fail (error, id_where, _("“%s” is used by an earlier item"), item.id);
          respite_instrument_item_clear (&item);
          return FALSE;
        }
      /* Append first, so that what was read is freed with the rest. */
      g_array_append_val (self->items, item);
      added = &g_array_index (self->items, Item, self->items->len - 1);
      if (!read_string (object, where, "text", TRUE, &added->text, error) ||
          !read_bool (object, where, "reversed", FALSE, &added->reversed, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_scale (RespiteInstrument  *self,
             JsonObject         *root,
             GError            **error)
{
  static const char * const allowed[] = { "value", "label", NULL };
  JsonArray *array = read_array (root, "$", "scale", TRUE, error);

  if (array == NULL)
    return FALSE;

  self->scale_min = G_MAXINT;
  self->scale_max = G_MININT;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = index_path ("$.scale", i);
      JsonObject *object = element_object (array, i, where, allowed, error);
      Answer answer = { 0, };

      if (object == NULL ||
          !read_int (object, where, "value", TRUE, -MAX_SCALE_VALUE, MAX_SCALE_VALUE,
                     NULL, &answer.value, error))
        return FALSE;
      for (guint j = 0; j < self->answers->len; j++)
        {
          if (g_array_index (self->answers, Answer, j).value == answer.value)
            {
              g_autofree char *value_where = member_path (where, "value");
              return fail (error, value_where, _("%d is used by an earlier answer"), answer.value);
            }
        }
      g_array_append_val (self->answers, answer);
      if (!read_string (object, where, "label", TRUE,
                        &g_array_index (self->answers, Answer, i).label, error))
        return FALSE;
      self->scale_min = MIN (self->scale_min, answer.value);
      self->scale_max = MAX (self->scale_max, answer.value);
    }

  /* Reversing an item (min + max − x) needs every step between. */
  if (self->answers->len < 2 ||
      self->scale_max - self->scale_min + 1 != (int) self->answers->len)
    return fail (error, "$.scale", "%s",
                 _("must have at least two answers whose values are consecutive whole numbers"));
  return TRUE;
}

/* The bands of @array, at @path, must cover every total from @lowest to
 * @highest exactly once: a total without a band would leave a result with
 * nothing to say. */
static gboolean
parse_band_list (JsonArray   *array,
                 const char  *path,
                 int          lowest,
                 int          highest,
                 GArray      *bands,
                 GError     **error)
{
  static const char * const allowed[] = {
    "id", "label", "message", "min", "max", "suggests_support", NULL
  };
  g_autofree guint8 *covered = g_new0 (guint8, highest - lowest + 1);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = index_path (path, i);
      JsonObject *object = element_object (array, i, where, allowed, error);
      Band *band;

      if (object == NULL)
        return FALSE;
      g_array_set_size (bands, i + 1);
      band = &g_array_index (bands, Band, i);
      if (!read_string (object, where, "id", TRUE, &band->id, error) ||
          !read_string (object, where, "label", TRUE, &band->label, error) ||
          !read_string (object, where, "message", TRUE, &band->message, error) ||
          !read_int (object, where, "min", TRUE, lowest, highest, NULL, &band->min, error) ||
          !read_int (object, where, "max", TRUE, band->min, highest, NULL, &band->max, error) ||
          !read_bool (object, where, "suggests_support", TRUE, &band->suggests_support, error))
        return FALSE;
      for (guint j = 0; j < i; j++)
        {
          if (g_str_equal (g_array_index (bands, Band, j).id, band->id))
            {
              g_autofree char *id_where = member_path (where, "id");
              return fail (error, id_where, _("“%s” is used by an earlier band"), band->id);
            }
        }
      for (int total = band->min; total <= band->max; total++)
        {
          if (covered[total - lowest]++ > 0)
            return fail (error, where, _("the total %d is already in an earlier band"), total);
        }
    }

  for (int total = lowest; total <= highest; total++)
    {
      if (!covered[total - lowest])
        return fail (error, path, _("no band holds the total %d; the bands must cover %d to %d"),
                     total, lowest, highest);
    }
  return TRUE;
}

static gboolean
parse_subscales (RespiteInstrument  *self,
                 JsonObject         *scoring,
                 GError            **error)
{
  static const char * const allowed[] = {
    "id", "title", "items", "support_if_at_least", "bands", NULL
  };
  g_autoptr(GError) local_error = NULL;
  JsonArray *array = read_array (scoring, "$.scoring", "subscales", FALSE, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (array == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = index_path ("$.scoring.subscales", i);
      g_autofree char *items_where = member_path (where, "items");
      JsonObject *object = element_object (array, i, where, allowed, error);
      JsonArray *items;
      Subscale *subscale;
      int lowest, highest;

      if (object == NULL)
        return FALSE;
      g_array_set_size (self->subscales, i + 1);
      subscale = &g_array_index (self->subscales, Subscale, i);
      subscale->items = g_array_new (FALSE, FALSE, sizeof (guint));
      subscale->bands = g_array_new (FALSE, TRUE, sizeof (Band));
      g_array_set_clear_func (subscale->bands, respite_instrument_band_clear);

      if (!read_string (object, where, "id", TRUE, &subscale->id, error) ||
          !read_string (object, where, "title", TRUE, &subscale->title, error))
        return FALSE;
      for (guint j = 0; j < i; j++)
        {
          if (g_str_equal (g_array_index (self->subscales, Subscale, j).id, subscale->id))
            {
              g_autofree char *id_where = member_path (where, "id");
              return fail (error, id_where, _("“%s” is used by an earlier subscale"),
                           subscale->id);
            }
        }

      items = read_array (object, where, "items", TRUE, error);
      if (items == NULL)
        return FALSE;
      for (guint j = 0; j < json_array_get_length (items); j++)
        {
          g_autofree char *item_where = index_path (items_where, j);
          g_autofree char *item_id = NULL;
          int position;
          guint found;

          if (!read_string_node (json_array_get_element (items, j), item_where, &item_id, error))
            return FALSE;
          position = find_item (self, item_id);
          if (position < 0)
            return fail (error, item_where, _("there is no item “%s”"), item_id);
          found = (guint) position;
          for (guint k = 0; k < subscale->items->len; k++)
            {
              if (g_array_index (subscale->items, guint, k) == found)
                return fail (error, item_where, _("“%s” is already in this subscale"), item_id);
            }
          g_array_append_val (subscale->items, found);
        }

      lowest = (int) subscale->items->len * self->scale_min;
      highest = (int) subscale->items->len * self->scale_max;
      if (!read_int (object, where, "support_if_at_least", FALSE, lowest, highest,
                     &subscale->has_threshold, &subscale->support_at_least, error))
        return FALSE;

      if (get_member (object, where, "bands", FALSE, NULL) != NULL)
        {
          g_autofree char *bands_where = member_path (where, "bands");
          JsonArray *bands = read_array (object, where, "bands", TRUE, error);

          if (bands == NULL ||
              !parse_band_list (bands, bands_where, lowest, highest, subscale->bands, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
parse_scoring (RespiteInstrument  *self,
               JsonObject         *root,
               GError            **error)
{
  static const char * const allowed[] = {
    "type", "multiplier", "support_if_any_item_at_most", "subscales", "primary", NULL
  };
  JsonNode *node = get_member (root, "$", "scoring", TRUE, error);
  g_autofree char *type = NULL;
  g_autofree char *primary = NULL;
  JsonObject *scoring;
  gboolean has_multiplier;
  gboolean by_subscale = FALSE;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, "$.scoring", "%s", _("must be an object"));
  scoring = json_node_get_object (node);
  if (!check_members (scoring, "$.scoring", allowed, error) ||
      !read_string (scoring, "$.scoring", "type", TRUE, &type, error))
    return FALSE;

  if (g_str_equal (type, "scaled"))
    self->scaled = TRUE;
  else if (g_str_equal (type, "subscales"))
    by_subscale = TRUE;
  else if (!g_str_equal (type, "sum"))
    return fail (error, "$.scoring.type",
                 _("unknown scoring type “%s”; use “sum”, “scaled” or “subscales”"), type);

  if (!read_int (scoring, "$.scoring", "multiplier", self->scaled, 1, MAX_MULTIPLIER,
                 &has_multiplier, &self->multiplier, error))
    return FALSE;
  if (has_multiplier && !self->scaled)
    return fail (error, "$.scoring.multiplier", "%s",
                 _("only a “scaled” score has a multiplier"));

  if (!read_int (scoring, "$.scoring", "support_if_any_item_at_most", FALSE,
                 self->scale_min, self->scale_max,
                 &self->has_item_floor, &self->item_floor, error) ||
      !parse_subscales (self, scoring, error) ||
      !read_string (scoring, "$.scoring", "primary", by_subscale, &primary, error))
    return FALSE;

  if (primary == NULL)
    return TRUE;
  if (!by_subscale)
    return fail (error, "$.scoring.primary", "%s", _("only a “subscales” score has a primary"));

  /* Scored by subscale: the result's band is the primary subscale's. */
  for (guint i = 0; i < self->subscales->len; i++)
    {
      if (g_str_equal (g_array_index (self->subscales, Subscale, i).id, primary))
        self->primary = (int) i;
    }
  if (self->primary < 0)
    return fail (error, "$.scoring.primary", _("there is no subscale “%s”"), primary);
  if (g_array_index (self->subscales, Subscale, self->primary).bands->len == 0)
    return fail (error, "$.scoring.primary", _("the subscale “%s” has no bands"), primary);
  return TRUE;
}

/* The total's bands; a "subscales" score has its bands in its subscales
 * instead. */
static gboolean
parse_bands (RespiteInstrument  *self,
             JsonObject         *root,
             GError            **error)
{
  JsonArray *array;

  if (self->primary >= 0)
    {
      if (get_member (root, "$", "bands", FALSE, NULL) != NULL)
        return fail (error, "$.bands", "%s",
                     _("a “subscales” score has its bands in its subscales, not here"));
      return TRUE;
    }

  array = read_array (root, "$", "bands", TRUE, error);
  return array != NULL &&
         parse_band_list (array, "$.bands", respite_instrument_get_min_total (self),
                          respite_instrument_get_max_total (self), self->bands, error);
}

static gboolean
parse_instrument (RespiteInstrument  *self,
                  JsonNode           *root_node,
                  GError            **error)
{
  static const char * const allowed[] = {
    "format", "id", "version", "title", "stem", "validated", "note", "licence",
    "attribution", "items", "scale", "scoring", "bands", NULL
  };
  JsonObject *root;
  int format;

  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    return fail (error, "$", "%s", _("must be an object"));
  root = json_node_get_object (root_node);

  /* The format first: a newer file should say so, not list odd fields. */
  if (!read_int (root, "$", "format", TRUE, G_MININT, G_MAXINT, NULL, &format, error))
    return FALSE;
  if (format != FORMAT_VERSION)
    return fail (error, "$.format", _("format %d is not known; this Respite reads format %d"),
                 format, FORMAT_VERSION);

  if (!check_members (root, "$", allowed, error) ||
      !read_string (root, "$", "id", TRUE, &self->id, error) ||
      !check_id (self->id, "$.id", error) ||
      !read_int (root, "$", "version", TRUE, 1, G_MAXINT, NULL, &self->version, error) ||
      !read_string (root, "$", "title", TRUE, &self->title, error) ||
      !read_string (root, "$", "stem", TRUE, &self->stem, error) ||
      !read_bool (root, "$", "validated", TRUE, &self->validated, error) ||
      !read_string (root, "$", "note", FALSE, &self->note, error) ||
      !read_string (root, "$", "licence", TRUE, &self->licence, error) ||
      !read_string (root, "$", "attribution", TRUE, &self->attribution, error) ||
      !parse_items (self, root, error) ||
      !parse_scale (self, root, error) ||
      !parse_scoring (self, root, error) ||
      !parse_bands (self, root, error))
    return FALSE;

  self->context = g_strconcat ("instrument:", self->id, NULL);
  return TRUE;
}

char *
respite_instrument_get_default_dir (void)
{
  const char *dir = g_getenv ("RESPITE_INSTRUMENTS_DIR");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);
  return g_build_filename (PKGDATADIR, "instruments", NULL);
}

RespiteInstrument *
respite_instrument_load_file (const char  *path,
                              GError     **error)
{
  g_autoptr(RespiteInstrument) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, RESPITE_INSTRUMENT_ERROR, RESPITE_INSTRUMENT_ERROR_INVALID,
                   "%s", local_error->message);
      return NULL;
    }
  if (length > MAX_FILE_BYTES)
    {
      g_set_error (error, RESPITE_INSTRUMENT_ERROR, RESPITE_INSTRUMENT_ERROR_INVALID,
                   _("%s: too large to be an instrument"), path);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, contents, (gssize) length, &local_error))
    {
      /* json-glib quotes the bad bytes as they are, UTF-8 or not. */
      g_autofree char *reason = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, RESPITE_INSTRUMENT_ERROR, RESPITE_INSTRUMENT_ERROR_INVALID,
                   _("%s: not valid JSON: %s"), path, reason);
      return NULL;
    }

  self = g_object_new (RESPITE_TYPE_INSTRUMENT, NULL);
  if (!parse_instrument (self, json_parser_get_root (parser), &local_error))
    {
      g_prefix_error (&local_error, "%s: ", path);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&self);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static int
compare_by_id (gconstpointer a,
               gconstpointer b)
{
  RespiteInstrument *first = *(RespiteInstrument **) a;
  RespiteInstrument *second = *(RespiteInstrument **) b;

  return strcmp (first->id, second->id);
}

GPtrArray *
respite_instrument_load_dir (const char  *dir,
                             GPtrArray  **problems)
{
  g_autoptr(GPtrArray) instruments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *default_dir = NULL;
  g_autoptr(GDir) folder = NULL;
  const char *name;

  if (dir == NULL)
    dir = default_dir = respite_instrument_get_default_dir ();

  folder = g_dir_open (dir, 0, &error);
  if (folder == NULL)
    g_ptr_array_add (messages, g_strdup (error->message));

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      if (g_str_has_suffix (name, ".json"))
        g_ptr_array_add (names, g_strdup (name));
    }
  /* By name, so that which of two files with one id wins does not depend
   * on the file system. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(RespiteInstrument) instrument = NULL;
      g_autoptr(GError) local_error = NULL;
      RespiteInstrument *earlier = NULL;

      instrument = respite_instrument_load_file (path, &local_error);
      if (instrument == NULL)
        {
          g_debug ("%s", local_error->message);
          g_ptr_array_add (messages, g_strdup (local_error->message));
          continue;
        }
      for (guint j = 0; j < instruments->len && earlier == NULL; j++)
        {
          RespiteInstrument *other = g_ptr_array_index (instruments, j);
          if (g_str_equal (other->id, instrument->id))
            earlier = other;
        }
      if (earlier != NULL)
        {
          g_ptr_array_add (messages,
                           g_strdup_printf (_("%s: $.id: “%s” is already the id of an earlier file; "
                                              "this file is left out"),
                                            path, instrument->id));
          continue;
        }
      g_ptr_array_add (instruments, g_steal_pointer (&instrument));
    }

  g_ptr_array_sort (instruments, compare_by_id);
  if (problems != NULL)
    *problems = g_steal_pointer (&messages);
  return g_steal_pointer (&instruments);
}
