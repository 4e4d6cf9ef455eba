/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteSupport: where a reviewer can turn for help. The organisation's
 * contracted services come from its policy file; a crisis line is always
 * there, even with no policy at all.
 *
 * Nothing here records that anyone looked: support is for the reviewer
 * alone, and opening it must leave no trace.
 */

#define G_LOG_DOMAIN "respite-support"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "respite-support.h"

G_DEFINE_BOXED_TYPE (RespiteSupportService, respite_support_service,
                     respite_support_service_copy, respite_support_service_free)

RespiteSupportService *
respite_support_service_copy (const RespiteSupportService *service)
{
  RespiteSupportService *copy;

  g_return_val_if_fail (service != NULL, NULL);

  copy = g_new0 (RespiteSupportService, 1);
  copy->name = g_strdup (service->name);
  copy->description = g_strdup (service->description);
  copy->phone = g_strdup (service->phone);
  copy->email = g_strdup (service->email);
  copy->web = g_strdup (service->web);
  copy->hours = g_strdup (service->hours);
  copy->languages = g_strdup (service->languages);
  copy->crisis = service->crisis;

  return copy;
}

void
respite_support_service_free (RespiteSupportService *service)
{
  if (service == NULL)
    return;

  g_free (service->name);
  g_free (service->description);
  g_free (service->phone);
  g_free (service->email);
  g_free (service->web);
  g_free (service->hours);
  g_free (service->languages);
  g_free (service);
}

/* tel: takes the digits and a leading +; spaces, dots, dashes and brackets
 * are only for reading (RFC 3966 visual separators). */
char *
respite_support_service_dup_phone_uri (const RespiteSupportService *service)
{
  GString *uri;

  g_return_val_if_fail (service != NULL, NULL);

  if (service->phone == NULL)
    return NULL;

  uri = g_string_new ("tel:");
  for (const char *p = service->phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p) || (*p == '+' && uri->len == 4))
        g_string_append_c (uri, *p);
    }

  if (uri->len == 4)
    {
      g_string_free (uri, TRUE);
      return NULL;
    }

  return g_string_free (uri, FALSE);
}

char *
respite_support_service_dup_email_uri (const RespiteSupportService *service)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (service != NULL, NULL);

  if (service->email == NULL)
    return NULL;

  escaped = g_uri_escape_string (service->email, "@!$&'()*+,;=", FALSE);
  return g_strconcat ("mailto:", escaped, NULL);
}

char *
respite_support_service_dup_web_uri (const RespiteSupportService *service)
{
  g_return_val_if_fail (service != NULL, NULL);

  return g_strdup (service->web);
}

RespiteSupportService *
respite_support_service_new_default_crisis_line (void)
{
  RespiteSupportService *line = g_new0 (RespiteSupportService, 1);

  /* 112 reaches the emergency services from any mobile phone in Europe and
   * in many other countries; the organisation should name its own. */
  line->name = g_strdup (_("Emergency services"));
  line->description = g_strdup (_("If you are in danger, or thinking about harming yourself, "
                                  "call your local emergency number now."));
  line->phone = g_strdup ("112");
  line->hours = g_strdup (_("Every day, around the clock"));
  line->crisis = TRUE;

  return line;
}

struct _RespiteSupport
{
  GObject                parent_instance;

  GPtrArray             *services;     /* (owned) (element-type RespiteSupportService) */
  RespiteSupportService *crisis_line;  /* (owned) */
};

G_DEFINE_FINAL_TYPE (RespiteSupport, respite_support, G_TYPE_OBJECT)

static void
respite_support_finalize (GObject *object)
{
  RespiteSupport *self = RESPITE_SUPPORT (object);

  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->crisis_line, respite_support_service_free);

  G_OBJECT_CLASS (respite_support_parent_class)->finalize (object);
}

static void
respite_support_class_init (RespiteSupportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = respite_support_finalize;
}

static void
respite_support_init (RespiteSupport *self)
{
}

/**
 * respite_support_new:
 * @services: (nullable) (element-type RespiteSupportService): copied
 * @crisis_line: (nullable) (transfer full): the crisis line, or NULL for
 *   the built-in one
 */
RespiteSupport *
respite_support_new (GPtrArray             *services,
                     RespiteSupportService *crisis_line)
{
  RespiteSupport *self = g_object_new (RESPITE_TYPE_SUPPORT, NULL);

  self->services = g_ptr_array_new_with_free_func ((GDestroyNotify) respite_support_service_free);

  /* Crisis services first, otherwise in the organisation's order. */
  for (int pass = 0; pass < 2 && services != NULL; pass++)
    {
      for (guint i = 0; i < services->len; i++)
        {
          const RespiteSupportService *service = g_ptr_array_index (services, i);

          if (service->crisis == (pass == 0))
            g_ptr_array_add (self->services, respite_support_service_copy (service));
        }
    }

  self->crisis_line = crisis_line != NULL ? crisis_line
                                          : respite_support_service_new_default_crisis_line ();
  self->crisis_line->crisis = TRUE;

  return self;
}

GPtrArray *
respite_support_get_services (RespiteSupport *self)
{
  g_return_val_if_fail (RESPITE_IS_SUPPORT (self), NULL);

  return self->services;
}

const RespiteSupportService *
respite_support_get_crisis_line (RespiteSupport *self)
{
  g_return_val_if_fail (RESPITE_IS_SUPPORT (self), NULL);

  return self->crisis_line;
}

gboolean
respite_support_is_empty (RespiteSupport *self)
{
  g_return_val_if_fail (RESPITE_IS_SUPPORT (self), TRUE);

  return self->services->len == 0;
}
