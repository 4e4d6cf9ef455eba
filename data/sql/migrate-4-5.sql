-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Upgrades a Respite team store on PostgreSQL from schema version 4 to 5
-- (issue #18). `respite-report init` runs it on a version 4 database (after
-- migrate-3-4.sql on an older one); the app itself never needs the rights
-- to. By hand, as a superuser:
--
--   psql -v ON_ERROR_STOP=1 -d respite -f migrate-4-5.sql
--
-- Version 5 adds groups above teams: day_rows.team_group; sealed_pieces
-- and sealed_figures get a unit ('team' or 'group') in their key, and the
-- figures coverage; registrations holds each member's latest team. Every
-- sealed figure of version 4 is kept, as a team's. reader_teams holds the
-- teams each lead's login may read, which row-level security enforces on
-- sealed_figures: until the administrator fills it, leads read nothing. seal_through() and
-- publish() are copies of schema.sql's text (tests/pg/test-team-store-pg.c
-- checks that they stay so); publish() takes the group as an 18th argument,
-- which defaults to none. Owners and grants follow roles.sql.
--
-- All or nothing, in one transaction; on any version but 4 it stops.

BEGIN;

SET LOCAL client_min_messages = warning;

-- Nobody publishes, reads or upgrades while the tables change.
LOCK TABLE respite.settings, respite.day_rows IN ACCESS EXCLUSIVE MODE;

DO $$
DECLARE
  version integer := (SELECT schema_version FROM respite.settings);
BEGIN
  IF version IS DISTINCT FROM 4 THEN
    RAISE EXCEPTION 'the team store has schema version %; this script upgrades version 4', version
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
END;
$$;

LOCK TABLE respite.sealed_figures IN ACCESS EXCLUSIVE MODE;

ALTER TABLE respite.day_rows
  ADD COLUMN team_group text CHECK (length(team_group) BETWEEN 1 AND 100);

-- publish() looks a member's day up in every team: by member and day.
DROP INDEX respite.day_rows_by_member;
CREATE INDEX day_rows_by_member ON respite.day_rows (member, day);

ALTER TABLE respite.sealed_pieces
  ADD COLUMN unit text NOT NULL DEFAULT 'team' CHECK (unit IN ('team', 'group')),
  DROP CONSTRAINT sealed_pieces_pkey,
  ADD PRIMARY KEY (unit, team, week_start, month_start);

ALTER TABLE respite.sealed_figures
  ADD COLUMN unit text NOT NULL DEFAULT 'team' CHECK (unit IN ('team', 'group')),
  ADD COLUMN registered integer,
  ADD COLUMN coverage double precision,
  DROP CONSTRAINT sealed_figures_pkey,
  ADD PRIMARY KEY (period, unit, team, period_start);

-- The teams, and groups, each lead's login may read the sealed figures of:
-- the administrator fills it (docs/team-store.md); roles.sql's row-level
-- security on sealed_figures reads it. HR reads every team. A group granted
-- gives the group's figures, not its teams' (schema 5).
CREATE TABLE respite.reader_teams (
  login name NOT NULL,
  unit  text NOT NULL DEFAULT 'team' CHECK (unit IN ('team', 'group')),
  team  text NOT NULL,
  PRIMARY KEY (login, unit, team)
);

-- The team (and group) each member published to last: who is registered
-- in a team, for coverage. Erasing the member removes it (schema 5).
CREATE TABLE respite.registrations (
  member     text PRIMARY KEY REFERENCES respite.members ON DELETE CASCADE,
  team       text NOT NULL,
  team_group text
);
CREATE INDEX registrations_by_team ON respite.registrations (team);

-- Seals the periods from p_from (a Monday, the day after the last sealed
-- Sunday) to p_to (a Sunday): every week in that range, and every month
-- whose last week ends in it; then deletes the raw rows whose week and
-- month are both sealed, and moves the watermark. The caller,
-- seal_due(), holds the settings row locked. sqlite-seal.sql,
-- sqlite-seal-complement.sql and sqlite-seal-end.sql do the same for
-- SQLite: keep them in step.
--
-- Every row counts in its team, and in its group if it has one (unit
-- 'group'); k applies to the group's distinct members (schema 5).
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
--
-- Complementary suppression, then, until a round changes nothing: a shown
-- group minus its shown teams is what its hidden teams did. If those count
-- 1 to k - 1 people, the shown team with the fewest members is hidden too
-- (one per group and round); if none is left, the group is. The same for
-- the respondents behind the wellbeing figures and for each WHO-5 band;
-- and a month goes with any hidden week of its team or group.
CREATE OR REPLACE FUNCTION respite.seal_through (p_from date,
                                      p_to date)
  RETURNS void
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  -- An upgrade seals years at once: room to sort them in memory.
  SET work_mem = '64MB'
AS $$
DECLARE
  changed bigint;
  hidden_now bigint;
BEGIN
  -- The pieces of the weeks being sealed, kept for the months' k rule.
  INSERT INTO respite.sealed_pieces (unit, team, week_start, month_start, members, respondents)
    SELECT u.unit, u.name, date_trunc('week', r.day)::date, date_trunc('month', r.day)::date,
           count(DISTINCT r.member),
           count(DISTINCT CASE WHEN r.wellbeing_count > 0 THEN r.member END)
      FROM respite.day_rows r
     CROSS JOIN LATERAL (VALUES ('team', r.team), ('group', r.team_group)) AS u (unit, name)
     WHERE r.day BETWEEN p_from AND p_to AND u.name IS NOT NULL
     GROUP BY u.unit, u.name, date_trunc('week', r.day), date_trunc('month', r.day);

  INSERT INTO respite.sealed_figures
    WITH unit_rows AS (
      SELECT u.unit, u.name AS team, r.member, r.day,
             r.exposure_1_seconds, r.exposure_2_seconds, r.exposure_3_seconds,
             r.breaks_prompted, r.breaks_taken, r.cap_exceeded, r.checkins_done,
             r.wellbeing_sum, r.wellbeing_count, r.policy_version
        FROM respite.day_rows r
       CROSS JOIN LATERAL (VALUES ('team', r.team), ('group', r.team_group)) AS u (unit, name)
       -- A month whose last week ends from p_from on ends on p_from - 6 or
       -- later: its days are all in the indexed range.
       WHERE r.day BETWEEN date_trunc('month', p_from - 6)::date AND p_to
         AND u.name IS NOT NULL
    ), seal_rows AS (
      -- The weeks in the range, and the months whose last week ends in it
      -- (all their rows are still here).
      SELECT 'week'::text AS period,
             date_trunc('week', day)::date AS period_start,
             date_trunc('week', day)::date + 6 AS period_end,
             r.*
        FROM unit_rows r
       WHERE day BETWEEN p_from AND p_to
      UNION ALL
      SELECT 'month'::text,
             date_trunc('month', day)::date,
             (date_trunc('month', day) + interval '1 month - 1 day')::date,
             r.*
        FROM unit_rows r
       WHERE date_trunc('week', date_trunc('month', day) + interval '1 month - 1 day')::date + 6
             BETWEEN p_from AND p_to
    ), k AS (
      SELECT k FROM respite.settings
    ), groups AS (
      SELECT period, period_start, period_end, unit, team,
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
       GROUP BY period, period_start, period_end, unit, team
    ), member_scores AS (
      -- Each respondent's mean WHO-5 score over the period, in per cent
      -- (raw × 4: RespiteSummary publishes the WHO-5's percentage).
      SELECT period, period_start, unit, team,
             sum(wellbeing_sum) * 1.0 / sum(wellbeing_count) AS score
        FROM seal_rows
       WHERE wellbeing_count > 0
       GROUP BY period, period_start, unit, team, member
    ), band_counts AS (
      -- docs/instruments.md: very low raw 0–7 (< 32 %), low 8–12, good 13–25 (≥ 52 %).
      SELECT period, period_start, unit, team,
             count(CASE WHEN score < 32 THEN 1 END) AS very_low,
             count(CASE WHEN score >= 32 AND score < 52 THEN 1 END) AS low,
             count(CASE WHEN score >= 52 THEN 1 END) AS good,
             avg(score) AS member_mean
        FROM member_scores
       GROUP BY period, period_start, unit, team
    ), bands AS (
      SELECT b.*,
             NOT (b.very_low BETWEEN 1 AND k.k - 1 OR b.low BETWEEN 1 AND k.k - 1
                  OR b.good BETWEEN 1 AND k.k - 1) AS bands_shown
        FROM band_counts b, k
    ), policies AS (
      -- The policy most member-days of the group ran under.
      SELECT period, period_start, unit, team, policy_version,
             row_number () OVER (PARTITION BY period, period_start, unit, team
                                 ORDER BY count(*) DESC, max(day) DESC) AS n
        FROM seal_rows
       WHERE policy_version IS NOT NULL
       GROUP BY period, period_start, unit, team, policy_version
    ), ranked AS (
      SELECT period, period_start, unit, team,
             exposure_1_seconds + exposure_2_seconds + exposure_3_seconds AS seconds,
             row_number () OVER (PARTITION BY period, period_start, unit, team
                                 ORDER BY exposure_1_seconds + exposure_2_seconds + exposure_3_seconds) AS n,
             count(*) OVER (PARTITION BY period, period_start, unit, team) AS total
        FROM seal_rows
    ), medians AS (
      SELECT period, period_start, unit, team, avg(seconds) AS median_seconds
        FROM ranked
       WHERE n IN ((total + 1) / 2, (total + 2) / 2)
       GROUP BY period, period_start, unit, team
    ), flagged AS (
      -- Every week touching the period is sealed by now, so its pieces
      -- are all in sealed_pieces, whether its rows are still here or not.
      SELECT g.*,
             NOT EXISTS (SELECT 1 FROM respite.sealed_pieces w, k
                          WHERE w.unit = g.unit AND w.team = g.team
                            AND w.week_start <= g.period_end AND w.week_start + 6 >= g.period_start
                            AND w.members < k.k) AS shown,
             g.respondents > 0 AND
             NOT EXISTS (SELECT 1 FROM respite.sealed_pieces w, k
                          WHERE w.unit = g.unit AND w.team = g.team
                            AND w.week_start <= g.period_end AND w.week_start + 6 >= g.period_start
                            AND w.respondents BETWEEN 1 AND k.k - 1) AS wellbeing_shown
        FROM groups g
    ), registered AS (
      -- Members whose latest team (or group) is this one, as they stand
      -- when the period is sealed.
      SELECT u.unit, u.name AS team, count(*) AS registered
        FROM respite.registrations r
       CROSS JOIN LATERAL (VALUES ('team', r.team), ('group', r.team_group)) AS u (unit, name)
       WHERE u.name IS NOT NULL
       GROUP BY u.unit, u.name
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
           now(),
           f.unit,
           -- Coverage: shown only when both counts are at least k, and
           -- never above 100 % (members who published here and moved on).
           CASE WHEN shown AND f.members >= k.k AND r.registered >= k.k THEN r.registered END,
           CASE WHEN shown AND f.members >= k.k AND r.registered >= k.k
                THEN least (f.members, r.registered) * 1.0 / r.registered END
      FROM flagged f
      JOIN medians m USING (period, period_start, unit, team)
      CROSS JOIN k
      LEFT JOIN bands b USING (period, period_start, unit, team)
      LEFT JOIN policies p ON p.period = f.period AND p.period_start = f.period_start
                          AND p.unit = f.unit AND p.team = f.team AND p.n = 1
      LEFT JOIN respite.policy_versions v ON v.policy_version = p.policy_version
      LEFT JOIN registered r ON r.unit = f.unit AND r.team = f.team;

  LOOP
    changed := 0;

    -- Members: the smallest shown team of each exposed group, or the group.
    UPDATE respite.sealed_figures x
       SET members = NULL, member_days = NULL, exposure_hours = NULL,
           median_exposure_hours = NULL, cap_exceeded_share = NULL, breaks_prompted = NULL,
           breaks_taken = NULL, checkin_participation = NULL, wellbeing_respondents = NULL,
           wellbeing_mean = NULL, who5_very_low = NULL, who5_low = NULL, who5_good = NULL,
           who5_member_mean = NULL, registered = NULL, coverage = NULL
      FROM (WITH k AS (
              SELECT k FROM respite.settings
            ), sealing AS (
              SELECT * FROM respite.sealed_figures f
               WHERE (f.period = 'week' AND f.period_start BETWEEN p_from AND p_to)
                  OR (f.period = 'month'
                      AND date_trunc('week', f.period_end)::date + 6 BETWEEN p_from AND p_to)
            ), team_rows AS (
              SELECT t.period, t.period_start, r.team_group, r.team, r.member,
                     t.members IS NULL AS hidden
                FROM sealing t
                JOIN respite.day_rows r ON r.team = t.team
                                       AND r.day BETWEEN t.period_start AND t.period_end
               WHERE t.unit = 'team' AND r.team_group IS NOT NULL
            ), exposed AS (
              SELECT h.period, h.period_start, h.team_group
                FROM (SELECT period, period_start, team_group,
                             count(DISTINCT member) FILTER (WHERE hidden) AS people
                        FROM team_rows GROUP BY period, period_start, team_group) h
                JOIN sealing g ON g.unit = 'group' AND g.team = h.team_group
                              AND g.period = h.period AND g.period_start = h.period_start
               CROSS JOIN k
               WHERE g.members IS NOT NULL AND h.people BETWEEN 1 AND k.k - 1
            ), candidates AS (
              SELECT e.period, e.period_start, e.team_group, t.team,
                     row_number () OVER (PARTITION BY e.period, e.period_start, e.team_group
                                         ORDER BY t.members, t.team) AS n
                FROM exposed e
                JOIN (SELECT DISTINCT period, period_start, team_group, team FROM team_rows) o
                  USING (period, period_start, team_group)
                JOIN sealing t ON t.unit = 'team' AND t.team = o.team
                              AND t.period = o.period AND t.period_start = o.period_start
               WHERE t.members IS NOT NULL
            )
            SELECT 'team' AS unit, team, period, period_start FROM candidates WHERE n = 1
            UNION ALL
            SELECT 'group', team_group, period, period_start FROM exposed e
             WHERE NOT EXISTS (SELECT 1 FROM candidates c
                                WHERE c.period = e.period AND c.period_start = e.period_start
                                  AND c.team_group = e.team_group)) h
     WHERE x.unit = h.unit AND x.team = h.team AND x.period = h.period
       AND x.period_start = h.period_start;
    GET DIAGNOSTICS hidden_now = ROW_COUNT;
    changed := changed + hidden_now;

    -- Respondents: the wellbeing figures of the smallest team showing them.
    UPDATE respite.sealed_figures x
       SET wellbeing_respondents = NULL, wellbeing_mean = NULL, who5_very_low = NULL,
           who5_low = NULL, who5_good = NULL, who5_member_mean = NULL
      FROM (WITH k AS (
              SELECT k FROM respite.settings
            ), sealing AS (
              SELECT * FROM respite.sealed_figures f
               WHERE (f.period = 'week' AND f.period_start BETWEEN p_from AND p_to)
                  OR (f.period = 'month'
                      AND date_trunc('week', f.period_end)::date + 6 BETWEEN p_from AND p_to)
            ), team_rows AS (
              SELECT t.period, t.period_start, r.team_group, r.team, r.member,
                     r.wellbeing_count > 0 AND t.wellbeing_respondents IS NULL AS hidden
                FROM sealing t
                JOIN respite.day_rows r ON r.team = t.team
                                       AND r.day BETWEEN t.period_start AND t.period_end
               WHERE t.unit = 'team' AND r.team_group IS NOT NULL
            ), exposed AS (
              SELECT h.period, h.period_start, h.team_group
                FROM (SELECT period, period_start, team_group,
                             count(DISTINCT member) FILTER (WHERE hidden) AS people
                        FROM team_rows GROUP BY period, period_start, team_group) h
                JOIN sealing g ON g.unit = 'group' AND g.team = h.team_group
                              AND g.period = h.period AND g.period_start = h.period_start
               CROSS JOIN k
               WHERE g.wellbeing_respondents IS NOT NULL AND h.people BETWEEN 1 AND k.k - 1
            ), candidates AS (
              SELECT e.period, e.period_start, e.team_group, t.team,
                     row_number () OVER (PARTITION BY e.period, e.period_start, e.team_group
                                         ORDER BY t.wellbeing_respondents, t.team) AS n
                FROM exposed e
                JOIN (SELECT DISTINCT period, period_start, team_group, team FROM team_rows) o
                  USING (period, period_start, team_group)
                JOIN sealing t ON t.unit = 'team' AND t.team = o.team
                              AND t.period = o.period AND t.period_start = o.period_start
               WHERE t.wellbeing_respondents IS NOT NULL
            )
            SELECT 'team' AS unit, team, period, period_start FROM candidates WHERE n = 1
            UNION ALL
            SELECT 'group', team_group, period, period_start FROM exposed e
             WHERE NOT EXISTS (SELECT 1 FROM candidates c
                                WHERE c.period = e.period AND c.period_start = e.period_start
                                  AND c.team_group = e.team_group)) h
     WHERE x.unit = h.unit AND x.team = h.team AND x.period = h.period
       AND x.period_start = h.period_start;
    GET DIAGNOSTICS hidden_now = ROW_COUNT;
    changed := changed + hidden_now;

    -- WHO-5 bands: the group's bands minus its shown teams' bands must each
    -- be 0 or at least k.
    UPDATE respite.sealed_figures x
       SET who5_very_low = NULL, who5_low = NULL, who5_good = NULL
      FROM (WITH k AS (
              SELECT k FROM respite.settings
            ), sealing AS (
              SELECT * FROM respite.sealed_figures f
               WHERE (f.period = 'week' AND f.period_start BETWEEN p_from AND p_to)
                  OR (f.period = 'month'
                      AND date_trunc('week', f.period_end)::date + 6 BETWEEN p_from AND p_to)
            ), teams AS (
              SELECT DISTINCT t.period, t.period_start, r.team_group, t.team,
                     t.wellbeing_respondents, t.who5_very_low, t.who5_low, t.who5_good
                FROM sealing t
                JOIN respite.day_rows r ON r.team = t.team
                                       AND r.day BETWEEN t.period_start AND t.period_end
               WHERE t.unit = 'team' AND r.team_group IS NOT NULL
            ), rest AS (
              SELECT g.period, g.period_start, g.team AS team_group,
                     g.who5_very_low - coalesce (sum (s.who5_very_low), 0) AS very_low,
                     g.who5_low - coalesce (sum (s.who5_low), 0) AS low,
                     g.who5_good - coalesce (sum (s.who5_good), 0) AS good
                FROM sealing g
                LEFT JOIN teams s ON s.period = g.period AND s.period_start = g.period_start
                                 AND s.team_group = g.team
               WHERE g.unit = 'group' AND g.who5_very_low IS NOT NULL
               GROUP BY g.period, g.period_start, g.team, g.who5_very_low, g.who5_low, g.who5_good
            ), exposed AS (
              SELECT r.* FROM rest r, k
               WHERE r.very_low BETWEEN 1 AND k.k - 1 OR r.low BETWEEN 1 AND k.k - 1
                  OR r.good BETWEEN 1 AND k.k - 1
            ), candidates AS (
              SELECT e.period, e.period_start, e.team_group, s.team,
                     row_number () OVER (PARTITION BY e.period, e.period_start, e.team_group
                                         ORDER BY s.wellbeing_respondents, s.team) AS n
                FROM exposed e
                JOIN teams s USING (period, period_start, team_group)
               WHERE s.who5_very_low IS NOT NULL
            )
            SELECT 'team' AS unit, team, period, period_start FROM candidates WHERE n = 1
            UNION ALL
            SELECT 'group', team_group, period, period_start FROM exposed e
             WHERE NOT EXISTS (SELECT 1 FROM candidates c
                                WHERE c.period = e.period AND c.period_start = e.period_start
                                  AND c.team_group = e.team_group)) h
     WHERE x.unit = h.unit AND x.team = h.team AND x.period = h.period
       AND x.period_start = h.period_start;
    GET DIAGNOSTICS hidden_now = ROW_COUNT;
    changed := changed + hidden_now;

    -- A month goes with any hidden week it touches (same team or group).
    UPDATE respite.sealed_figures x
       SET members = NULL, member_days = NULL, exposure_hours = NULL,
           median_exposure_hours = NULL, cap_exceeded_share = NULL, breaks_prompted = NULL,
           breaks_taken = NULL, checkin_participation = NULL, wellbeing_respondents = NULL,
           wellbeing_mean = NULL, who5_very_low = NULL, who5_low = NULL, who5_good = NULL,
           who5_member_mean = NULL, registered = NULL, coverage = NULL
     WHERE x.period = 'month' AND x.members IS NOT NULL
       AND date_trunc('week', x.period_end)::date + 6 BETWEEN p_from AND p_to
       AND EXISTS (SELECT 1 FROM respite.sealed_figures w
                    WHERE w.period = 'week' AND w.unit = x.unit AND w.team = x.team
                      AND w.period_start <= x.period_end AND w.period_start + 6 >= x.period_start
                      AND w.members IS NULL);
    GET DIAGNOSTICS hidden_now = ROW_COUNT;
    changed := changed + hidden_now;

    EXIT WHEN changed = 0;
  END LOOP;

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

DROP FUNCTION respite.publish (text, text, text, date, integer, integer, integer, integer,
                               integer, integer, integer, integer, boolean, integer, integer,
                               integer, text);

-- Publishes one day of one member: an idempotent upsert, which moves the
-- day if it was published under another team, and registers the member in
-- the team (and group) of its latest day, for coverage. The first publication of a
-- member registers the hash of its secret; every later one, and
-- erase_member(), must present the same secret.
--
-- It runs as the tables' owner (SECURITY DEFINER), with a pinned
-- search_path so that a caller's own objects cannot stand in for ours, and
-- tells the row-level security policies (roles.sql) which member it acts
-- for, so that even a mistake here could not touch another member's rows.
CREATE FUNCTION respite.publish (p_secret text,
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
                                 p_policy_version text,
                                 p_team_group text DEFAULT NULL)
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
            p_policy_version, p_team_group)
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
      policy_version = excluded.policy_version,
      team_group = excluded.team_group;

  -- An older day sent again does not move the member back.
  INSERT INTO respite.registrations AS g (member, team, team_group)
    VALUES (p_member, p_team, p_team_group)
    ON CONFLICT (member) DO UPDATE SET team = excluded.team, team_group = excluded.team_group
      WHERE NOT EXISTS (SELECT 1 FROM respite.day_rows d
                         WHERE d.member = g.member AND d.day > p_day);
END;
$$;

-- Owners, grants and row-level security, as roles.sql gives them.
ALTER TABLE respite.registrations OWNER TO respite_owner;
ALTER FUNCTION respite.publish (text, text, text, date, integer, integer, integer, integer,
                                integer, integer, integer, integer, boolean, integer, integer,
                                integer, text, text) OWNER TO respite_owner;
REVOKE ALL ON respite.registrations FROM PUBLIC;
REVOKE ALL ON FUNCTION respite.publish (text, text, text, date, integer, integer, integer,
                                        integer, integer, integer, integer, integer, boolean,
                                        integer, integer, integer, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION respite.publish (text, text, text, date, integer, integer, integer,
                                           integer, integer, integer, integer, integer, boolean,
                                           integer, integer, integer, text, text)
  TO respite_reviewer;
ALTER TABLE respite.registrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE respite.registrations FORCE ROW LEVEL SECURITY;
CREATE POLICY registrations_read ON respite.registrations FOR SELECT TO respite_owner
  USING (true);
CREATE POLICY registration_insert ON respite.registrations FOR INSERT TO respite_owner
  WITH CHECK (member = current_setting('respite.member', true));
CREATE POLICY registration_update ON respite.registrations FOR UPDATE TO respite_owner
  USING (member = current_setting('respite.member', true))
  WITH CHECK (member = current_setting('respite.member', true));

ALTER TABLE respite.reader_teams OWNER TO respite_owner;
REVOKE ALL ON respite.reader_teams FROM PUBLIC;
GRANT SELECT ON respite.reader_teams TO respite_lead, respite_hr;
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

-- Who is registered where, from the latest day each member still has.
INSERT INTO respite.registrations (member, team, team_group)
  SELECT DISTINCT ON (member) member, team, team_group
    FROM respite.day_rows
   ORDER BY member, day DESC, team;

UPDATE respite.settings SET schema_version = 5;

COMMIT;
