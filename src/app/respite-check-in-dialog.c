/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The check-in's window: hosts a RespiteCheckInView and keeps its answers
 * in the personal store. Nothing of them leaves the computer except the
 * daily summary's wellbeing sum and count (DESIGN.md).
 */

#define G_LOG_DOMAIN "respite-check-in"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "respite-check-in-dialog.h"
#include "respite-check-in-view.h"

typedef struct
{
  RespiteStore *store;       /* (owned) */
  RespiteClock *clock;       /* (owned) */
  gint64        started_at;
  gint64        prompt_id;
} Context;

static void
context_free (Context *context)
{
  g_clear_object (&context->store);
  g_clear_object (&context->clock);
  g_free (context);
}

static void
context_free_notify (gpointer  data,
                     GClosure *closure)
{
  context_free (data);
}

static void
finished_cb (RespiteCheckInView      *view,
             GArray                  *answers,
             RespiteInstrumentResult *result,
             Context                 *context)
{
  g_autoptr(GError) error = NULL;
  RespiteCheckIn check_in = { 0 };

  check_in.instrument_id = result->instrument_id;
  check_in.instrument_version = result->instrument_version;
  check_in.started_at = context->started_at;
  check_in.finished_at = respite_clock_get_real_time (context->clock) / G_USEC_PER_SEC;
  check_in.answers = answers;
  check_in.raw_score = result->raw;
  check_in.scaled_score = result->is_scaled ? result->scaled : NAN;
  check_in.band_id = result->band_id;
  check_in.suggests_support = result->suggests_support;
  check_in.prompt_id = context->prompt_id;

  if (respite_store_add_check_in (context->store, &check_in, &error) == 0)
    {
      GtkWidget *dialog;

      g_printerr ("respite: %s\n", error->message);
      dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (view))),
                                       _("Your Answers Could Not Be Kept"),
                                       error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
close_cb (GtkWidget *view)
{
  gtk_window_close (GTK_WINDOW (gtk_widget_get_root (view)));
}

GtkWindow *
respite_check_in_dialog_new (GtkWindow         *parent,
                             RespiteInstrument *instrument,
                             RespiteStore      *store,
                             RespiteClock      *clock,
                             gint64             prompt_id)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *view = respite_check_in_view_new (instrument);
  Context *context = g_new0 (Context, 1);

  g_return_val_if_fail (RESPITE_IS_INSTRUMENT (instrument), NULL);
  g_return_val_if_fail (RESPITE_IS_STORE (store), NULL);

  context->store = g_object_ref (store);
  context->clock = g_object_ref (clock);
  context->started_at = respite_clock_get_real_time (clock) / G_USEC_PER_SEC;
  context->prompt_id = prompt_id;

  gtk_window_set_title (GTK_WINDOW (window), _("Check-In"));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 720);
  /* Not modal: the result's "Support" button brings the main window, with
   * its Support view, to the front. */
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  /* Part of the application, so that the result's Support button reaches
   * app.support. */
  gtk_window_set_application (GTK_WINDOW (window),
                              parent != NULL ? gtk_window_get_application (parent)
                                             : GTK_APPLICATION (g_application_get_default ()));
  gtk_window_set_hide_on_close (GTK_WINDOW (window), FALSE);

  /* The view scrolls by itself. */
  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), view);
  adw_window_set_content (ADW_WINDOW (window), box);

  g_signal_connect_data (view, "finished", G_CALLBACK (finished_cb), context,
                         context_free_notify, 0);
  g_signal_connect (view, "cancelled", G_CALLBACK (close_cb), NULL);
  g_signal_connect (view, "closed", G_CALLBACK (close_cb), NULL);

  return GTK_WINDOW (window);
}
