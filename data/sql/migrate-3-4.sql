-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Upgrades a Respite team store on PostgreSQL from schema version 3 to 4
-- (issue #16). `respite-report init` runs it on a version 3 database (after
-- migrate-2-3.sql on a version 2 one); the app itself never needs the
-- rights to. By hand, as a superuser:
--
--   psql -v ON_ERROR_STOP=1 -d respite -f migrate-3-4.sql
--
-- Version 3 computed every figure from the raw rows at each reading, so two
-- readings of the running week, before and after one member's day arrived,
-- differed by exactly that day; and it kept every raw row forever. Version
-- 4 shows a period only once it is sealed, refuses rows for it afterwards,
-- and deletes raw rows no open period needs. This script makes the new
-- tables, replaces the views by sealed_figures, notes each policy
-- version's first day, and then seals every period that is due from the
-- rows the store holds, deleting the rows no longer needed. The tables and
-- functions are copies of schema.sql's text (tests/pg/test-team-store-pg.c
-- checks that they stay so). Owners and grants follow roles.sql.
--
-- All or nothing, in one transaction; on any version but 3 it stops.

BEGIN;

SET LOCAL client_min_messages = warning;

-- Nobody publishes, reads or upgrades while the tables change.
LOCK TABLE respite.settings, respite.day_rows IN ACCESS EXCLUSIVE MODE;

DO $$
DECLARE
  version integer := (SELECT schema_version FROM respite.settings);
BEGIN
  IF version IS DISTINCT FROM 3 THEN
    RAISE EXCEPTION 'the team store has schema version %; this script upgrades version 3', version
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
END;
$$;

-- Nobody reads raw rows any more: leads and HR read sealed_figures.
DROP VIEW respite.team_aggregates;
DROP VIEW respite.rows_by_period;
DROP VIEW respite.store_info;

ALTER TABLE respite.settings
  ADD COLUMN seal_after_days integer NOT NULL DEFAULT 3 CHECK (seal_after_days BETWEEN 0 AND 60),
  ADD COLUMN sealed_through date CHECK (extract (isodow FROM sealed_through) = 7);

CREATE INDEX day_rows_by_day ON respite.day_rows (day);

-- The first day each policy version was published: its age in the figures
-- counts from it (or from the date the version starts with). The
-- organisation's, nobody's: it outlives the raw rows.
CREATE TABLE respite.policy_versions (
  policy_version text PRIMARY KEY CHECK (length(policy_version) <= 100),
  first_day      date NOT NULL
);

-- How many members (and respondents) each week had in each month it falls
-- in, written when the week is sealed: what the k rule of a month needs
-- once the week's rows are gone. Never shown: a piece may count one person.
CREATE TABLE respite.sealed_pieces (
  team        text NOT NULL,
  week_start  date NOT NULL,
  month_start date NOT NULL,
  members     integer NOT NULL,
  respondents integer NOT NULL,
  PRIMARY KEY (team, week_start, month_start)
);

-- The figures leads and HR see: one row per team and sealed week or month,
-- computed once by seal_through() with the k rules applied, and never
-- changed. A hidden group keeps its team and period, and NULL for every
-- figure. k is the store's when the period was sealed.
CREATE TABLE respite.sealed_figures (
  period                text NOT NULL CHECK (period IN ('week', 'month')),
  period_start          date NOT NULL,
  period_end            date NOT NULL,
  team                  text NOT NULL,
  members               integer,
  member_days           integer,
  exposure_hours        double precision,
  median_exposure_hours double precision,
  cap_exceeded_share    double precision,
  breaks_prompted       integer,
  breaks_taken          integer,
  checkin_participation double precision,
  wellbeing_respondents integer,
  wellbeing_mean        double precision,
  who5_very_low         integer,
  who5_low              integer,
  who5_good             integer,
  who5_member_mean      double precision,
  policy_version        text,
  policy_age_days       integer,
  k                     integer NOT NULL,
  sealed_at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (period, team, period_start)
);
CREATE INDEX sealed_figures_by_start ON respite.sealed_figures (period, period_start);

CREATE VIEW respite.store_info AS
  SELECT schema_version, k, seal_after_days, sealed_through FROM respite.settings;

-- The store's today: the server's date, never a client's, so that no
-- reader can seal a period early and no reviewer's clock decides. (A test
-- may replace it, as a superuser, to fix the date.)
CREATE OR REPLACE FUNCTION respite.today ()
  RETURNS date
  LANGUAGE sql
  STABLE
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT current_date $$;

-- Seals the periods from p_from (a Monday, the day after the last sealed
-- Sunday) to p_to (a Sunday): every week in that range, and every month
-- whose last week ends in it; then deletes the raw rows whose week and
-- month are both sealed, and moves the watermark. The caller,
-- seal_due(), holds the settings row locked. sqlite-seal.sql does the
-- same for SQLite: keep them in step.
--
-- The k rule: a group is shown only if every week it touches has at least
-- k members in each month the week falls in (each "piece"). A month minus
-- its other weeks cannot reveal a hidden week, because a month touching a
-- hidden week is hidden too; and a month minus its whole weeks, which is
-- the pieces of the weeks it shares with the months around it, cannot
-- reveal a piece of fewer than k people, because such a piece hides its
-- week. Wellbeing follows the same rule with the members who answered a
-- check-in, and the WHO-5 bands are each 0 or at least k, or all hidden.
-- What is sealed is never computed again, so no two readings differ.
CREATE OR REPLACE FUNCTION respite.seal_through (p_from date,
                                      p_to date)
  RETURNS void
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  -- An upgrade seals years at once: room to sort them in memory.
  SET work_mem = '64MB'
AS $$
BEGIN
  -- The pieces of the weeks being sealed, kept for the months' k rule.
  INSERT INTO respite.sealed_pieces (team, week_start, month_start, members, respondents)
    SELECT team, date_trunc('week', day)::date, date_trunc('month', day)::date,
           count(DISTINCT member),
           count(DISTINCT CASE WHEN wellbeing_count > 0 THEN member END)
      FROM respite.day_rows
     WHERE day BETWEEN p_from AND p_to
     GROUP BY team, date_trunc('week', day), date_trunc('month', day);

  INSERT INTO respite.sealed_figures
    WITH seal_rows AS (
      -- The weeks in the range, and the months whose last week ends in it
      -- (all their rows are still here).
      SELECT 'week'::text AS period,
             date_trunc('week', day)::date AS period_start,
             date_trunc('week', day)::date + 6 AS period_end,
             r.*
        FROM respite.day_rows r
       WHERE day BETWEEN p_from AND p_to
      UNION ALL
      SELECT 'month'::text,
             date_trunc('month', day)::date,
             (date_trunc('month', day) + interval '1 month - 1 day')::date,
             r.*
        FROM respite.day_rows r
       -- A month whose last week ends from p_from on ends on p_from - 6 or
       -- later: its days are all in the indexed range, which the exact
       -- test narrows.
       WHERE day BETWEEN date_trunc('month', p_from - 6)::date AND p_to
         AND date_trunc('week', date_trunc('month', day) + interval '1 month - 1 day')::date + 6
             BETWEEN p_from AND p_to
    ), k AS (
      SELECT k FROM respite.settings
    ), groups AS (
      SELECT period, period_start, period_end, team,
             count(DISTINCT member) AS members,
             count(DISTINCT CASE WHEN wellbeing_count > 0 THEN member END) AS respondents,
             count(DISTINCT CASE WHEN checkins_done > 0 THEN member END) AS checkin_members,
             count(*) AS member_days,
             sum(exposure_1_seconds + exposure_2_seconds + exposure_3_seconds) AS exposure_seconds,
             sum(CASE WHEN cap_exceeded THEN 1 ELSE 0 END) AS cap_exceeded_days,
             sum(breaks_prompted) AS breaks_prompted,
             sum(breaks_taken) AS breaks_taken,
             sum(wellbeing_sum) AS wellbeing_sum,
             sum(wellbeing_count) AS wellbeing_count
        FROM seal_rows
       GROUP BY period, period_start, period_end, team
    ), member_scores AS (
      -- Each respondent's mean WHO-5 score over the period, in per cent
      -- (raw × 4: RespiteSummary publishes the WHO-5's percentage).
      SELECT period, period_start, team, sum(wellbeing_sum) * 1.0 / sum(wellbeing_count) AS score
        FROM seal_rows
       WHERE wellbeing_count > 0
       GROUP BY period, period_start, team, member
    ), band_counts AS (
      -- docs/instruments.md: very low raw 0–7 (< 32 %), low 8–12, good 13–25 (≥ 52 %).
      SELECT period, period_start, team,
             count(CASE WHEN score < 32 THEN 1 END) AS very_low,
             count(CASE WHEN score >= 32 AND score < 52 THEN 1 END) AS low,
             count(CASE WHEN score >= 52 THEN 1 END) AS good,
             avg(score) AS member_mean
        FROM member_scores
       GROUP BY period, period_start, team
    ), bands AS (
      SELECT b.*,
             NOT (b.very_low BETWEEN 1 AND k.k - 1 OR b.low BETWEEN 1 AND k.k - 1
                  OR b.good BETWEEN 1 AND k.k - 1) AS bands_shown
        FROM band_counts b, k
    ), policies AS (
      -- The policy most member-days of the group ran under.
      SELECT period, period_start, team, policy_version,
             row_number () OVER (PARTITION BY period, period_start, team
                                 ORDER BY count(*) DESC, max(day) DESC) AS n
        FROM seal_rows
       WHERE policy_version IS NOT NULL
       GROUP BY period, period_start, team, policy_version
    ), ranked AS (
      SELECT period, period_start, team,
             exposure_1_seconds + exposure_2_seconds + exposure_3_seconds AS seconds,
             row_number () OVER (PARTITION BY period, period_start, team
                                 ORDER BY exposure_1_seconds + exposure_2_seconds + exposure_3_seconds) AS n,
             count(*) OVER (PARTITION BY period, period_start, team) AS total
        FROM seal_rows
    ), medians AS (
      SELECT period, period_start, team, avg(seconds) AS median_seconds
        FROM ranked
       WHERE n IN ((total + 1) / 2, (total + 2) / 2)
       GROUP BY period, period_start, team
    ), flagged AS (
      -- Every week touching the period is sealed by now, so its pieces
      -- are all in sealed_pieces, whether its rows are still here or not.
      SELECT g.*,
             NOT EXISTS (SELECT 1 FROM respite.sealed_pieces w, k
                          WHERE w.team = g.team
                            AND w.week_start <= g.period_end AND w.week_start + 6 >= g.period_start
                            AND w.members < k.k) AS shown,
             g.respondents > 0 AND
             NOT EXISTS (SELECT 1 FROM respite.sealed_pieces w, k
                          WHERE w.team = g.team
                            AND w.week_start <= g.period_end AND w.week_start + 6 >= g.period_start
                            AND w.respondents BETWEEN 1 AND k.k - 1) AS wellbeing_shown
        FROM groups g
    )
    SELECT f.period, f.period_start, f.period_end, f.team,
           CASE WHEN shown THEN f.members END,
           CASE WHEN shown THEN f.member_days END,
           CASE WHEN shown THEN f.exposure_seconds / 3600.0 END,
           CASE WHEN shown THEN m.median_seconds / 3600.0 END,
           CASE WHEN shown THEN f.cap_exceeded_days * 1.0 / f.member_days END,
           CASE WHEN shown THEN f.breaks_prompted END,
           CASE WHEN shown THEN f.breaks_taken END,
           CASE WHEN shown THEN f.checkin_members * 1.0 / f.members END,
           CASE WHEN shown AND wellbeing_shown THEN f.respondents END,
           CASE WHEN shown AND wellbeing_shown THEN f.wellbeing_sum * 1.0 / f.wellbeing_count END,
           CASE WHEN shown AND wellbeing_shown AND bands_shown THEN b.very_low END,
           CASE WHEN shown AND wellbeing_shown AND bands_shown THEN b.low END,
           CASE WHEN shown AND wellbeing_shown AND bands_shown THEN b.good END,
           CASE WHEN shown AND wellbeing_shown THEN b.member_mean END,
           -- The organisation's policy is no one's figure: always shown. A
           -- version that starts with YYYY-MM dates itself; any other, from
           -- the first day it was published.
           p.policy_version,
           f.period_end - CASE WHEN p.policy_version ~ '^[0-9]{4}-(0[1-9]|1[0-2])'
                               THEN to_date (substr (p.policy_version, 1, 7) || '-01', 'YYYY-MM-DD')
                               ELSE v.first_day END,
           k.k,
           now()
      FROM flagged f
      JOIN medians m USING (period, period_start, team)
      CROSS JOIN k
      LEFT JOIN bands b USING (period, period_start, team)
      LEFT JOIN policies p ON p.period = f.period AND p.period_start = f.period_start
                          AND p.team = f.team AND p.n = 1
      LEFT JOIN respite.policy_versions v ON v.policy_version = p.policy_version;

  -- Raw rows whose week and month are both sealed are needed no more. The
  -- row-level security of roles.sql lets this delete through only while
  -- respite.sealing is on.
  PERFORM set_config('respite.sealing', 'on', true);
  DELETE FROM respite.day_rows
   WHERE day <= p_to
     AND date_trunc('week', date_trunc('month', day) + interval '1 month - 1 day')::date + 6 <= p_to;
  PERFORM set_config('respite.sealing', '', true);

  UPDATE respite.settings SET sealed_through = p_to;
END;
$$;

-- Seals every period that is due: over for seal_after_days days by the
-- server's date. Every reader calls it first (the app, respite-report),
-- and publish() does once the store has been sealed at all; cron may call
-- it through `respite-report seal`. The settings row is locked, so two
-- sealers at once seal once, and publish() waits for a sealing under way.
-- Returns the Sunday every week is now sealed to (NULL: nothing yet).
CREATE OR REPLACE FUNCTION respite.seal_due ()
  RETURNS date
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  s respite.settings%ROWTYPE;
  due date;
  first date;
BEGIN
  -- Looked at without a lock first: most calls find nothing due.
  SELECT * INTO s FROM respite.settings;
  -- The last Sunday at least seal_after_days + 1 days before today.
  due := date_trunc('week', respite.today() - s.seal_after_days)::date - 1;
  IF s.sealed_through IS NOT NULL AND due <= s.sealed_through THEN
    RETURN s.sealed_through;
  END IF;

  -- Then again under the lock: a second sealer waits, then finds it done.
  SELECT * INTO s FROM respite.settings FOR UPDATE;
  IF s.sealed_through IS NOT NULL AND due <= s.sealed_through THEN
    RETURN s.sealed_through;
  END IF;

  -- From the day after the last sealed Sunday; the first time, from the
  -- week of the first row (or nothing: an empty store only sets its mark).
  IF s.sealed_through IS NOT NULL THEN
    first := s.sealed_through + 1;
  ELSE
    SELECT coalesce (date_trunc('week', min(day))::date, due + 1) INTO first
      FROM respite.day_rows;
  END IF;

  PERFORM respite.seal_through (first, due);
  RETURN due;
END;
$$;

-- Publishes one day of one member: an idempotent upsert, which moves the
-- day if it was published under another team. The first publication of a
-- member registers the hash of its secret; every later one, and
-- erase_member(), must present the same secret.
--
-- It runs as the tables' owner (SECURITY DEFINER), with a pinned
-- search_path so that a caller's own objects cannot stand in for ours, and
-- tells the row-level security policies (roles.sql) which member it acts
-- for, so that even a mistake here could not touch another member's rows.
CREATE OR REPLACE FUNCTION respite.publish (p_secret text,
                                 p_team text,
                                 p_member text,
                                 p_day date,
                                 p_exposure_1_seconds integer,
                                 p_exposure_2_seconds integer,
                                 p_exposure_3_seconds integer,
                                 p_longest_block_seconds integer,
                                 p_breaks_prompted integer,
                                 p_breaks_taken integer,
                                 p_breaks_snoozed integer,
                                 p_breaks_skipped integer,
                                 p_cap_exceeded boolean,
                                 p_checkins_done integer,
                                 p_wellbeing_sum integer,
                                 p_wellbeing_count integer,
                                 p_policy_version text)
  RETURNS void
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  hash bytea;
  stored bytea;
  sealed date;
BEGIN
  IF p_secret IS NULL OR length(p_secret) < 16 THEN
    RAISE EXCEPTION 'the member secret is missing or too short'
      USING ERRCODE = 'invalid_authorization_specification';
  END IF;
  hash := sha256(convert_to(p_secret, 'UTF8'));

  PERFORM set_config('respite.member', p_member, true);
  -- Only seal_through() may turn this on (roles.sql, sealing_delete).
  PERFORM set_config('respite.sealing', '', true);

  INSERT INTO respite.members (member, secret_hash) VALUES (p_member, hash)
    ON CONFLICT (member) DO NOTHING;
  SELECT secret_hash INTO stored FROM respite.members WHERE member = p_member FOR UPDATE;
  IF stored IS DISTINCT FROM hash THEN
    RAISE EXCEPTION 'the member secret does not match'
      USING ERRCODE = 'invalid_authorization_specification';
  END IF;

  -- The table's CHECK, first, so that no day outside it reaches the date
  -- arithmetic below.
  IF NOT (p_day BETWEEN '1970-01-01' AND '9999-12-31') THEN
    RAISE EXCEPTION 'a team store keeps no day %', p_day
      USING ERRCODE = 'check_violation';
  END IF;

  -- A day of a sealed week is refused for good (SQLSTATE RS001): its
  -- figures are final. FOR SHARE: publishers go side by side, and a
  -- sealer waits for them, or they for it. A day after tomorrow (the
  -- reviewer's clock is wrong, or its zone far east) waits until it comes.
  SELECT sealed_through INTO sealed FROM respite.settings FOR SHARE;
  IF date_trunc('week', p_day)::date + 6 <= sealed THEN
    RAISE EXCEPTION 'the week of % is sealed: its figures are final', p_day
      USING ERRCODE = 'RS001';
  END IF;
  IF p_day > respite.today() + 1 THEN
    RAISE EXCEPTION '% is in the future: the team store''s day is %', p_day, respite.today()
      USING ERRCODE = 'invalid_parameter_value';
  END IF;

  -- A member-day lives in one team, the latest it was published under: a
  -- reviewer whose policy names another team republishes the day there,
  -- and the row left in the old team would count in both. The key stays
  -- (team, member, day) and this keeps it to one row per member and day.
  -- It names only the member whose secret was just checked (and the
  -- member_delete policy of roles.sql allows no other).
  DELETE FROM respite.day_rows
   WHERE member = p_member AND day = p_day AND team <> p_team;

  IF p_policy_version IS NOT NULL THEN
    INSERT INTO respite.policy_versions VALUES (p_policy_version, p_day)
      ON CONFLICT (policy_version) DO UPDATE
        SET first_day = least (policy_versions.first_day, excluded.first_day);
  END IF;

  INSERT INTO respite.day_rows AS r
    VALUES (p_team, p_member, p_day,
            p_exposure_1_seconds, p_exposure_2_seconds, p_exposure_3_seconds,
            p_longest_block_seconds,
            p_breaks_prompted, p_breaks_taken, p_breaks_snoozed, p_breaks_skipped,
            p_cap_exceeded, p_checkins_done, p_wellbeing_sum, p_wellbeing_count,
            p_policy_version)
    ON CONFLICT (team, member, day) DO UPDATE SET
      exposure_1_seconds = excluded.exposure_1_seconds,
      exposure_2_seconds = excluded.exposure_2_seconds,
      exposure_3_seconds = excluded.exposure_3_seconds,
      longest_block_seconds = excluded.longest_block_seconds,
      breaks_prompted = excluded.breaks_prompted,
      breaks_taken = excluded.breaks_taken,
      breaks_snoozed = excluded.breaks_snoozed,
      breaks_skipped = excluded.breaks_skipped,
      cap_exceeded = excluded.cap_exceeded,
      checkins_done = excluded.checkins_done,
      wellbeing_sum = excluded.wellbeing_sum,
      wellbeing_count = excluded.wellbeing_count,
      policy_version = excluded.policy_version;
END;
$$;

-- Erases every raw row of a member, in every team, and forgets the member.
-- Erasing a member that is not there succeeds: the result is the same.
-- Sealed figures stay: each comes from at least k people, and is final.
CREATE OR REPLACE FUNCTION respite.erase_member (p_member text,
                                      p_secret text)
  RETURNS void
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  stored bytea;
BEGIN
  PERFORM set_config('respite.member', p_member, true);
  PERFORM set_config('respite.sealing', '', true);

  SELECT secret_hash INTO stored FROM respite.members WHERE member = p_member FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF p_secret IS NULL OR stored IS DISTINCT FROM sha256(convert_to(p_secret, 'UTF8')) THEN
    RAISE EXCEPTION 'the member secret does not match'
      USING ERRCODE = 'invalid_authorization_specification';
  END IF;

  DELETE FROM respite.day_rows WHERE member = p_member;
  DELETE FROM respite.members WHERE member = p_member;
END;
$$;

-- Owners, grants and row-level security, as roles.sql gives them.
ALTER TABLE respite.policy_versions OWNER TO respite_owner;
ALTER TABLE respite.sealed_pieces OWNER TO respite_owner;
ALTER TABLE respite.sealed_figures OWNER TO respite_owner;
ALTER VIEW respite.store_info OWNER TO respite_owner;
ALTER FUNCTION respite.today () OWNER TO respite_owner;
ALTER FUNCTION respite.seal_through (date, date) OWNER TO respite_owner;
ALTER FUNCTION respite.seal_due () OWNER TO respite_owner;
REVOKE ALL ON respite.policy_versions, respite.sealed_pieces, respite.sealed_figures,
              respite.store_info FROM PUBLIC;
REVOKE ALL ON FUNCTION respite.today (), respite.seal_through (date, date), respite.seal_due ()
  FROM PUBLIC;
GRANT SELECT ON respite.store_info TO respite_reviewer, respite_lead, respite_hr;
GRANT SELECT ON respite.sealed_figures TO respite_lead, respite_hr;
GRANT EXECUTE ON FUNCTION respite.seal_due () TO respite_reviewer, respite_lead, respite_hr;
CREATE POLICY sealing_delete ON respite.day_rows FOR DELETE TO respite_owner
  USING (current_setting('respite.sealing', true) = 'on');

-- Each policy version's first day, from the rows there are.
INSERT INTO respite.policy_versions (policy_version, first_day)
  SELECT policy_version, min(day) FROM respite.day_rows
   WHERE policy_version IS NOT NULL
   GROUP BY policy_version;

UPDATE respite.settings SET schema_version = 4;

-- Seal what is due now, from the rows the store holds, and delete those
-- no open period needs.
SELECT respite.seal_due ();

COMMIT;
