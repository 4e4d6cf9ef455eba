/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader of the organisation's policy file, for RespitePolicy.
 *
 * The policy file is written by hand by an administrator, so reading it must
 * never stop the app: every key that cannot be used keeps its default, and
 * the reason becomes a problem naming the file, the line and the key, for
 * the Preferences page and for whoever deploys the file.
 *
 * The file is read by our own line scanner, not by g_key_file_load_*():
 * GKeyFile refuses a whole file for one bad line and knows no line numbers.
 * The scanner accepts GKeyFile's syntax (blank lines, # comments, [Group],
 * key=value, CR LF line ends), and GKeyFile still unescapes string values.
 *
 * This file reads the file, scans it and keeps the problems; the table of
 * keys and the checks of each value are in respite-policy-file-keys.c.
 */

#define G_LOG_DOMAIN "respite-policy"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "respite-policy.h"
#include "respite-policy-file-private.h"

/* A policy is a few hundred bytes; anything much bigger is not one, and
 * reading it all could take the app down with it. */
#define MAX_POLICY_BYTES (256 * 1024)

/* A quoted line in a problem is cut to this many characters. */
#define MAX_QUOTED_CHARS 60

/* Reading the file */

typedef struct
{
  guint  line;
  guint  order;    /* keeps problems on one line in the order found */
  char  *message;  /* (owned) */
} Problem;


static void
clear_service_group (gpointer data)
{
  ServiceGroup *service = data;

  g_free (service->group);
  for (guint i = 0; i < N_SERVICE_KEYS; i++)
    g_free (service->entries[i].value);
}

static void
clear_review_tool_group (gpointer data)
{
  ReviewToolGroup *tool = data;

  g_free (tool->group);
  for (guint i = 0; i < N_REVIEW_TOOL_KEYS; i++)
    g_free (tool->entries[i].value);
}

static void
clear_training_group (gpointer data)
{
  TrainingGroup *training = data;

  g_free (training->group);
  for (guint i = 0; i < N_TRAINING_KEYS; i++)
    g_free (training->entries[i].value);
}

static void
clear_problem (gpointer data)
{
  Problem *problem = data;

  g_free (problem->message);
}

static void
loader_init (Loader     *loader,
             const char *path)
{
  memset (loader, 0, sizeof *loader);
  loader->display_path = g_filename_display_name (path);
  loader->problems = g_array_new (FALSE, FALSE, sizeof (Problem));
  g_array_set_clear_func (loader->problems, clear_problem);
  loader->services = g_array_new (FALSE, TRUE, sizeof (ServiceGroup));
  g_array_set_clear_func (loader->services, clear_service_group);
  loader->review_tools = g_array_new (FALSE, TRUE, sizeof (ReviewToolGroup));
  g_array_set_clear_func (loader->review_tools, clear_review_tool_group);
  loader->training = g_array_new (FALSE, TRUE, sizeof (TrainingGroup));
  g_array_set_clear_func (loader->training, clear_training_group);
}

static void
loader_clear (Loader *loader)
{
  for (guint i = 0; i < N_KEYS; i++)
    g_clear_pointer (&loader->entries[i].value, g_free);
  g_clear_pointer (&loader->problems, g_array_unref);
  g_clear_pointer (&loader->services, g_array_unref);
  g_clear_pointer (&loader->review_tools, g_array_unref);
  g_clear_pointer (&loader->training, g_array_unref);
  g_clear_pointer (&loader->display_path, g_free);
}

/* Adds "PATH:LINE: [GROUP] KEY: REASON". The location is not translated,
 * as in a compiler's messages; line, group and key are each left out when
 * there is none. */
void
respite_policy_file_add_problem (Loader     *loader,
                                 guint       line,
                                 const char *group,
                                 const char *key,
                                 const char *format,
                                 ...)
{
  GString *message = g_string_new (loader->display_path);
  g_autofree char *reason = NULL;
  Problem problem;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    g_string_append_printf (message, ":%u", line);
  g_string_append (message, ": ");
  if (group != NULL && key != NULL)
    g_string_append_printf (message, "[%s] %s: ", group, key);
  else if (group != NULL)
    g_string_append_printf (message, "[%s]: ", group);
  g_string_append (message, reason);

  g_debug ("%s", message->str);

  problem.line = line;
  problem.order = loader->problems->len;
  problem.message = g_string_free (message, FALSE);
  g_array_append_val (loader->problems, problem);
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const Problem *pa = a, *pb = b;

  if (pa->line != pb->line)
    return pa->line < pb->line ? -1 : 1;
  return pa->order < pb->order ? -1 : (pa->order > pb->order);
}

/* The problems, sorted by line, as the caller's array of strings. */
static GPtrArray *
loader_steal_problems (Loader *loader)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);

  g_array_sort (loader->problems, compare_problems);
  for (guint i = 0; i < loader->problems->len; i++)
    {
      Problem *problem = &g_array_index (loader->problems, Problem, i);

      g_ptr_array_add (problems, g_steal_pointer (&problem->message));
    }

  return problems;
}

/* A line, quoted in a problem, cut short if long. */
static char *
quote_line (const char *line)
{
  g_autofree char *start = NULL;

  if (g_utf8_strlen (line, -1) <= MAX_QUOTED_CHARS)
    return g_strdup (line);

  start = g_utf8_substring (line, 0, MAX_QUOTED_CHARS - 1);
  return g_strconcat (start, "…", NULL);
}

static int
find_key (const char *group,
          const char *name)
{
  for (int i = 0; i < N_KEYS; i++)
    {
      if (g_str_equal (respite_policy_file_keys[i].group, group) &&
          g_str_equal (respite_policy_file_keys[i].name, name))
        return i;
    }

  return -1;
}

static const char *
find_group (const char *name)
{
  for (int i = 0; i < N_KEYS; i++)
    {
      if (g_str_equal (respite_policy_file_keys[i].group, name))
        return respite_policy_file_keys[i].group;
    }

  return NULL;
}

/* What an administrator probably meant by an unknown key: the same key with
 * other capitals, or a known key put in the wrong group. */
static char *
suggest_key (const char *group,
             const char *name)
{
  for (int i = 0; i < N_KEYS; i++)
    {
      if (g_str_equal (respite_policy_file_keys[i].group, group) &&
          g_ascii_strcasecmp (respite_policy_file_keys[i].name, name) == 0)
        return g_strdup (respite_policy_file_keys[i].name);
    }

  for (int i = 0; i < N_KEYS; i++)
    {
      if (g_ascii_strcasecmp (respite_policy_file_keys[i].name, name) == 0)
        return g_strdup_printf ("[%s] %s", respite_policy_file_keys[i].group,
                                respite_policy_file_keys[i].name);
    }

  return NULL;
}

static const char *
suggest_group (const char *name)
{
  for (int i = 0; i < N_KEYS; i++)
    {
      if (g_ascii_strcasecmp (respite_policy_file_keys[i].group, name) == 0)
        return respite_policy_file_keys[i].group;
    }

  return NULL;
}

/* The same test as GKeyFile's for a group name. */
static gboolean
is_group_name (const char *name)
{
  if (*name == '\0')
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '[' || *p == ']' || g_ascii_iscntrl (*p))
        return FALSE;
    }

  return TRUE;
}

typedef enum
{
  IN_NO_GROUP,       /* before the first [Group] */
  IN_KNOWN_GROUP,
  IN_SERVICE_GROUP,  /* the last of loader->services */
  IN_REVIEW_TOOL_GROUP,  /* the last of loader->review_tools */
  IN_TRAINING_GROUP, /* the last of loader->training */
  IN_IGNORED_GROUP,  /* unknown or unreadable: its keys are ignored, reported once */
} GroupState;

/* Gives @entry the @value found on @line_number. As in GKeyFile, the last
 * one wins; the first is likely a slip. */
static void
set_entry (Loader     *loader,
           Entry      *entry,
           const char *group,
           const char *name,
           const char *value,
           guint       line_number)
{
  if (entry->line > 0)
    respite_policy_file_add_problem (loader, entry->line, group, name,
                                     _("set again on line %u; the value there is used"),
                                     line_number);

  g_free (entry->value);
  entry->value = g_strdup (value);
  entry->line = line_number;
}

/* One key=value line of the scan; @equals points into @line. */
static void
scan_key (Loader     *loader,
          guint       line_number,
          GroupState  state,
          const char *group,
          const char *line,
          const char *equals,
          const char *quoted)
{
  g_autofree char *name = g_strndup (line, equals - line);
  const char *value = equals + 1;
  int key;

  g_strchomp (name);
  while (g_ascii_isspace (*value))
    value++;

  if (state == IN_NO_GROUP)
    {
      respite_policy_file_add_problem (loader, line_number, NULL, NULL,
                                       _("“%s” comes before any [group]; it is ignored"),
                                       quoted);
      return;
    }
  if (state == IN_IGNORED_GROUP)
    return;

  if (state == IN_SERVICE_GROUP)
    {
      ServiceGroup *service = &g_array_index (loader->services, ServiceGroup,
                                              loader->services->len - 1);

      for (key = 0; key < N_SERVICE_KEYS; key++)
        {
          if (g_str_equal (respite_policy_file_service_keys[key], name))
            break;
        }

      if (key == N_SERVICE_KEYS)
        {
          respite_policy_file_add_problem (loader, line_number, group, name,
                                           _("unknown key; it is ignored"));
          return;
        }

      set_entry (loader, &service->entries[key], group, name, value, line_number);
      return;
    }

  if (state == IN_REVIEW_TOOL_GROUP)
    {
      ReviewToolGroup *tool = &g_array_index (loader->review_tools, ReviewToolGroup,
                                              loader->review_tools->len - 1);

      for (key = 0; key < N_REVIEW_TOOL_KEYS; key++)
        {
          if (g_str_equal (respite_policy_file_review_tool_keys[key], name))
            break;
        }

      if (key == N_REVIEW_TOOL_KEYS)
        {
          respite_policy_file_add_problem (loader, line_number, group, name,
                                           _("unknown key; it is ignored"));
          return;
        }

      set_entry (loader, &tool->entries[key], group, name, value, line_number);
      return;
    }

  if (state == IN_TRAINING_GROUP)
    {
      TrainingGroup *training = &g_array_index (loader->training, TrainingGroup,
                                                loader->training->len - 1);

      for (key = 0; key < N_TRAINING_KEYS; key++)
        {
          if (g_str_equal (respite_policy_file_training_keys[key], name))
            break;
        }

      if (key == N_TRAINING_KEYS)
        {
          respite_policy_file_add_problem (loader, line_number, group, name,
                                           _("unknown key; it is ignored"));
          return;
        }

      set_entry (loader, &training->entries[key], group, name, value, line_number);
      return;
    }

  key = find_key (group, name);
  if (key < 0)
    {
      g_autofree char *suggestion = suggest_key (group, name);

      if (suggestion != NULL)
        respite_policy_file_add_problem (loader, line_number, group, name,
                                         _("unknown key (did you mean %s?); it is ignored"),
                                         suggestion);
      else
        respite_policy_file_add_problem (loader, line_number, group, name,
                                         _("unknown key; it is ignored"));
      return;
    }

  set_entry (loader, &loader->entries[key], group, name, value, line_number);
}

/* Splits the file into the values of the keys we know, with their lines,
 * and reports every line it cannot use. */
static void
scan (Loader     *loader,
      const char *contents,
      gsize       length)
{
  const char *p = contents;
  const char *end = contents + length;
  GroupState state = IN_NO_GROUP;
  const char *group = NULL;
  guint line_number = 0;

  /* Editors on Windows may start the file with a byte-order mark. */
  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *next = eol != NULL ? eol + 1 : end;
      gsize line_length = (eol != NULL ? eol : end) - p;
      g_autofree char *line = NULL;
      g_autofree char *quoted = NULL;
      const char *s;
      const char *equals;

      line_number++;
      if (line_length > 0 && p[line_length - 1] == '\r')
        line_length--;

      /* Also catches a NUL, which would hide the rest of the line. */
      if (!g_utf8_validate_len (p, line_length, NULL))
        {
          respite_policy_file_add_problem (loader, line_number, NULL, NULL,
                                           _("the line is not valid UTF-8 text; it is ignored"));
          p = next;
          continue;
        }

      line = g_strndup (p, line_length);
      p = next;

      for (s = line; g_ascii_isspace (*s); s++)
        ;

      if (*s == '\0' || *s == '#')
        continue;

      quoted = quote_line (s);

      if (*s == '[')
        {
          const char *close = strchr (s, ']');
          g_autofree char *name = NULL;
          const char *rest;

          if (close != NULL)
            name = g_strndup (s + 1, close - (s + 1));

          if (name == NULL || !is_group_name (name))
            {
              /* Its keys would otherwise land in the previous group. */
              respite_policy_file_add_problem (loader, line_number, NULL, NULL,
                                               _("“%s” is not a valid [group] line; the keys "
                                                 "under it are ignored"),
                                               quoted);
              state = IN_IGNORED_GROUP;
              continue;
            }

          group = find_group (name);
          if (group == NULL && g_str_has_prefix (name, SERVICE_GROUP_PREFIX) &&
              name[strlen (SERVICE_GROUP_PREFIX)] != '\0')
            {
              ServiceGroup service = { 0 };

              service.group = g_strdup (name);
              service.line = line_number;
              g_array_append_val (loader->services, service);
              group = service.group;
              state = IN_SERVICE_GROUP;
            }
          else if (group == NULL && g_str_has_prefix (name, REVIEW_TOOL_GROUP_PREFIX) &&
                   name[strlen (REVIEW_TOOL_GROUP_PREFIX)] != '\0')
            {
              ReviewToolGroup tool = { 0 };

              tool.group = g_strdup (name);
              tool.line = line_number;
              g_array_append_val (loader->review_tools, tool);
              group = tool.group;
              state = IN_REVIEW_TOOL_GROUP;
            }
          else if (group == NULL && (g_str_equal (name, TRAINING_GROUP) ||
                                     (g_str_has_prefix (name, TRAINING_GROUP " ") &&
                                      name[strlen (TRAINING_GROUP " ")] != '\0')))
            {
              TrainingGroup training = { 0 };

              training.group = g_strdup (name);
              training.line = line_number;
              g_array_append_val (loader->training, training);
              group = training.group;
              state = IN_TRAINING_GROUP;
            }
          else if (group == NULL)
            {
              const char *suggestion = suggest_group (name);

              if (suggestion != NULL)
                respite_policy_file_add_problem (loader, line_number, name, NULL,
                                                 _("unknown group (did you mean [%s]?); its "
                                                   "keys are ignored"),
                                                 suggestion);
              else
                respite_policy_file_add_problem (loader, line_number, name, NULL,
                                                 _("unknown group; its keys are ignored"));
              state = IN_IGNORED_GROUP;
              continue;
            }
          else
            {
              state = IN_KNOWN_GROUP;
            }

          /* GKeyFile would refuse the line; the group name is clear, so use
           * it and say what was dropped. */
          for (rest = close + 1; *rest == ' ' || *rest == '\t'; rest++)
            ;
          if (*rest != '\0')
            respite_policy_file_add_problem (loader, line_number, group, NULL,
                                             _("the text after “]” is ignored (a comment "
                                               "must be on a line of its own)"));
          continue;
        }

      equals = strchr (s, '=');
      if (equals == NULL || equals == s)
        {
          respite_policy_file_add_problem (loader, line_number, NULL, NULL,
                                           _("“%s” is not a [group], a key=value line or a # "
                                             "comment; it is ignored"),
                                           quoted);
          continue;
        }

      scan_key (loader, line_number, state, group, s, equals, quoted);
    }
}

typedef enum
{
  READ_OK,
  READ_MISSING,
  READ_FAILED,
} ReadResult;

/* Reads the whole file, or says why not. Only a file that does not exist is
 * no problem: anything else there that cannot be read is a policy the
 * organisation meant to apply and the app could not. */
static ReadResult
read_file (const char  *path,
           GString    **contents,
           char       **reason)
{
  g_autoptr(GString) buffer = NULL;
  struct stat st;
  int fd;

  /* Non-blocking, so a FIFO put there cannot hang the app. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        return READ_MISSING;
      *reason = g_strdup (g_strerror (saved_errno));
      return READ_FAILED;
    }

  if (fstat (fd, &st) != 0)
    *reason = g_strdup (g_strerror (errno));
  else if (S_ISDIR (st.st_mode))
    *reason = g_strdup (_("it is a folder"));
  else if (!S_ISREG (st.st_mode))
    *reason = g_strdup (_("it is not a regular file"));

  buffer = g_string_new (NULL);
  while (*reason == NULL)
    {
      char chunk[4096];
      gssize n = read (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        *reason = g_strdup (g_strerror (errno));
      else if (n == 0)
        break;
      else if (buffer->len + n > MAX_POLICY_BYTES)
        *reason = g_strdup_printf (_("it is larger than %d KiB"), MAX_POLICY_BYTES / 1024);
      else
        g_string_append_len (buffer, chunk, n);
    }

  g_close (fd, NULL);

  if (*reason != NULL)
    return READ_FAILED;

  *contents = g_steal_pointer (&buffer);
  return READ_OK;
}

void
respite_policy_file_load (RespitePolicy  *self,
                          const char     *path,
                          GPtrArray     **problems)
{
  g_autoptr(GString) contents = NULL;
  g_autofree char *reason = NULL;
  Loader loader;

  g_assert (RESPITE_IS_POLICY (self));
  g_assert (path != NULL);

  loader_init (&loader, path);

  switch (read_file (path, &contents, &reason))
    {
    case READ_OK:
      scan (&loader, contents->str, contents->len);
      respite_policy_file_apply (self, &loader);
      self->source = g_strdup (path);
      break;

    case READ_MISSING:
      g_debug ("No organisation policy at %s: using the defaults", path);
      break;

    case READ_FAILED:
      respite_policy_file_add_problem (&loader, 0, NULL, NULL,
                                       _("cannot be read (%s); every rule uses its default"),
                                       reason);
      break;

    default:
      g_assert_not_reached ();
    }

  if (problems != NULL)
    *problems = loader_steal_problems (&loader);
  loader_clear (&loader);
}
