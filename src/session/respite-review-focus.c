/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteReviewFocus: exposure that follows the review tool (issue #20).
 *
 * Reviewers forget to press Start, and a log that misses blocks
 * under-counts exposure. The sources (the app's own X11 watch, the GNOME
 * Shell extension, the browsers' native host) each say which of the
 * policy's review tools is in front, or none; a tool is in front while any
 * source says so. Nothing else is ever given here: no window, tab, title
 * or URL, and nothing of it is stored.
 *
 * With [ReviewTools] mode=track:
 *  - a listed tool coming in front starts a block of its kind, unless a
 *    block runs already;
 *  - a block started that way ends once no listed tool has been in front
 *    for longer than the [Idle] threshold of its kind (a threshold of 0
 *    never ends it), at the moment the tool left, as an idle pause does;
 *  - a block the reviewer started by hand is never ended here, nor one
 *    they stopped started again until a tool comes in front anew.
 * With mode=suggest, a tool coming in front while no block runs emits
 * ::suggest, once for each time it comes in front.
 *
 * The grace period runs on the monotonic clock, so a wall-clock change
 * neither ends a block early nor keeps it open.
 */

#define G_LOG_DOMAIN "respite-review-focus"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-review-focus.h"

struct _RespiteReviewFocus
{
  GObject         parent_instance;

  RespiteClock   *clock;    /* (owned) */
  RespiteTracker *tracker;  /* (owned) */
  RespitePolicy  *policy;   /* (owned) */
  gboolean        enabled;  /* the reviewer's switch */

  /* The tool each source has in front: (owned) (nullable). */
  char           *tools[RESPITE_N_FOCUS_SOURCES];
  /* The callers that speak for a source, by name: two browsers each run
   * a native host. (owned): name → Peer. */
  GHashTable     *peers;
  /* The tool in front by any source: one of tools[], (nullable). */
  const char     *front;

  gboolean        started;     /* the running block is ours */
  guint           lost_id;     /* the grace period after the tool left */
  gint64          lost_at_us;  /* monotonic: when it left */
};

enum
{
  SIGNAL_SUGGEST,
  SIGNAL_TOOLS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RespiteReviewFocus, respite_review_focus, G_TYPE_OBJECT)
G_DEFINE_QUARK (respite-review-focus-error-quark, respite_review_focus_error)

static const char * const source_names[RESPITE_N_FOCUS_SOURCES] = {
  "x11", "shell", "browser",
};

const char *
respite_focus_source_to_string (RespiteFocusSource source)
{
  g_return_val_if_fail (source < RESPITE_N_FOCUS_SOURCES, NULL);

  return source_names[source];
}

gboolean
respite_focus_source_from_string (const char         *string,
                                  RespiteFocusSource *source)
{
  g_return_val_if_fail (source != NULL, FALSE);

  for (guint i = 0; string != NULL && i < RESPITE_N_FOCUS_SOURCES; i++)
    {
      if (g_str_equal (string, source_names[i]))
        {
          *source = i;
          return TRUE;
        }
    }

  return FALSE;
}

RespiteReviewMode
respite_review_focus_get_mode (RespiteReviewFocus *self)
{
  g_return_val_if_fail (RESPITE_IS_REVIEW_FOCUS (self), RESPITE_REVIEW_OFF);

  if (!self->enabled && !respite_policy_get_review_required (self->policy))
    return RESPITE_REVIEW_OFF;

  return respite_policy_get_review_mode (self->policy);
}

static gboolean
block_runs (RespiteReviewFocus *self)
{
  return respite_tracker_get_state (self->tracker) == RESPITE_TRACKER_EXPOSED;
}

static gboolean
lost_cb (gpointer user_data)
{
  RespiteReviewFocus *self = user_data;
  gint64 away = (respite_clock_get_monotonic_time (self->clock) - self->lost_at_us) /
                G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;

  self->lost_id = 0;

  if (!self->started || !block_runs (self))
    return G_SOURCE_REMOVE;

  g_debug ("No review tool in front for %" G_GINT64_FORMAT " s: ending the block", away);
  self->started = FALSE;

  /* Ended when the tool left, as an idle pause ends it when input
   * stopped; then stopped, so that nothing offers to resume it. */
  if (!respite_tracker_pause (self->tracker, RESPITE_END_IDLE, MAX (away, 0), &error) ||
      !respite_tracker_stop (self->tracker, RESPITE_END_IDLE, &error))
    g_printerr ("respite: %s\n", error->message);

  return G_SOURCE_REMOVE;
}

static void
cancel_lost (RespiteReviewFocus *self)
{
  if (self->lost_id != 0)
    respite_clock_remove_timeout (self->clock, self->lost_id);
  self->lost_id = 0;
}

static void
start_block (RespiteReviewFocus *self,
             const char         *name)
{
  const RespiteReviewTool *tool = respite_policy_find_review_tool (self->policy, name);
  g_autoptr(GError) error = NULL;

  g_assert (tool != NULL);

  if (tool->kind >= 0 && respite_tracker_get_kind (self->tracker) != (RespiteKind) tool->kind &&
      !respite_tracker_set_kind (self->tracker, tool->kind, &error))
    {
      g_printerr ("respite: %s\n", error->message);
      return;
    }

  /* Held (a strict break): not an error, the reviewer is told elsewhere. */
  if (!respite_tracker_start (self->tracker, &error))
    {
      if (g_error_matches (error, RESPITE_TRACKER_ERROR, RESPITE_TRACKER_ERROR_HELD))
        g_debug ("Review tool in front, but exposure is held: %s", error->message);
      else
        g_printerr ("respite: %s\n", error->message);
      return;
    }

  self->started = TRUE;
}

/* Once the block it started is over, however it ended (stopped, a break,
 * an absence), the next one is not its own: the reviewer's, if they start
 * one, even with the tool still in front. */
static void
tracker_state_cb (RespiteReviewFocus *self)
{
  if (block_runs (self))
    return;

  self->started = FALSE;
  cancel_lost (self);
}

/* The tool in front by any source, and what follows from a change. */
static void
update (RespiteReviewFocus *self,
        gboolean            was_front)
{
  RespiteReviewMode mode = respite_review_focus_get_mode (self);

  self->front = NULL;
  for (guint i = 0; i < RESPITE_N_FOCUS_SOURCES && self->front == NULL; i++)
    self->front = self->tools[i];

  /* A block the reviewer stopped, or a break ended, is not ours to end. */
  if (self->started && !block_runs (self))
    self->started = FALSE;

  if (mode == RESPITE_REVIEW_OFF)
    {
      cancel_lost (self);
      self->started = FALSE;
      return;
    }

  if (self->front != NULL)
    {
      cancel_lost (self);
      if (was_front || block_runs (self))
        return;

      if (mode == RESPITE_REVIEW_TRACK)
        start_block (self, self->front);
      else
        g_signal_emit (self, signals[SIGNAL_SUGGEST], 0, self->front);
    }
  else if (was_front && self->started && self->lost_id == 0)
    {
      gint64 threshold = respite_policy_get_idle_threshold (self->policy,
                                                            respite_tracker_get_kind (self->tracker));

      if (threshold <= 0)
        return;

      self->lost_at_us = respite_clock_get_monotonic_time (self->clock);
      self->lost_id = respite_clock_add_timeout_seconds (self->clock, (guint) threshold,
                                                         lost_cb, self);
    }
}

gboolean
respite_review_focus_set_tool (RespiteReviewFocus  *self,
                               RespiteFocusSource   source,
                               const char          *tool,
                               GError             **error)
{
  gboolean was_front;

  g_return_val_if_fail (RESPITE_IS_REVIEW_FOCUS (self), FALSE);
  g_return_val_if_fail (source < RESPITE_N_FOCUS_SOURCES, FALSE);

  if (tool != NULL && *tool == '\0')
    tool = NULL;

  if (tool != NULL && respite_policy_find_review_tool (self->policy, tool) == NULL)
    {
      g_set_error (error, RESPITE_REVIEW_FOCUS_ERROR, RESPITE_REVIEW_FOCUS_ERROR_UNKNOWN_TOOL,
                   _("The policy lists no review tool called “%s”"), tool);
      return FALSE;
    }

  if (g_strcmp0 (self->tools[source], tool) == 0)
    return TRUE;

  was_front = self->front != NULL;
  g_free (self->tools[source]);
  self->tools[source] = g_strdup (tool);
  update (self, was_front);

  return TRUE;
}

typedef struct
{
  RespiteFocusSource  source;
  char               *tool;  /* (nullable): none in front */
} Peer;

static void
peer_free (Peer *peer)
{
  g_free (peer->tool);
  g_free (peer);
}

/* What @source has in front: @latest, the tool its latest caller named,
 * or when that is none, any other caller's. */
static const char *
peers_tool (RespiteReviewFocus *self,
            RespiteFocusSource  source,
            const char         *latest)
{
  GHashTableIter iter;
  gpointer value;

  if (latest != NULL)
    return latest;

  g_hash_table_iter_init (&iter, self->peers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Peer *peer = value;

      if (peer->source == source && peer->tool != NULL)
        return peer->tool;
    }

  return NULL;
}

/**
 * respite_review_focus_set_peer_tool:
 * @peer: the caller's name, e.g. its D-Bus unique name
 *
 * As respite_review_focus_set_tool(), for one of several callers that
 * speak for @source: the source has a tool in front while any of them
 * says so. A tool the policy does not list is refused and changes nothing.
 */
gboolean
respite_review_focus_set_peer_tool (RespiteReviewFocus  *self,
                                    RespiteFocusSource   source,
                                    const char          *peer,
                                    const char          *tool,
                                    GError             **error)
{
  Peer *entry;

  g_return_val_if_fail (RESPITE_IS_REVIEW_FOCUS (self), FALSE);
  g_return_val_if_fail (source < RESPITE_N_FOCUS_SOURCES, FALSE);
  g_return_val_if_fail (peer != NULL, FALSE);

  if (tool != NULL && *tool == '\0')
    tool = NULL;

  if (tool != NULL && respite_policy_find_review_tool (self->policy, tool) == NULL)
    return respite_review_focus_set_tool (self, source, tool, error);

  entry = g_hash_table_lookup (self->peers, peer);
  if (entry == NULL)
    {
      entry = g_new0 (Peer, 1);
      g_hash_table_insert (self->peers, g_strdup (peer), entry);
    }
  entry->source = source;
  g_free (entry->tool);
  entry->tool = g_strdup (tool);

  return respite_review_focus_set_tool (self, source, peers_tool (self, source, tool), error);
}

/* @peer left (its D-Bus name vanished): it has nothing in front. */
void
respite_review_focus_forget_peer (RespiteReviewFocus *self,
                                  const char         *peer)
{
  Peer *entry;
  RespiteFocusSource source;

  g_return_if_fail (RESPITE_IS_REVIEW_FOCUS (self));

  entry = peer != NULL ? g_hash_table_lookup (self->peers, peer) : NULL;
  if (entry == NULL)
    return;

  source = entry->source;
  g_hash_table_remove (self->peers, peer);
  respite_review_focus_set_tool (self, source, peers_tool (self, source, NULL), NULL);
}

void
respite_review_focus_set_wm_class (RespiteReviewFocus *self,
                                   const char         *wm_class)
{
  const RespiteReviewTool *tool = NULL;

  g_return_if_fail (RESPITE_IS_REVIEW_FOCUS (self));

  if (wm_class != NULL)
    tool = respite_policy_find_review_tool_by_wm_class (self->policy, wm_class);

  respite_review_focus_set_tool (self, RESPITE_FOCUS_SOURCE_X11, tool ? tool->name : NULL, NULL);
}

const char *
respite_review_focus_get_front (RespiteReviewFocus *self)
{
  g_return_val_if_fail (RESPITE_IS_REVIEW_FOCUS (self), NULL);

  return respite_review_focus_get_mode (self) == RESPITE_REVIEW_OFF ? NULL : self->front;
}

gboolean
respite_review_focus_get_started (RespiteReviewFocus *self)
{
  g_return_val_if_fail (RESPITE_IS_REVIEW_FOCUS (self), FALSE);

  return self->started && block_runs (self);
}

GHashTable *
respite_review_focus_get_app_ids (RespiteReviewFocus *self)
{
  GHashTable *app_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *tools;

  g_return_val_if_fail (RESPITE_IS_REVIEW_FOCUS (self), app_ids);

  if (respite_review_focus_get_mode (self) == RESPITE_REVIEW_OFF)
    return app_ids;

  tools = respite_policy_get_review_tools (self->policy);
  for (guint i = 0; i < tools->len; i++)
    {
      const RespiteReviewTool *tool = g_ptr_array_index (tools, i);

      if (tool->app_id != NULL && !g_hash_table_contains (app_ids, tool->app_id))
        g_hash_table_insert (app_ids, g_strdup (tool->app_id), g_strdup (tool->name));
    }

  return app_ids;
}

/* The policy or the switch changed, from mode @before. A tool a source
 * has in front stays there if the policy still lists it, so that reading
 * the policy again does not end a block; the sources report again on
 * ::tools-changed. Following turned on with a tool in front counts as the
 * tool coming in front. */
static void
refresh_sources (RespiteReviewFocus *self,
                 RespiteReviewMode   before)
{
  gboolean was_front = before != RESPITE_REVIEW_OFF && self->front != NULL;

  GHashTableIter iter;
  gpointer value;
  gboolean has_peers[RESPITE_N_FOCUS_SOURCES] = { FALSE };

  g_hash_table_iter_init (&iter, self->peers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Peer *peer = value;

      if (peer->tool != NULL && respite_policy_find_review_tool (self->policy, peer->tool) == NULL)
        g_clear_pointer (&peer->tool, g_free);
      has_peers[peer->source] = TRUE;
    }

  for (guint i = 0; i < RESPITE_N_FOCUS_SOURCES; i++)
    {
      if (has_peers[i])
        {
          g_free (self->tools[i]);
          self->tools[i] = g_strdup (peers_tool (self, i, NULL));
        }
      else if (self->tools[i] != NULL &&
               respite_policy_find_review_tool (self->policy, self->tools[i]) == NULL)
        {
          g_clear_pointer (&self->tools[i], g_free);
        }
    }

  update (self, was_front);
}

void
respite_review_focus_set_policy (RespiteReviewFocus *self,
                                 RespitePolicy      *policy)
{
  RespiteReviewMode before;

  g_return_if_fail (RESPITE_IS_REVIEW_FOCUS (self));
  g_return_if_fail (RESPITE_IS_POLICY (policy));

  if (policy == self->policy)
    return;

  before = respite_review_focus_get_mode (self);
  g_set_object (&self->policy, policy);
  refresh_sources (self, before);
  g_signal_emit (self, signals[SIGNAL_TOOLS_CHANGED], 0);
}

void
respite_review_focus_set_enabled (RespiteReviewFocus *self,
                                  gboolean            enabled)
{
  RespiteReviewMode before;

  g_return_if_fail (RESPITE_IS_REVIEW_FOCUS (self));

  enabled = !!enabled;
  if (enabled == self->enabled)
    return;

  before = respite_review_focus_get_mode (self);
  self->enabled = enabled;
  if (respite_review_focus_get_mode (self) == before)
    return;

  refresh_sources (self, before);
  g_signal_emit (self, signals[SIGNAL_TOOLS_CHANGED], 0);
}

RespiteReviewFocus *
respite_review_focus_new (RespiteClock   *clock,
                          RespiteTracker *tracker,
                          RespitePolicy  *policy)
{
  RespiteReviewFocus *self;

  g_return_val_if_fail (RESPITE_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (RESPITE_IS_TRACKER (tracker), NULL);
  g_return_val_if_fail (RESPITE_IS_POLICY (policy), NULL);

  self = g_object_new (RESPITE_TYPE_REVIEW_FOCUS, NULL);
  self->clock = g_object_ref (clock);
  self->tracker = g_object_ref (tracker);
  self->policy = g_object_ref (policy);
  g_signal_connect_object (tracker, "notify::state", G_CALLBACK (tracker_state_cb), self,
                           G_CONNECT_SWAPPED);

  return self;
}

static void
respite_review_focus_finalize (GObject *object)
{
  RespiteReviewFocus *self = RESPITE_REVIEW_FOCUS (object);

  cancel_lost (self);
  for (guint i = 0; i < RESPITE_N_FOCUS_SOURCES; i++)
    g_clear_pointer (&self->tools[i], g_free);
  g_clear_pointer (&self->peers, g_hash_table_unref);
  g_clear_object (&self->policy);
  g_clear_object (&self->tracker);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (respite_review_focus_parent_class)->finalize (object);
}

static void
respite_review_focus_class_init (RespiteReviewFocusClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = respite_review_focus_finalize;

  /**
   * RespiteReviewFocus::suggest:
   * @tool: the name of the tool that came in front
   *
   * mode=suggest: offer to start a block.
   */
  signals[SIGNAL_SUGGEST] =
    g_signal_new ("suggest", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * RespiteReviewFocus::tools-changed:
   *
   * The listed tools or the mode changed: the sources ask again.
   */
  signals[SIGNAL_TOOLS_CHANGED] =
    g_signal_new ("tools-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
}

static void
respite_review_focus_init (RespiteReviewFocus *self)
{
  self->enabled = TRUE;
  self->peers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) peer_free);
}
