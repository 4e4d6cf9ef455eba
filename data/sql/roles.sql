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
--                     and record_release(); no raw row. A lead reads only
--                     the teams and groups the administrator granted its
--                     login in reader_teams; HR reads every team
--                     (row-level security below)
--   respite_owner     owns everything; nobody logs in as it
--
-- Give people login roles that are members of these, for example:
--
--   CREATE ROLE alice LOGIN IN ROLE respite_lead;
--   INSERT INTO respite.reader_teams (login, unit, team)
--     VALUES ('alice', 'team', 'Hotline North'), ('alice', 'group', 'Trust and Safety');

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
ALTER TABLE respite.registrations OWNER TO respite_owner;
ALTER TABLE respite.reader_teams OWNER TO respite_owner;
ALTER TABLE respite.sealed_pieces OWNER TO respite_owner;
ALTER TABLE respite.sealed_figures OWNER TO respite_owner;
ALTER VIEW respite.store_info OWNER TO respite_owner;
ALTER FUNCTION respite.today () OWNER TO respite_owner;
ALTER FUNCTION respite.seal_through (date, date) OWNER TO respite_owner;
ALTER FUNCTION respite.seal_due () OWNER TO respite_owner;
ALTER FUNCTION respite.publish (text, text, text, date, integer, integer, integer, integer,
                                integer, integer, integer, integer, boolean, integer, integer,
                                integer, text, text) OWNER TO respite_owner;
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
                                           integer, integer, integer, text, text)
  TO respite_reviewer;
GRANT EXECUTE ON FUNCTION respite.erase_member (text, text) TO respite_reviewer;
GRANT SELECT ON respite.sealed_figures TO respite_lead, respite_hr;
-- Each login sees its own grants (row-level security below), so that the
-- app can list the teams it may read; only the administrator changes them.
GRANT SELECT ON respite.reader_teams TO respite_lead, respite_hr;
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
ALTER TABLE respite.registrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE respite.registrations FORCE ROW LEVEL SECURITY;

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

-- Sealing counts every registration (coverage); publish() writes only the
-- member it checked. Erasing a member removes its registration by the
-- foreign key's cascade.
CREATE POLICY registrations_read ON respite.registrations FOR SELECT TO respite_owner
  USING (true);
CREATE POLICY registration_insert ON respite.registrations FOR INSERT TO respite_owner
  WITH CHECK (member = current_setting('respite.member', true));
CREATE POLICY registration_update ON respite.registrations FOR UPDATE TO respite_owner
  USING (member = current_setting('respite.member', true))
  WITH CHECK (member = current_setting('respite.member', true));

-- Which sealed figures a reader sees. Not forced: the owner, which the
-- sealing functions run as, writes every figure; the administrator
-- (superuser) bypasses it too. HR reads every team and group; a lead only
-- those its login was granted in reader_teams, whatever query it writes.
-- A login in both roles reads what either allows.
ALTER TABLE respite.sealed_figures ENABLE ROW LEVEL SECURITY;
CREATE POLICY hr_reads_all ON respite.sealed_figures FOR SELECT TO respite_hr
  USING (true);
CREATE POLICY lead_reads_granted ON respite.sealed_figures FOR SELECT TO respite_lead
  USING (EXISTS (SELECT 1 FROM respite.reader_teams g
                  WHERE g.login = current_user AND g.unit = sealed_figures.unit
                    AND g.team = sealed_figures.team));
ALTER TABLE respite.reader_teams ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_grants ON respite.reader_teams FOR SELECT TO respite_lead, respite_hr
  USING (login = current_user);

COMMIT;
