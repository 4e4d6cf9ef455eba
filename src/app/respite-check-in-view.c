/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteCheckInView: asks an instrument's questions, all on one page (the
 * shipped ones have at most five), and shows what the answers suggest.
 *
 * Each question is a boxed list whose rows carry grouped check buttons
 * (radio buttons), so the keyboard works as in any radio group: Tab from
 * question to question (landing on its answer, if any), the arrow keys
 * between answers, Space or Enter to choose. The rows depend on the
 * instrument, so they are the one part built here rather than in the
 * template.
 */

#define G_LOG_DOMAIN "respite-check-in-view"

#include "config.h"

#include <glib/gi18n.h>

#include "respite-accessible.h"
#include "respite-check-in-view.h"

struct _RespiteCheckInView
{
  AdwBin             parent_instance;

  RespiteInstrument *instrument;  /* (owned) */
  GArray            *chosen;      /* (owned) (element-type int): answer position per item, -1 if none */
  GPtrArray         *rows;        /* (owned) (element-type AdwActionRow): item × n_answers + answer */
  gboolean           submitted;

  /* Template widgets */
  GtkStack          *stack;
  GtkLabel          *title_label;
  GtkLabel          *stem_label;
  GtkLabel          *note_label;
  GtkBox            *items_box;
  GtkLabel          *credit_label;
  GtkWidget         *support_card;
  GtkWidget         *support_button;
  GtkLabel          *band_label;
  GtkLabel          *message_label;
  GtkLabel          *score_label;
  GtkWidget         *close_button;
};

G_DEFINE_FINAL_TYPE (RespiteCheckInView, respite_check_in_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_INSTRUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FINISHED,
  CANCELLED,
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
all_answered (RespiteCheckInView *self)
{
  for (guint i = 0; i < self->chosen->len; i++)
    {
      if (g_array_index (self->chosen, int, i) < 0)
        return FALSE;
    }
  return TRUE;
}

static void
update_actions (RespiteCheckInView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "check-in.submit",
                                 !self->submitted && all_answered (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "check-in.cancel", !self->submitted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "check-in.close", self->submitted);
}

static GtkWidget *
get_row (RespiteCheckInView *self,
         guint               item,
         guint               answer)
{
  return g_ptr_array_index (self->rows,
                            item * respite_instrument_get_n_answers (self->instrument) + answer);
}

static void
answer_toggled_cb (RespiteCheckInView *self,
                   GtkCheckButton     *button)
{
  guint item = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "item"));
  int answer = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "answer"));
  gboolean active = gtk_check_button_get_active (button);

  /* The row has the focus, so it is the one a screen reader reads. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (get_row (self, item, answer)),
                               GTK_ACCESSIBLE_STATE_CHECKED,
                               active ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE,
                               -1);
  if (!active)
    return;
  g_array_index (self->chosen, int, item) = answer;
  update_actions (self);
}

static GtkWidget *
build_question (RespiteCheckInView *self,
                guint               item)
{
  RespiteInstrument *instrument = self->instrument;
  const char *question = respite_instrument_get_item_text (instrument, item);
  GtkWidget *group = adw_preferences_group_new ();
  GtkCheckButton *first = NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), question);

  for (guint i = 0; i < respite_instrument_get_n_answers (instrument); i++)
    {
      const char *answer = respite_instrument_get_answer_label (instrument, i);
      /* Translators: what a screen reader says for one answer: the
       * question, then the answer. */
      g_autofree char *spoken = g_strdup_printf (_("%s: %s"), question, answer);
      GtkWidget *row = g_object_new (ADW_TYPE_ACTION_ROW,
                                     "accessible-role", GTK_ACCESSIBLE_ROLE_RADIO,
                                     NULL);
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), answer);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      /* The row takes the focus, not the button. can-focus too, not just
       * focusable: a grouped GtkCheckButton's focus() claims the focus
       * even when it cannot take it, which trapped Tab and the arrow keys
       * on the row. */
      gtk_widget_set_focusable (check, FALSE);
      gtk_widget_set_can_focus (check, FALSE);
      if (first == NULL)
        first = GTK_CHECK_BUTTON (check);
      else
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), first);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

      /* The spoken label alone: GTK 4.8 would add the row's title, which
       * the row is labelled by, and say the answer twice. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (row),
                                     GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                                   GTK_ACCESSIBLE_STATE_CHECKED, GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
      /* The row is the radio a screen reader hears; the check button
       * inside it only draws it. Named too, it was heard twice, once as a
       * check box that cannot be reached. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (check),
                                   GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

      g_object_set_data (G_OBJECT (check), "item", GUINT_TO_POINTER (item));
      g_object_set_data (G_OBJECT (check), "answer", GINT_TO_POINTER ((int) i));
      g_signal_connect_object (check, "toggled", G_CALLBACK (answer_toggled_cb), self,
                               G_CONNECT_SWAPPED);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_ptr_array_add (self->rows, row);
    }
  return group;
}

/* Tab goes to the next question rather than the next answer: one stop per
 * question, on its answer or else its first (or, going back, last) row.
 * Past the first or last question, GTK moves on from the edge row. */
static gboolean
key_pressed_cb (RespiteCheckInView    *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  guint n_items = respite_instrument_get_n_items (self->instrument);
  guint n_answers = respite_instrument_get_n_answers (self->instrument);
  gboolean backward;
  guint item, next;
  int answer;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return FALSE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0 || self->submitted)
    return FALSE;
  if (focus == NULL || !g_ptr_array_find (self->rows, focus, &item))
    return FALSE;

  /* The window starts with the focus on the first answer, unseen: the
   * first Tab shows it there rather than skip the first question. */
  if (GTK_IS_WINDOW (root) && !gtk_window_get_focus_visible (GTK_WINDOW (root)))
    {
      gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);
      return TRUE;
    }

  item /= n_answers;
  backward = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0;
  if (backward ? item == 0 : item + 1 == n_items)
    {
      gtk_widget_grab_focus (get_row (self, item, backward ? 0 : n_answers - 1));
      return FALSE;
    }

  next = backward ? item - 1 : item + 1;
  answer = g_array_index (self->chosen, int, next);
  if (answer < 0)
    answer = backward ? n_answers - 1 : 0;
  gtk_widget_grab_focus (get_row (self, next, answer));
  return TRUE;
}

static void
set_instrument (RespiteCheckInView *self,
                RespiteInstrument  *instrument)
{
  const char *note;
  g_autofree char *credit = NULL;

  g_assert (self->instrument == NULL);
  self->instrument = g_object_ref (instrument);

  g_array_set_size (self->chosen, respite_instrument_get_n_items (instrument));
  for (guint i = 0; i < self->chosen->len; i++)
    g_array_index (self->chosen, int, i) = -1;

  gtk_label_set_text (self->title_label, respite_instrument_get_title (instrument));
  gtk_label_set_text (self->stem_label, respite_instrument_get_stem (instrument));
  note = respite_instrument_get_note (instrument);
  gtk_label_set_text (self->note_label, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);

  for (guint i = 0; i < respite_instrument_get_n_items (instrument); i++)
    gtk_box_append (self->items_box, build_question (self, i));

  credit = g_strjoin ("\n", respite_instrument_get_attribution (instrument),
                      respite_instrument_get_licence (instrument), NULL);
  gtk_label_set_text (self->credit_label, credit);

  update_actions (self);
}

static gboolean
has_subscale_bands (const RespiteInstrumentResult *result)
{
  for (guint i = 0; result->subscale_bands != NULL && i < result->n_subscales; i++)
    {
      if (result->subscale_bands[i] != NULL)
        return TRUE;
    }
  return FALSE;
}

/* One line per banded subscale: its title, sum and band. */
static char *
describe_subscales (RespiteCheckInView            *self,
                    const RespiteInstrumentResult *result)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < result->n_subscales; i++)
    {
      const char *band;

      if (result->subscale_bands[i] == NULL)
        continue;
      band = respite_instrument_get_subscale_band_label (self->instrument, i,
                                                         result->subscale_bands[i]);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: a subscale's title, its score and its band, e.g.
       * "Burnout: 24, moderate" */
      g_string_append_printf (text, _("%s: %d, %s"),
                              respite_instrument_get_subscale_title (self->instrument, i),
                              result->subscales[i], band);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_result (RespiteCheckInView            *self,
             const RespiteInstrumentResult *result)
{
  g_autofree char *score = NULL;

  gtk_widget_set_visible (self->support_card, result->suggests_support);
  gtk_label_set_text (self->band_label, result->band_label);
  gtk_label_set_text (self->message_label, result->band_message);

  /* A number means something only for a validated questionnaire; one
   * scored by subscale (ProQOL 5) gives each banded subscale's. */
  if (!respite_instrument_get_validated (self->instrument))
    score = NULL;
  else if (has_subscale_bands (result))
    score = describe_subscales (self, result);
  else if (result->is_scaled)
    /* Translators: the WHO-5's score is a percentage. */
    score = g_strdup_printf (_("Your score: %d out of 100"), result->scaled);
  else
    score = g_strdup_printf (_("Your score: %d out of %d"), result->raw,
                             respite_instrument_get_max_total (self->instrument));
  gtk_label_set_text (self->score_label, score ? score : "");
  gtk_widget_set_visible (GTK_WIDGET (self->score_label), score != NULL);

  gtk_stack_set_visible_child_name (self->stack, "result");
  /* The support button cannot take the focus if "app.support" is missing
   * (a window outside the application): then Close, not nowhere. */
  if (!result->suggests_support || !gtk_widget_grab_focus (self->support_button))
    gtk_widget_grab_focus (self->close_button);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RespiteCheckInView *self = RESPITE_CHECK_IN_VIEW (widget);
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(RespiteInstrumentResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (self->submitted || !all_answered (self))
    return;

  for (guint i = 0; i < self->chosen->len; i++)
    {
      int value = respite_instrument_get_answer_value (self->instrument,
                                                       g_array_index (self->chosen, int, i));
      g_array_append_val (answers, value);
    }

  /* The answers come from the instrument's own scale: this cannot fail. */
  result = respite_instrument_score (self->instrument, (const int *) answers->data,
                                     answers->len, &error);
  g_assert_no_error (error);

  self->submitted = TRUE;
  update_actions (self);
  show_result (self, result);
  g_signal_emit (self, signals[FINISHED], 0, answers, result);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RespiteCheckInView *self = RESPITE_CHECK_IN_VIEW (widget);

  if (!self->submitted)
    g_signal_emit (self, signals[CANCELLED], 0);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSED], 0);
}

static void
respite_check_in_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RespiteCheckInView *self = RESPITE_CHECK_IN_VIEW (object);

  switch (prop_id)
    {
    case PROP_INSTRUMENT:
      set_instrument (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
respite_check_in_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RespiteCheckInView *self = RESPITE_CHECK_IN_VIEW (object);

  switch (prop_id)
    {
    case PROP_INSTRUMENT:
      g_value_set_object (value, self->instrument);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
respite_check_in_view_dispose (GObject *object)
{
  /* AdwBin forgets its child only through set_child(): had the template
   * unparented the stack, AdwBin's dispose would unparent it again. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), RESPITE_TYPE_CHECK_IN_VIEW);

  G_OBJECT_CLASS (respite_check_in_view_parent_class)->dispose (object);
}

static void
respite_check_in_view_finalize (GObject *object)
{
  RespiteCheckInView *self = RESPITE_CHECK_IN_VIEW (object);

  g_clear_object (&self->instrument);
  g_clear_pointer (&self->chosen, g_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (respite_check_in_view_parent_class)->finalize (object);
}

static void
respite_check_in_view_class_init (RespiteCheckInViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = respite_check_in_view_set_property;
  object_class->get_property = respite_check_in_view_get_property;
  object_class->dispose = respite_check_in_view_dispose;
  object_class->finalize = respite_check_in_view_finalize;

  properties[PROP_INSTRUMENT] =
    g_param_spec_object ("instrument", NULL, NULL,
                         RESPITE_TYPE_INSTRUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_ARRAY, RESPITE_TYPE_INSTRUMENT_RESULT);
  signals[CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/respite/Respite/ui/respite-check-in-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RespiteCheckInView, stack);
  gtk_widget_class_bind_template_child (widget_class, RespiteCheckInView, title_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteCheckInView, stem_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteCheckInView, note_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteCheckInView, items_box);
  gtk_widget_class_bind_template_child (widget_class, RespiteCheckInView, credit_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteCheckInView, support_card);
  gtk_widget_class_bind_template_child (widget_class, RespiteCheckInView, support_button);
  gtk_widget_class_bind_template_child (widget_class, RespiteCheckInView, band_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteCheckInView, message_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteCheckInView, score_label);
  gtk_widget_class_bind_template_child (widget_class, RespiteCheckInView, close_button);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed_cb);

  gtk_widget_class_install_action (widget_class, "check-in.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "check-in.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "check-in.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "check-in.cancel", NULL);
}

static void
respite_check_in_view_init (RespiteCheckInView *self)
{
  self->chosen = g_array_new (FALSE, FALSE, sizeof (int));
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  respite_accessible_tidy_names (GTK_WIDGET (self));
}

GtkWidget *
respite_check_in_view_new (RespiteInstrument *instrument)
{
  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (instrument), NULL);

  return g_object_new (RESPITE_TYPE_CHECK_IN_VIEW, "instrument", instrument, NULL);
}

RespiteInstrument *
respite_check_in_view_get_instrument (RespiteCheckInView *self)
{
  g_return_val_if_fail (RESPITE_IS_CHECK_IN_VIEW (self), NULL);
  return self->instrument;
}
