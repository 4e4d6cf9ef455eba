-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Upgrades a Respite team store on PostgreSQL from schema version 2 to 3
-- (issue #10). `respite-report init` runs it on a version 2 database (the
-- app itself never needs the rights to); by hand, as a superuser:
--
--   psql -v ON_ERROR_STOP=1 -d respite -f migrate-2-3.sql
--
-- Version 2 showed one person through a month minus its whole weeks, let a
-- day such as 'infinity' break the views for every reader, let a lead or
-- HR poison the ledger with an ε of Infinity, and counted the day of a
-- reviewer who changed team in both teams. Afterwards the database has the
-- objects schema.sql creates today: the view and the functions are copies
-- of its text (tests/pg/test-team-store-pg.c checks that they stay so).
-- Owners and grants are kept: roles.sql need not run again.
--
-- All or nothing, in one transaction. Running it again on version 3 does
-- the same again and changes nothing; on any other version it stops.

BEGIN;

-- Only what the administrator should read: not "constraint … does not
-- exist, skipping".
SET LOCAL client_min_messages = warning;

-- Nobody publishes, reads or upgrades while the tables change.
LOCK TABLE respite.settings, respite.day_rows IN ACCESS EXCLUSIVE MODE;

DO $$
DECLARE
  version integer := (SELECT schema_version FROM respite.settings);
BEGIN
  IF version IS DISTINCT FROM 2 AND version IS DISTINCT FROM 3 THEN
    RAISE EXCEPTION 'the team store has schema version %; this script upgrades version 2', version
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
END;
$$;

-- A day outside 1970–9999 is nobody's working day: the app never sent one,
-- a hostile call did, and an 'infinity' made the views fail for everyone.
-- Such rows are moved, not deleted, to a table that only the administrator
-- reads (no grant, and not in any view), so that the CHECK below holds on
-- every row. Erasing their member still erases them (ON DELETE CASCADE).
DO $$
DECLARE
  moved bigint;
BEGIN
  IF EXISTS (SELECT 1 FROM respite.day_rows
              WHERE NOT (day BETWEEN '1970-01-01' AND '9999-12-31')) THEN
    CREATE TABLE IF NOT EXISTS respite.day_rows_out_of_range (
      LIKE respite.day_rows,
      FOREIGN KEY (member) REFERENCES respite.members ON DELETE CASCADE
    );
    ALTER TABLE respite.day_rows_out_of_range OWNER TO respite_owner;
    REVOKE ALL ON respite.day_rows_out_of_range FROM PUBLIC;

    WITH gone AS (
      DELETE FROM respite.day_rows
       WHERE NOT (day BETWEEN '1970-01-01' AND '9999-12-31')
      RETURNING *
    )
    INSERT INTO respite.day_rows_out_of_range SELECT * FROM gone;
    GET DIAGNOSTICS moved = ROW_COUNT;
    RAISE WARNING 'rows of days outside 1970 to 9999, moved to respite.day_rows_out_of_range: %',
      moved;
  END IF;
END;
$$;

-- The name PostgreSQL gives the column's CHECK in schema.sql.
ALTER TABLE respite.day_rows DROP CONSTRAINT IF EXISTS day_rows_day_check;
ALTER TABLE respite.day_rows
  ADD CONSTRAINT day_rows_day_check CHECK (day BETWEEN '1970-01-01' AND '9999-12-31');

-- The rule that hides small groups, with weeks split at month ends: see
-- schema.sql for why.
CREATE OR REPLACE VIEW respite.team_aggregates AS
  WITH k AS (
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
      FROM respite.rows_by_period
     GROUP BY period, period_start, period_end, team
  ), member_scores AS (
    -- Each respondent's mean WHO-5 score over the period, in per cent (raw × 4:
    -- RespiteSummary publishes the WHO-5's percentage).
    SELECT period, period_start, team, sum(wellbeing_sum) * 1.0 / sum(wellbeing_count) AS score
      FROM respite.rows_by_period
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
    -- The bands are counts of people: each must be 0 or at least k, and if
    -- one is not, all are hidden, so that none can be recomputed from the
    -- respondents and the others.
    SELECT b.*,
           NOT (b.very_low BETWEEN 1 AND k.k - 1 OR b.low BETWEEN 1 AND k.k - 1
                OR b.good BETWEEN 1 AND k.k - 1) AS bands_shown
      FROM band_counts b, k
  ), policies AS (
    -- The policy most member-days of the group ran under.
    SELECT period, period_start, team, policy_version,
           row_number () OVER (PARTITION BY period, period_start, team
                               ORDER BY count(*) DESC, max(day) DESC) AS n
      FROM respite.rows_by_period
     WHERE policy_version IS NOT NULL
     GROUP BY period, period_start, team, policy_version
  ), policy_since AS (
    -- A version that starts with YYYY-MM dates itself; any other, from the
    -- first day it was published.
    SELECT policy_version,
           CASE WHEN policy_version ~ '^[0-9]{4}-(0[1-9]|1[0-2])'
                THEN to_date (substr (policy_version, 1, 7) || '-01', 'YYYY-MM-DD')
                ELSE min(day) END AS since
      FROM respite.day_rows
     WHERE policy_version IS NOT NULL
     GROUP BY policy_version
  ), ranked AS (
    SELECT period, period_start, team,
           exposure_1_seconds + exposure_2_seconds + exposure_3_seconds AS seconds,
           row_number () OVER (PARTITION BY period, period_start, team
                               ORDER BY exposure_1_seconds + exposure_2_seconds + exposure_3_seconds) AS n,
           count(*) OVER (PARTITION BY period, period_start, team) AS total
      FROM respite.rows_by_period
  ), medians AS (
    SELECT period, period_start, team, avg(seconds) AS median_seconds
      FROM ranked
     WHERE n IN ((total + 1) / 2, (total + 2) / 2)
     GROUP BY period, period_start, team
  ), pieces AS (
    -- Each week cut at the end of a month: one piece, or two when the week
    -- straddles months. A piece is never smaller than its week, so a week
    -- of fewer than k has a piece of fewer than k.
    SELECT team, date_trunc('week', day)::date AS week_start,
           count(DISTINCT member) AS members,
           count(DISTINCT CASE WHEN wellbeing_count > 0 THEN member END) AS respondents
      FROM respite.day_rows
     GROUP BY team, date_trunc('week', day), date_trunc('month', day)
  ), flagged AS (
    SELECT g.*,
           NOT EXISTS (SELECT 1 FROM pieces w, k
                        WHERE w.team = g.team
                          AND w.week_start <= g.period_end AND w.week_start + 6 >= g.period_start
                          AND w.members < k.k) AS shown,
           g.respondents > 0 AND
           NOT EXISTS (SELECT 1 FROM pieces w, k
                        WHERE w.team = g.team
                          AND w.week_start <= g.period_end AND w.week_start + 6 >= g.period_start
                          AND w.respondents BETWEEN 1 AND k.k - 1) AS wellbeing_shown
      FROM groups g
  )
  SELECT f.period, f.period_start, f.period_end, f.team,
         CASE WHEN shown THEN f.members END AS members,
         CASE WHEN shown THEN f.member_days END AS member_days,
         CASE WHEN shown THEN f.exposure_seconds / 3600.0 END AS exposure_hours,
         CASE WHEN shown THEN m.median_seconds / 3600.0 END AS median_exposure_hours,
         CASE WHEN shown THEN f.cap_exceeded_days * 1.0 / f.member_days END AS cap_exceeded_share,
         CASE WHEN shown THEN f.breaks_prompted END AS breaks_prompted,
         CASE WHEN shown THEN f.breaks_taken END AS breaks_taken,
         CASE WHEN shown THEN f.checkin_members * 1.0 / f.members END AS checkin_participation,
         CASE WHEN shown AND wellbeing_shown THEN f.respondents END AS wellbeing_respondents,
         CASE WHEN shown AND wellbeing_shown
              THEN f.wellbeing_sum * 1.0 / f.wellbeing_count END AS wellbeing_mean,
         CASE WHEN shown AND wellbeing_shown AND bands_shown THEN b.very_low END AS who5_very_low,
         CASE WHEN shown AND wellbeing_shown AND bands_shown THEN b.low END AS who5_low,
         CASE WHEN shown AND wellbeing_shown AND bands_shown THEN b.good END AS who5_good,
         CASE WHEN shown AND wellbeing_shown THEN b.member_mean END AS who5_member_mean,
         -- The organisation's policy is no one's figure: always shown.
         p.policy_version,
         f.period_end - s.since AS policy_age_days
    FROM flagged f
    JOIN medians m USING (period, period_start, team)
    LEFT JOIN bands b USING (period, period_start, team)
    LEFT JOIN policies p ON p.period = f.period AND p.period_start = f.period_start
                        AND p.team = f.team AND p.n = 1
    LEFT JOIN policy_since s ON s.policy_version = p.policy_version;

-- The ledger refuses an ε or budget that is not a finite number, and a k
-- below the store's.
CREATE OR REPLACE FUNCTION respite.record_release (p_from date,
                                        p_to date,
                                        p_k integer,
                                        p_epsilon double precision,
                                        p_budget double precision)
  RETURNS double precision
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  spent double precision;
BEGIN
  -- Whoever may record may not poison the ledger: an ε of Infinity or NaN
  -- would refuse every later release of these days, and a k below the
  -- store's would record a release that could not have happened.
  IF NOT (p_epsilon BETWEEN 0 AND 100) OR NOT (p_budget >= 0 AND p_budget < 'Infinity')
     OR p_k IS NULL OR p_k < (SELECT k FROM respite.settings) THEN
    RAISE EXCEPTION 'ε must be from 0 to 100, the budget finite, and k at least the store''s'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  LOCK TABLE respite.releases IN SHARE ROW EXCLUSIVE MODE;
  SELECT coalesce (sum (epsilon), 0) INTO spent FROM respite.releases
   WHERE from_day <= p_to AND to_day >= p_from;
  IF p_epsilon > 0 AND spent + p_epsilon > p_budget + 1e-9 THEN
    RAISE EXCEPTION 'the privacy budget would be exceeded'
      USING ERRCODE = 'RB001';
  END IF;
  INSERT INTO respite.releases (from_day, to_day, k, epsilon)
    VALUES (p_from, p_to, p_k, p_epsilon);
  RETURN spent + p_epsilon;
END;
$$;

-- publish() deletes the member's row of the day in any other team before
-- it writes the day: see schema.sql for why. A version 2 store may
-- already hold such a day twice; which team came last is not recorded, so
-- both rows stay until the reviewer publishes that day again.
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
BEGIN
  IF p_secret IS NULL OR length(p_secret) < 16 THEN
    RAISE EXCEPTION 'the member secret is missing or too short'
      USING ERRCODE = 'invalid_authorization_specification';
  END IF;
  hash := sha256(convert_to(p_secret, 'UTF8'));

  PERFORM set_config('respite.member', p_member, true);

  INSERT INTO respite.members (member, secret_hash) VALUES (p_member, hash)
    ON CONFLICT (member) DO NOTHING;
  SELECT secret_hash INTO stored FROM respite.members WHERE member = p_member FOR UPDATE;
  IF stored IS DISTINCT FROM hash THEN
    RAISE EXCEPTION 'the member secret does not match'
      USING ERRCODE = 'invalid_authorization_specification';
  END IF;

  -- A member-day lives in one team, the latest it was published under: a
  -- reviewer whose policy names another team republishes the day there,
  -- and the row left in the old team would count in both. The key stays
  -- (team, member, day) and this keeps it to one row per member and day.
  -- It names only the member whose secret was just checked (and the
  -- member_delete policy of roles.sql allows no other).
  DELETE FROM respite.day_rows
   WHERE member = p_member AND day = p_day AND team <> p_team;

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

UPDATE respite.settings SET schema_version = 3;

COMMIT;
