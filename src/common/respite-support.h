/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One support service the organisation has contracted, or the crisis line.
 * Every field but the name may be NULL. Plain text, as the administrator
 * wrote it in the policy file. */
typedef struct
{
  char     *name;
  char     *description;
  char     *phone;
  char     *email;
  char     *web;        /* an http:// or https:// address */
  char     *hours;      /* free text: "Every day, around the clock" */
  char     *languages;  /* free text: "English, French" */
  gboolean  crisis;     /* for a crisis: shown first and marked */
} RespiteSupportService;

#define RESPITE_TYPE_SUPPORT_SERVICE (respite_support_service_get_type ())
GType                  respite_support_service_get_type (void) G_GNUC_CONST;
RespiteSupportService *respite_support_service_copy     (const RespiteSupportService *service);
void                   respite_support_service_free     (RespiteSupportService       *service);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RespiteSupportService, respite_support_service_free)

/* The URI that opens the service's phone, e-mail or web address
 * (tel:, mailto:, https:), or NULL if the service has none. */
char *respite_support_service_dup_phone_uri (const RespiteSupportService *service);
char *respite_support_service_dup_email_uri (const RespiteSupportService *service);
char *respite_support_service_dup_web_uri   (const RespiteSupportService *service);

#define RESPITE_TYPE_SUPPORT (respite_support_get_type ())
G_DECLARE_FINAL_TYPE (RespiteSupport, respite_support, RESPITE, SUPPORT, GObject)

/* The directory of support: the organisation's services, in the order of
 * the policy file, and a crisis line that is always there. Immutable once
 * built; RespitePolicy builds it. */
RespiteSupport              *respite_support_new               (GPtrArray      *services,
                                                                RespiteSupportService *crisis_line);

/* (element-type RespiteSupportService) (transfer none): crisis services first. */
GPtrArray                   *respite_support_get_services      (RespiteSupport *self);
/* Never NULL: the organisation's crisis line, or the built-in one. */
const RespiteSupportService *respite_support_get_crisis_line   (RespiteSupport *self);
/* TRUE when the organisation named no service of its own. */
gboolean                     respite_support_is_empty          (RespiteSupport *self);

/* The built-in crisis line, used when the policy names none: the local
 * emergency number. A new value. */
RespiteSupportService       *respite_support_service_new_default_crisis_line (void);

G_END_DECLS
