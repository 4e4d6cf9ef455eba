/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the two halves of the policy-file reader share:
 * respite-policy-file.c scans the file, line by line, into the entries of
 * the keys it knows and keeps the list of problems; respite-policy-file-keys.c
 * holds the table of those keys and checks each entry into the policy.
 */
#pragma once

#include "respite-policy-private.h"

G_BEGIN_DECLS

typedef enum
{
  KEY_NAME,
  KEY_VERSION,
  KEY_INTERVAL,
  KEY_REMINDER,
  KEY_DURATION,
  KEY_SNOOZE,
  KEY_STRICT,
  KEY_DAILY_CAP,
  KEY_WARNING,
  KEY_DECOMPRESSION,
  KEY_IDLE_IMAGE,
  KEY_IDLE_TEXT,
  KEY_IDLE_AUDIO,
  KEY_IDLE_VIDEO,
  KEY_IDLE_LIVE,
  KEY_ANONYMITY,
  KEY_PULSE_INTENSITY,
  KEY_WHO5_DAYS,
  KEY_PHQ4_DAYS,
  KEY_COUNSELLING_DAYS,
  KEY_CRISIS_NAME,
  KEY_CRISIS_DESCRIPTION,
  KEY_CRISIS_PHONE,
  KEY_CRISIS_EMAIL,
  KEY_CRISIS_WEB,
  KEY_CRISIS_HOURS,
  KEY_CRISIS_LANGUAGES,
  KEY_RETENTION,
  KEY_TEAM_STORE_TYPE,
  KEY_TEAM_STORE_PATH,
  KEY_TEAM_STORE_CONNINFO,
  KEY_TEAM,
  KEY_GROUP,
  KEY_ALLOW_OPT_OUT,
  KEY_EPSILON_BUDGET,
  /* [ReviewTools] */
  KEY_REVIEW_MODE,
  KEY_REVIEW_REQUIRED,
  /* The limits besides the daily cap (issue #19). */
  KEY_WEIGHT_LOW,
  KEY_WEIGHT_MEDIUM,
  KEY_WEIGHT_HIGH,
  KEY_VIDEO_MINUTES,
  KEY_LIVE_MINUTES,
  KEY_WEEKLY_MINUTES,
  KEY_CONSECUTIVE_DAYS,
  /* The secondary traumatic stress check-in (issue #19). */
  KEY_STS_DAYS,
  /* Care (issue #19) */
  KEY_AID_REMINDERS,
  N_KEYS
} Key;

/* The keys of each [Service …] group: the organisation may list any number
 * of services, one group each. */
typedef enum
{
  SERVICE_NAME,
  SERVICE_DESCRIPTION,
  SERVICE_PHONE,
  SERVICE_EMAIL,
  SERVICE_WEB,
  SERVICE_HOURS,
  SERVICE_LANGUAGES,
  SERVICE_CRISIS,
  N_SERVICE_KEYS
} ServiceKey;

#define SERVICE_GROUP_PREFIX "Service "

/* The keys of each [Review tool …] group. */
typedef enum
{
  REVIEW_TOOL_WM_CLASS,
  REVIEW_TOOL_APP_ID,
  REVIEW_TOOL_ORIGIN,
  REVIEW_TOOL_KIND,
  N_REVIEW_TOOL_KEYS
} ReviewToolKey;

#define REVIEW_TOOL_GROUP_PREFIX "Review tool "

/* The keys of each [Training] or [Training …] group: any number of
 * courses, one group each (issue #19). */
typedef enum
{
  TRAINING_NAME,
  TRAINING_LINK,
  TRAINING_RENEWAL,
  N_TRAINING_KEYS
} TrainingKey;

#define TRAINING_GROUP "Training"

/* How a whole-number key's range reads in a problem. */
typedef enum
{
  RANGE_PLAIN,       /* min to max */
  RANGE_OFF_OR,      /* 0, or min to max */
  RANGE_FLOOR,       /* min to max, and min is a floor that protects people */
  RANGE_BELOW_BREAK, /* min to max, where max is one less than the interval */
} RangeKind;

typedef struct
{
  const char *group;
  const char *name;
  RangeKind   range;
  int         min;
  int         max;
  int         fallback;  /* the default, in the key's own unit */
} KeyInfo;

typedef struct
{
  char  *value;  /* (owned) (nullable): as written, without leading blanks */
  guint  line;   /* 0 if the key is not in the file */
} Entry;

/* One [Service …] group as scanned. */
typedef struct
{
  char  *group;  /* (owned) */
  guint  line;
  Entry  entries[N_SERVICE_KEYS];
} ServiceGroup;

/* One [Review tool …] group as scanned. */
typedef struct
{
  char  *group;  /* (owned) */
  guint  line;
  Entry  entries[N_REVIEW_TOOL_KEYS];
} ReviewToolGroup;

/* One [Training …] group as scanned. */
typedef struct
{
  char  *group;  /* (owned) */
  guint  line;
  Entry  entries[N_TRAINING_KEYS];
} TrainingGroup;

/* The file as scanned: the entries of the keys it knows, its services,
 * and the problems found so far. */
typedef struct
{
  char       *display_path;  /* (owned): the path as a person can read it */
  Entry       entries[N_KEYS];
  GArray     *services;  /* (owned) (element-type ServiceGroup) */
  GArray     *review_tools;  /* (owned) (element-type ReviewToolGroup) */
  GArray     *training;  /* (owned) (element-type TrainingGroup) */
  GArray     *problems;  /* (owned) (element-type Problem) */
} Loader;

/* respite-policy-file.c */

/* Adds a problem about @line (0: the whole file) and, when not NULL, the
 * @group and its @key. */
void respite_policy_file_add_problem (Loader     *loader,
                                      guint       line,
                                      const char *group,
                                      const char *key,
                                      const char *format,
                                      ...) G_GNUC_PRINTF (5, 6);

/* respite-policy-file-keys.c */

/* The names of a [Service …] group's keys, and every other key the file
 * knows, indexed by ServiceKey and by Key. */
extern const char * const respite_policy_file_service_keys[N_SERVICE_KEYS];
extern const char * const respite_policy_file_training_keys[N_TRAINING_KEYS];
extern const KeyInfo respite_policy_file_keys[N_KEYS];

/* respite-policy-file-review.c */

/* The names of a [Review tool …] group's keys, indexed by ReviewToolKey. */
extern const char * const respite_policy_file_review_tool_keys[N_REVIEW_TOOL_KEYS];

/* Reads [ReviewTools] and every [Review tool …] group into @self. */
void respite_policy_file_apply_review (RespitePolicy *self,
                                       Loader        *loader);

/* A free-text value, unescaped as GKeyFile does, or NULL if not set, empty
 * or badly escaped (with a problem); and a boolean, or @fallback. */
char    *respite_policy_file_read_text    (Loader      *loader,
                                           const char  *group,
                                           const char  *name,
                                           const Entry *entry);
gboolean respite_policy_file_read_boolean (Loader      *loader,
                                           const char  *group,
                                           const char  *name,
                                           const Entry *entry,
                                           gboolean     fallback);

/* Puts the value of every key that @loader found into @self, each checked
 * and, if it cannot be used, left at its default with a problem. */
void respite_policy_file_apply (RespitePolicy *self,
                                Loader        *loader);

/* The whole-number key @key, checked against its range, or its default
 * with a problem. */
gint64 respite_policy_file_read_ranged (Loader *loader,
                                        Key     key);

/* respite-policy-file-limits.c */

/* Reads the limits besides the daily cap into @self. */
void respite_policy_file_apply_limits (RespitePolicy *self,
                                       Loader        *loader);

G_END_DECLS
