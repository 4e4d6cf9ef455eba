-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Who may do what in the Respite team store. Run it as a superuser right
-- after schema.sql. Grants and row-level security enforce the promises,
-- not the application:
--
--   respite_reviewer  publish() and erase_member(), which check the member's
--                     secret, and seal_due(); reads nothing but store_info
--   respite_lead,     SELECT on sealed_figures, which hides every group of
--   respite_hr        fewer than k members and never changes; seal_due()
--                     and record_release(); no raw row
--   respite_owner     owns everything; nobody logs in as it
--
-- Give people login roles that are members of these, for example:
--
--   CREATE ROLE alice LOGIN IN ROLE respite_lead;

BEGIN;

DO $$
DECLARE
  name text;
BEGIN
  FOREACH name IN ARRAY ARRAY['respite_owner', 'respite_reviewer', 'respite_lead', 'respite_hr']
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', name);
    END IF;
  END LOOP;
END;
$$;

-- The functions are SECURITY DEFINER: they must belong to a role without
-- superuser rights, which is the owner of the tables they write.
ALTER SCHEMA respite OWNER TO respite_owner;
ALTER TABLE respite.settings OWNER TO respite_owner;
ALTER TABLE respite.members OWNER TO respite_owner;
ALTER TABLE respite.day_rows OWNER TO respite_owner;
ALTER TABLE respite.policy_versions OWNER TO respite_owner;
ALTER TABLE respite.sealed_pieces OWNER TO respite_owner;
ALTER TABLE respite.sealed_figures OWNER TO respite_owner;
ALTER VIEW respite.store_info OWNER TO respite_owner;
ALTER FUNCTION respite.today () OWNER TO respite_owner;
ALTER FUNCTION respite.seal_through (date, date) OWNER TO respite_owner;
ALTER FUNCTION respite.seal_due () OWNER TO respite_owner;
ALTER FUNCTION respite.publish (text, text, text, date, integer, integer, integer, integer,
                                integer, integer, integer, integer, boolean, integer, integer,
                                integer, text) OWNER TO respite_owner;
ALTER FUNCTION respite.erase_member (text, text) OWNER TO respite_owner;
ALTER TABLE respite.releases OWNER TO respite_owner;
ALTER FUNCTION respite.record_release (date, date, integer, double precision, double precision)
  OWNER TO respite_owner;

-- Nothing for anyone, then exactly what each role needs. Functions are
-- executable by PUBLIC unless revoked.
REVOKE ALL ON SCHEMA respite FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA respite FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA respite FROM PUBLIC;

GRANT USAGE ON SCHEMA respite TO respite_reviewer, respite_lead, respite_hr;
GRANT SELECT ON respite.store_info TO respite_reviewer, respite_lead, respite_hr;
GRANT EXECUTE ON FUNCTION respite.publish (text, text, text, date, integer, integer, integer,
                                           integer, integer, integer, integer, integer, boolean,
                                           integer, integer, integer, text)
  TO respite_reviewer;
GRANT EXECUTE ON FUNCTION respite.erase_member (text, text) TO respite_reviewer;
GRANT SELECT ON respite.sealed_figures TO respite_lead, respite_hr;
-- Anyone of the store may seal what is due by the server's date: it
-- changes nothing a reader could choose (seal_through() is the owner's).
GRANT EXECUTE ON FUNCTION respite.seal_due () TO respite_reviewer, respite_lead, respite_hr;
-- The releases ledger holds nobody's data (days, k, ε): readers may see it,
-- and add to it only through record_release(), which keeps the budget.
GRANT SELECT ON respite.releases TO respite_lead, respite_hr;
GRANT EXECUTE ON FUNCTION respite.record_release (date, date, integer, double precision,
                                                  double precision)
  TO respite_lead, respite_hr;

-- Row-level security, forced so that it binds the owner too, which is who
-- the functions run as. Sealing reads every row (it hides small groups
-- itself), and deletes rows only while respite.sealing is on; other writes
-- reach only the member publish() or erase_member() has checked the
-- secret of, and set in respite.member.
-- Any other role has no policy, so sees and changes no row even if a grant
-- is added by mistake.
ALTER TABLE respite.day_rows ENABLE ROW LEVEL SECURITY;
ALTER TABLE respite.day_rows FORCE ROW LEVEL SECURITY;
ALTER TABLE respite.members ENABLE ROW LEVEL SECURITY;
ALTER TABLE respite.members FORCE ROW LEVEL SECURITY;

CREATE POLICY views_read ON respite.day_rows FOR SELECT TO respite_owner
  USING (true);
CREATE POLICY member_insert ON respite.day_rows FOR INSERT TO respite_owner
  WITH CHECK (member = current_setting('respite.member', true));
CREATE POLICY member_update ON respite.day_rows FOR UPDATE TO respite_owner
  USING (member = current_setting('respite.member', true))
  WITH CHECK (member = current_setting('respite.member', true));
CREATE POLICY member_delete ON respite.day_rows FOR DELETE TO respite_owner
  USING (member = current_setting('respite.member', true));
CREATE POLICY sealing_delete ON respite.day_rows FOR DELETE TO respite_owner
  USING (current_setting('respite.sealing', true) = 'on');

CREATE POLICY member_only ON respite.members FOR ALL TO respite_owner
  USING (member = current_setting('respite.member', true))
  WITH CHECK (member = current_setting('respite.member', true));

COMMIT;
