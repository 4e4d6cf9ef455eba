/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The keys of the organisation's policy file, and the reading of each one
 * that respite-policy-file.c found: every value is checked (a number in its
 * range, a boolean, text GKeyFile can unescape, contact details that work,
 * a team store without a password), and one that cannot be used keeps its
 * default, with a problem that says why.
 */

#define G_LOG_DOMAIN "respite-policy"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "respite-policy.h"
#include "respite-policy-file-private.h"
#include "respite-support.h"

#define MAX_EPSILON_BUDGET 1000.0

const char * const respite_policy_file_service_keys[N_SERVICE_KEYS] = {
  [SERVICE_NAME] = "name",
  [SERVICE_DESCRIPTION] = "description",
  [SERVICE_PHONE] = "phone",
  [SERVICE_EMAIL] = "email",
  [SERVICE_WEB] = "web",
  [SERVICE_HOURS] = "hours",
  [SERVICE_LANGUAGES] = "languages",
  [SERVICE_CRISIS] = "crisis",
};

const char * const respite_policy_file_training_keys[N_TRAINING_KEYS] = {
  [TRAINING_NAME] = "name",
  [TRAINING_LINK] = "link",
  [TRAINING_RENEWAL] = "renewal-months",
};

/* In the order of data/organisation.conf. The reminder's range and default
 * depend on the interval, and are worked out when it is read. */
const KeyInfo respite_policy_file_keys[N_KEYS] = {
  [KEY_NAME]          = { "Organisation", "name" },
  [KEY_VERSION]       = { "Organisation", "version" },
  [KEY_INTERVAL]      = { "Breaks", "interval-minutes", RANGE_PLAIN, 10, 480,
                          DEFAULT_INTERVAL_MINUTES },
  [KEY_REMINDER]      = { "Breaks", "reminder-minutes", RANGE_BELOW_BREAK, 0, 0, 0 },
  [KEY_DURATION]      = { "Breaks", "duration-minutes", RANGE_PLAIN, 1, 120,
                          DEFAULT_DURATION_MINUTES },
  [KEY_SNOOZE]        = { "Breaks", "snooze-minutes", RANGE_PLAIN, 1, 60, DEFAULT_SNOOZE_MINUTES },
  [KEY_STRICT]        = { "Breaks", "strict" },
  [KEY_DAILY_CAP]     = { "Cap", "daily-minutes", RANGE_PLAIN, 30, 720, DEFAULT_DAILY_CAP_MINUTES },
  [KEY_WARNING]       = { "Cap", "warning-percent", RANGE_PLAIN, 50, 99, DEFAULT_WARNING_PERCENT },
  [KEY_DECOMPRESSION] = { "Shift", "decompression-minutes", RANGE_PLAIN, 0, 120,
                          DEFAULT_DECOMPRESSION_MINUTES },
  [KEY_IDLE_IMAGE]    = { "Idle", "image-seconds", RANGE_OFF_OR, 30, 7200,
                          DEFAULT_IDLE_IMAGE_SECONDS },
  [KEY_IDLE_TEXT]     = { "Idle", "text-seconds", RANGE_OFF_OR, 30, 7200,
                          DEFAULT_IDLE_TEXT_SECONDS },
  [KEY_IDLE_AUDIO]    = { "Idle", "audio-seconds", RANGE_OFF_OR, 30, 7200,
                          DEFAULT_IDLE_AUDIO_SECONDS },
  [KEY_IDLE_VIDEO]    = { "Idle", "video-seconds", RANGE_OFF_OR, 30, 7200,
                          DEFAULT_IDLE_VIDEO_SECONDS },
  [KEY_IDLE_LIVE]     = { "Idle", "live-seconds", RANGE_OFF_OR, 30, 7200,
                          DEFAULT_IDLE_LIVE_SECONDS },
  [KEY_ANONYMITY]     = { "Privacy", "anonymity-threshold", RANGE_FLOOR,
                          RESPITE_ANONYMITY_MIN, 1000,
                          DEFAULT_ANONYMITY_THRESHOLD },
  [KEY_PULSE_INTENSITY] = { "CheckIns", "pulse-intensity", RANGE_OFF_OR, 1, 3,
                            DEFAULT_PULSE_INTENSITY },
  [KEY_WHO5_DAYS]     = { "CheckIns", "who5-days", RANGE_OFF_OR, 1, 365, DEFAULT_WHO5_DAYS },
  [KEY_PHQ4_DAYS]     = { "CheckIns", "phq4-days", RANGE_OFF_OR, 1, 365, 0 },
  [KEY_COUNSELLING_DAYS] = { "Counselling", "reminder-days", RANGE_OFF_OR, 7, 365,
                             DEFAULT_COUNSELLING_DAYS },
  [KEY_CRISIS_NAME]   = { "Crisis", "name" },
  [KEY_CRISIS_DESCRIPTION] = { "Crisis", "description" },
  [KEY_CRISIS_PHONE]  = { "Crisis", "phone" },
  [KEY_CRISIS_EMAIL]  = { "Crisis", "email" },
  [KEY_CRISIS_WEB]    = { "Crisis", "web" },
  [KEY_CRISIS_HOURS]  = { "Crisis", "hours" },
  [KEY_CRISIS_LANGUAGES] = { "Crisis", "languages" },
  [KEY_RETENTION]     = { "Data", "retention-days", RANGE_PLAIN, 30, 3650,
                          DEFAULT_RETENTION_DAYS },
  [KEY_TEAM_STORE_TYPE] = { "TeamStore", "type" },
  [KEY_TEAM_STORE_PATH] = { "TeamStore", "path" },
  [KEY_TEAM_STORE_CONNINFO] = { "TeamStore", "conninfo" },
  [KEY_TEAM]          = { "TeamStore", "team" },
  [KEY_GROUP]         = { "TeamStore", "group" },
  [KEY_ALLOW_OPT_OUT] = { "TeamStore", "allow-opt-out" },
  [KEY_EPSILON_BUDGET] = { "Privacy", "epsilon-budget" },
  [KEY_REVIEW_MODE]   = { "ReviewTools", "mode" },
  [KEY_REVIEW_REQUIRED] = { "ReviewTools", "required" },
  /* The limits besides the daily cap, off by default (a weight of 1). */
  [KEY_WEIGHT_LOW]    = { "Cap", "weight-low" },
  [KEY_WEIGHT_MEDIUM] = { "Cap", "weight-medium" },
  [KEY_WEIGHT_HIGH]   = { "Cap", "weight-high" },
  [KEY_VIDEO_MINUTES] = { "Cap", "video-minutes", RANGE_OFF_OR, 10, 720, 0 },
  [KEY_LIVE_MINUTES]  = { "Cap", "live-minutes", RANGE_OFF_OR, 10, 720, 0 },
  [KEY_WEEKLY_MINUTES] = { "Cap", "weekly-minutes", RANGE_OFF_OR, 60, 5040, 0 },
  [KEY_CONSECUTIVE_DAYS] = { "Cap", "consecutive-days", RANGE_OFF_OR, 1, 30, 0 },
  [KEY_STS_DAYS]      = { "CheckIns", "sts-days", RANGE_OFF_OR, 7, 365, 0 },
  [KEY_AID_REMINDERS] = { "Aids", "reminders" },
};

static const struct
{
  Key         key;
  RespiteKind kind;
} idle_keys[] = {
  { KEY_IDLE_IMAGE, RESPITE_KIND_IMAGE },
  { KEY_IDLE_TEXT, RESPITE_KIND_TEXT },
  { KEY_IDLE_AUDIO, RESPITE_KIND_AUDIO },
  { KEY_IDLE_VIDEO, RESPITE_KIND_VIDEO },
  { KEY_IDLE_LIVE, RESPITE_KIND_LIVE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (idle_keys) == RESPITE_N_KINDS);

/* The value of a whole-number key, or @fallback, with a problem if the key
 * is set to anything but a whole number in range. */
static gint64
read_number (Loader *loader,
             Key     key,
             gint64  min,
             gint64  max,
             gint64  fallback)
{
  const KeyInfo *info = &respite_policy_file_keys[key];
  const Entry *entry = &loader->entries[key];
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gint64 value;

  if (entry->line == 0)
    return fallback;

  text = g_strstrip (g_strdup (entry->value));

  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, &local_error))
    {
      if (g_error_matches (local_error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        {
          /* Out of bounds of gint64 is out of range all the more. */
          value = text[0] == '-' ? G_MININT64 : G_MAXINT64;
        }
      else if (strchr (text, '#') != NULL)
        {
          respite_policy_file_add_problem (loader, entry->line, info->group, info->name,
                                           _("“%s” is not a whole number (a comment must be "
                                             "on a line of its own); using the default, %d"),
                                           text, (int) fallback);
          return fallback;
        }
      else
        {
          respite_policy_file_add_problem (loader, entry->line, info->group, info->name,
                                           _("“%s” is not a whole number; using the default, %d"),
                                           text, (int) fallback);
          return fallback;
        }
    }

  if (value >= min && value <= max)
    return value;
  if (info->range == RANGE_OFF_OR && value == 0)
    return value;

  switch (info->range)
    {
    case RANGE_OFF_OR:
      respite_policy_file_add_problem (loader, entry->line, info->group, info->name,
                                       _("%s is out of range (0 to turn it off, or %d to %d); "
                                         "using the default, %d"),
                                       text, (int) min, (int) max, (int) fallback);
      break;

    case RANGE_FLOOR:
      if (value < min)
        {
          respite_policy_file_add_problem (loader, entry->line, info->group, info->name,
                                           _("%s is below the floor of %d: no team figure may "
                                             "come from fewer than %d people; using the "
                                             "default, %d"),
                                           text, (int) min, (int) min, (int) fallback);
          break;
        }
      G_GNUC_FALLTHROUGH;

    case RANGE_PLAIN:
      respite_policy_file_add_problem (loader, entry->line, info->group, info->name,
                                       _("%s is out of range (%d to %d); using the default, %d"),
                                       text, (int) min, (int) max, (int) fallback);
      break;

    case RANGE_BELOW_BREAK:
      if (value > max)
        respite_policy_file_add_problem (loader, entry->line, info->group, info->name,
                                         _("%s must be less than interval-minutes (%d); "
                                           "using the default, %d"),
                                         text, (int) max + 1, (int) fallback);
      else
        respite_policy_file_add_problem (loader, entry->line, info->group, info->name,
                                         _("%s is out of range (%d to %d); using the default, %d"),
                                         text, (int) min, (int) max, (int) fallback);
      break;

    default:
      g_assert_not_reached ();
    }

  return fallback;
}

static gint64
read_ranged (Loader *loader,
             Key     key)
{
  return read_number (loader, key, respite_policy_file_keys[key].min,
                      respite_policy_file_keys[key].max, respite_policy_file_keys[key].fallback);
}

gint64
respite_policy_file_read_ranged (Loader *loader,
                                 Key     key)
{
  return read_ranged (loader, key);
}

/* GKeyFile's idea of true and false, so a file it reads means the same. */
static gboolean
read_boolean_entry (Loader      *loader,
                    const char  *group,
                    const char  *name,
                    const Entry *entry,
                    gboolean     fallback)
{
  g_autofree char *text = NULL;

  if (entry->line == 0)
    return fallback;

  text = g_strstrip (g_strdup (entry->value));
  if (g_str_equal (text, "true") || g_str_equal (text, "1"))
    return TRUE;
  if (g_str_equal (text, "false") || g_str_equal (text, "0"))
    return FALSE;

  respite_policy_file_add_problem (loader, entry->line, group, name,
                                   _("“%s” is neither true nor false; using the default, %s"),
                                   text, fallback ? "true" : "false");
  return fallback;
}

static gboolean
read_boolean (Loader   *loader,
              Key       key,
              gboolean  fallback)
{
  return read_boolean_entry (loader, respite_policy_file_keys[key].group,
                             respite_policy_file_keys[key].name, &loader->entries[key], fallback);
}

/* A free-text value, unescaped as GKeyFile does (\s, \n, \t, \\), or NULL
 * if not set or empty. */
static char *
read_text_entry (Loader      *loader,
                 const char  *group,
                 const char  *name,
                 const Entry *entry)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gsize n_trailing = 0;

  if (entry->line == 0)
    return NULL;

  for (gsize i = strlen (entry->value); i > 0 && entry->value[i - 1] == '\\'; i--)
    n_trailing++;

  keyfile = g_key_file_new ();
  g_key_file_set_value (keyfile, group, name, entry->value);
  /* A lone backslash at the end is refused before GKeyFile sees it: after
   * another bad escape, GLib 2.74 sets its error twice, and warns. */
  if (n_trailing % 2 == 0)
    text = g_key_file_get_string (keyfile, group, name, &local_error);
  /* GKeyFile may return a value as well as an error; its message names
   * neither the line nor the fault, so say it here. */
  if (n_trailing % 2 == 1 || local_error != NULL)
    {
      respite_policy_file_add_problem (loader, entry->line, group, name,
                                       _("“%s” has a backslash that is not one of \\s, \\n, "
                                         "\\t, \\r or \\\\; it is ignored"),
                                       entry->value);
      return NULL;
    }

  g_strstrip (text);
  if (*text == '\0')
    return NULL;

  return g_steal_pointer (&text);
}

static char *
read_text (Loader *loader,
           Key     key)
{
  return read_text_entry (loader, respite_policy_file_keys[key].group,
                          respite_policy_file_keys[key].name, &loader->entries[key]);
}

/* The group above the team: text as the team is, and what a team store
 * keeps (1 to 100 characters), so that no row is refused for it later. */
static char *
read_group (Loader *loader)
{
  const Entry *entry = &loader->entries[KEY_GROUP];
  g_autofree char *group = read_text (loader, KEY_GROUP);

  if (group == NULL)
    return NULL;

  if (*group == '\0' || g_utf8_strlen (group, -1) > 100)
    {
      respite_policy_file_add_problem (loader, entry->line, "TeamStore", "group",
                                       _("A group name has 1 to 100 characters; no group is "
                                         "used"));
      return NULL;
    }

  return g_steal_pointer (&group);
}

/* Contact details are opened with gtk_show_uri(): check them here, where
 * the problem can name the line, rather than fail when a reviewer in need
 * presses the button. Each returns the value, or NULL with a problem. */
static char *
check_phone (Loader      *loader,
             const char  *group,
             const char  *name,
             const Entry *entry,
             char        *phone)
{
  guint digits = 0;

  if (phone == NULL)
    return NULL;

  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr ("+ -.()/", *p) == NULL || (*p == '+' && p != phone))
        digits = G_MAXUINT;
      if (digits == G_MAXUINT)
        break;
    }

  if (digits >= 2 && digits != G_MAXUINT)
    return phone;

  respite_policy_file_add_problem (loader, entry->line, group, name,
                                   _("“%s” is not a phone number (digits, with spaces, "
                                     "dashes, dots, brackets and a leading + allowed); "
                                     "it is not shown"),
                                   phone);
  g_free (phone);
  return NULL;
}

static char *
check_email (Loader      *loader,
             const char  *group,
             const char  *name,
             const Entry *entry,
             char        *email)
{
  const char *at;

  if (email == NULL)
    return NULL;

  at = strchr (email, '@');
  if (at != NULL && at != email && at[1] != '\0' && strchr (at + 1, '@') == NULL &&
      strpbrk (email, " \t<>\"") == NULL)
    return email;

  respite_policy_file_add_problem (loader, entry->line, group, name,
                                   _("“%s” is not an e-mail address; it is not shown"), email);
  g_free (email);
  return NULL;
}

static char *
check_web (Loader      *loader,
           const char  *group,
           const char  *name,
           const Entry *entry,
           char        *web)
{
  g_autofree char *scheme = NULL;
  g_autoptr(GUri) uri = NULL;

  if (web == NULL)
    return NULL;

  uri = g_uri_parse (web, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL)
    scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  if (uri != NULL && (g_str_equal (scheme, "https") || g_str_equal (scheme, "http")) &&
      g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0')
    return web;

  respite_policy_file_add_problem (loader, entry->line, group, name,
                                   _("“%s” is not a web address starting with https:// or "
                                     "http://; it is not shown"),
                                   web);
  g_free (web);
  return NULL;
}

/* @text with every %XX decoded, and whatever is not one left as it is. */
static char *
percent_decode (const char *text)
{
  GString *decoded = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '%' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          g_string_append_c (decoded, g_ascii_xdigit_value (p[1]) * 16 + g_ascii_xdigit_value (p[2]));
          p += 2;
        }
      else
        g_string_append_c (decoded, *p);
    }

  return g_string_free (decoded, FALSE);
}

/* Whether @conninfo holds a password in any of libpq's forms: the
 * password keyword, or a URI's user:password@ or ?password=, its name
 * percent-encoded or not. Read here as libpq reads it (fe-connect.c,
 * conninfo_uri_parse_options ()), erring on the side of refusing, rather
 * than with PQconninfoParse (): the app does not load libpq unless the
 * team store is PostgreSQL (src/team/pg/), and this is checked whatever the type. */
static gboolean
conninfo_has_password (const char *conninfo)
{
  g_autofree char *decoded = NULL;
  const char *authority = NULL;
  const char *at;
  const char *colon;

  if (strstr (conninfo, "password") != NULL)
    return TRUE;

  if (g_str_has_prefix (conninfo, "postgresql://"))
    authority = conninfo + strlen ("postgresql://");
  else if (g_str_has_prefix (conninfo, "postgres://"))
    authority = conninfo + strlen ("postgres://");
  else
    return FALSE;  /* keyword=value: a keyword is never encoded */

  /* A URI decodes its parameters' names and values. */
  decoded = percent_decode (conninfo);
  if (strstr (decoded, "password") != NULL)
    return TRUE;

  /* user:password@, before the first '/' (libpq does not stop at '?'). */
  at = authority + strcspn (authority, "@/");
  if (*at != '@')
    return FALSE;
  colon = memchr (authority, ':', at - authority);

  return colon != NULL && colon + 1 < at;
}

/* Where the daily summaries go. The type decides which of path and
 * conninfo applies. A password never belongs in this file (it goes in the
 * keyring): a connection string with one is refused, and then nothing is
 * published rather than published somewhere else. */
static void
read_team_store (RespitePolicy *self,
                 Loader        *loader)
{
  g_autofree char *type = read_text (loader, KEY_TEAM_STORE_TYPE);
  g_autofree char *path = read_text (loader, KEY_TEAM_STORE_PATH);
  g_autofree char *conninfo = read_text (loader, KEY_TEAM_STORE_CONNINFO);
  g_autofree char *budget = read_text (loader, KEY_EPSILON_BUDGET);
  gboolean usable = TRUE;

  if (type != NULL && !g_str_equal (type, "sqlite") && !g_str_equal (type, "postgresql"))
    {
      respite_policy_file_add_problem (loader, loader->entries[KEY_TEAM_STORE_TYPE].line,
                                       "TeamStore", "type",
                                       _("“%s” is neither sqlite nor postgresql; the team "
                                         "store is not used"),
                                       type);
      usable = FALSE;
    }
  else if (type != NULL)
    {
      g_free (self->team_store_type);
      self->team_store_type = g_steal_pointer (&type);
    }

  if (conninfo != NULL && conninfo_has_password (conninfo))
    {
      /* Not quoted: it may hold the password. */
      respite_policy_file_add_problem (loader, loader->entries[KEY_TEAM_STORE_CONNINFO].line,
                                       "TeamStore", "conninfo",
                                       _("a password does not belong in this file, which "
                                         "others may read; keep it in the keyring instead. "
                                         "The team store is not used"));
      g_clear_pointer (&conninfo, g_free);
      usable = FALSE;
    }

  if (g_str_equal (self->team_store_type, "postgresql"))
    {
      if (conninfo == NULL && usable)
        {
          respite_policy_file_add_problem (loader, loader->entries[KEY_TEAM_STORE_TYPE].line,
                                           "TeamStore", "type",
                                           _("postgresql needs a conninfo; the team store is "
                                             "not used"));
          usable = FALSE;
        }
      self->team_store_location = g_steal_pointer (&conninfo);
    }
  else
    {
      self->team_store_location = g_steal_pointer (&path);
    }

  self->team = usable ? read_text (loader, KEY_TEAM) : NULL;
  self->group = usable ? read_group (loader) : NULL;
  self->allow_opt_out = read_boolean (loader, KEY_ALLOW_OPT_OUT, TRUE);

  if (budget != NULL)
    {
      char *end = NULL;
      double value = g_ascii_strtod (budget, &end);

      if (end == budget || *end != '\0' || !(value >= 0 && value <= MAX_EPSILON_BUDGET))
        respite_policy_file_add_problem (loader, loader->entries[KEY_EPSILON_BUDGET].line,
                                         "Privacy", "epsilon-budget",
                                         _("“%s” is not a number from 0 to 1000; using the "
                                           "default, %g"),
                                         budget, DEFAULT_EPSILON_BUDGET);
      else
        self->epsilon_budget = value;
    }
}

/* Reads one service's contact details from @entries, which are indexed by
 * ServiceKey. The problems name @group. */
static RespiteSupportService *
read_service (Loader      *loader,
              const char  *group,
              const Entry *entries)
{
  g_autoptr(RespiteSupportService) service = g_new0 (RespiteSupportService, 1);

#define TEXT(k) read_text_entry (loader, group, respite_policy_file_service_keys[k], &entries[k])
#define CHECKED(k, check) \
  check (loader, group, respite_policy_file_service_keys[k], &entries[k], TEXT (k))
  service->name = TEXT (SERVICE_NAME);
  service->description = TEXT (SERVICE_DESCRIPTION);
  service->phone = CHECKED (SERVICE_PHONE, check_phone);
  service->email = CHECKED (SERVICE_EMAIL, check_email);
  service->web = CHECKED (SERVICE_WEB, check_web);
  service->hours = TEXT (SERVICE_HOURS);
  service->languages = TEXT (SERVICE_LANGUAGES);
#undef CHECKED
#undef TEXT
  service->crisis = read_boolean_entry (loader, group,
                                        respite_policy_file_service_keys[SERVICE_CRISIS],
                                        &entries[SERVICE_CRISIS], FALSE);

  return g_steal_pointer (&service);
}

/* The services and the crisis line. A service without a name, or without
 * any way to reach it, cannot be offered to anyone: it is left out, and
 * the problem says why. */
static RespiteSupport *
read_support (Loader *loader)
{
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(RespiteSupportService) crisis = NULL;
  guint crisis_line = 0;
  Entry crisis_entries[N_SERVICE_KEYS] = { 0 };
  static const Key crisis_keys[N_SERVICE_KEYS] = {
    [SERVICE_NAME] = KEY_CRISIS_NAME,
    [SERVICE_DESCRIPTION] = KEY_CRISIS_DESCRIPTION,
    [SERVICE_PHONE] = KEY_CRISIS_PHONE,
    [SERVICE_EMAIL] = KEY_CRISIS_EMAIL,
    [SERVICE_WEB] = KEY_CRISIS_WEB,
    [SERVICE_HOURS] = KEY_CRISIS_HOURS,
    [SERVICE_LANGUAGES] = KEY_CRISIS_LANGUAGES,
    [SERVICE_CRISIS] = N_KEYS,  /* always a crisis line */
  };

  services = g_ptr_array_new_with_free_func ((GDestroyNotify) respite_support_service_free);

  for (guint i = 0; i < loader->services->len; i++)
    {
      ServiceGroup *group = &g_array_index (loader->services, ServiceGroup, i);
      g_autoptr(RespiteSupportService) service = read_service (loader, group->group,
                                                               group->entries);

      if (service->name == NULL)
        respite_policy_file_add_problem (loader, group->line, group->group, NULL,
                                         _("the service has no name; it is not shown"));
      else if (service->phone == NULL && service->email == NULL && service->web == NULL)
        respite_policy_file_add_problem (loader, group->line, group->group, NULL,
                                         _("the service has no phone, email or web address "
                                           "that works; it is not shown"));
      else
        g_ptr_array_add (services, g_steal_pointer (&service));
    }

  for (guint k = 0; k < N_SERVICE_KEYS; k++)
    {
      if (crisis_keys[k] == N_KEYS)
        continue;
      crisis_entries[k] = loader->entries[crisis_keys[k]];
      if (crisis_entries[k].line > 0 && (crisis_line == 0 || crisis_entries[k].line < crisis_line))
        crisis_line = crisis_entries[k].line;
    }

  if (crisis_line > 0)
    {
      crisis = read_service (loader, "Crisis", crisis_entries);
      if (crisis->name == NULL || (crisis->phone == NULL && crisis->web == NULL &&
                                   crisis->email == NULL))
        {
          respite_policy_file_add_problem (loader, crisis_line, "Crisis", NULL,
                                           _("the crisis line needs a name and a phone, email "
                                             "or web address that works; the built-in one is "
                                             "shown"));
          g_clear_pointer (&crisis, respite_support_service_free);
        }
    }

  return respite_support_new (services, g_steal_pointer (&crisis));
}

/* The courses of the [Training …] groups. One without a name cannot be
 * shown; a link that is not a web address, or a renewal that is not a
 * number of months, is left out with a problem and the course kept. */
static void
read_training (RespitePolicy *self,
               Loader        *loader)
{
  for (guint i = 0; i < loader->training->len; i++)
    {
      TrainingGroup *group = &g_array_index (loader->training, TrainingGroup, i);
      const Entry *renewal = &group->entries[TRAINING_RENEWAL];
      g_autoptr(RespiteTrainingCourse) course = g_new0 (RespiteTrainingCourse, 1);

      course->name = read_text_entry (loader, group->group,
                                      respite_policy_file_training_keys[TRAINING_NAME],
                                      &group->entries[TRAINING_NAME]);
      course->link = check_web (loader, group->group,
                                respite_policy_file_training_keys[TRAINING_LINK],
                                &group->entries[TRAINING_LINK],
                                read_text_entry (loader, group->group,
                                                 respite_policy_file_training_keys[TRAINING_LINK],
                                                 &group->entries[TRAINING_LINK]));

      if (renewal->line > 0)
        {
          g_autofree char *text = g_strstrip (g_strdup (renewal->value));
          guint64 months;

          if (g_ascii_string_to_unsigned (text, 10, 0, MAX_TRAINING_RENEWAL_MONTHS, &months, NULL))
            course->renewal_months = months;
          else
            respite_policy_file_add_problem (loader, renewal->line, group->group,
                                             respite_policy_file_training_keys[TRAINING_RENEWAL],
                                             _("“%s” is not a number of months from 0 (never "
                                               "renewed) to %d; the course is not renewed"),
                                             text, MAX_TRAINING_RENEWAL_MONTHS);
        }

      if (course->name == NULL)
        respite_policy_file_add_problem (loader, group->line, group->group, NULL,
                                         _("the course has no name; it is not shown"));
      else
        g_ptr_array_add (self->training, g_steal_pointer (&course));
    }
}

void
respite_policy_file_apply (RespitePolicy *self,
                           Loader        *loader)
{
  gint64 interval;

  self->organisation = read_text (loader, KEY_NAME);
  self->version = read_text (loader, KEY_VERSION);

  interval = read_ranged (loader, KEY_INTERVAL);
  self->break_interval = interval * 60;
  /* The reminder must come before the break; unless set, it comes as long
   * before it as the default's does. */
  self->break_reminder = read_number (loader, KEY_REMINDER, 0, interval - 1,
                                      default_reminder_minutes (interval)) * 60;
  self->break_duration = read_ranged (loader, KEY_DURATION) * 60;
  self->snooze = read_ranged (loader, KEY_SNOOZE) * 60;
  self->strict_breaks = read_boolean (loader, KEY_STRICT, FALSE);

  self->daily_cap = read_ranged (loader, KEY_DAILY_CAP) * 60;
  self->cap_warning_percent = read_ranged (loader, KEY_WARNING);

  self->decompression = read_ranged (loader, KEY_DECOMPRESSION) * 60;

  for (guint i = 0; i < G_N_ELEMENTS (idle_keys); i++)
    self->idle_threshold[idle_keys[i].kind] = read_ranged (loader, idle_keys[i].key);

  self->anonymity_threshold = read_ranged (loader, KEY_ANONYMITY);

  self->pulse_intensity = read_ranged (loader, KEY_PULSE_INTENSITY);
  self->who5_interval = read_ranged (loader, KEY_WHO5_DAYS) * SECONDS_PER_DAY;
  self->phq4_interval = read_ranged (loader, KEY_PHQ4_DAYS) * SECONDS_PER_DAY;
  self->counselling_interval = read_ranged (loader, KEY_COUNSELLING_DAYS) * SECONDS_PER_DAY;
  self->retention = read_ranged (loader, KEY_RETENTION) * SECONDS_PER_DAY;

  g_clear_object (&self->support);
  self->support = read_support (loader);

  read_team_store (self, loader);

  respite_policy_file_apply_limits (self, loader);
  respite_policy_file_apply_review (self, loader);
  /* Care (issue #19) */
  read_training (self, loader);
  self->aid_reminders = read_boolean (loader, KEY_AID_REMINDERS, DEFAULT_AID_REMINDERS);
}

/* For the readers of other groups, in their own files. */
char *
respite_policy_file_read_text (Loader      *loader,
                               const char  *group,
                               const char  *name,
                               const Entry *entry)
{
  return read_text_entry (loader, group, name, entry);
}

gboolean
respite_policy_file_read_boolean (Loader      *loader,
                                  const char  *group,
                                  const char  *name,
                                  const Entry *entry,
                                  gboolean     fallback)
{
  return read_boolean_entry (loader, group, name, entry, fallback);
}
