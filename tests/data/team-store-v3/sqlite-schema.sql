-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Respite team store, SQLite: the same tables and views as schema.sql for
-- PostgreSQL, for one host, demos and tests. RespiteTeamStoreSqlite embeds
-- this file and applies it to an empty database (PRAGMA user_version 0 → 3).
-- Schema 2 added the WHO-5 bands and the policy to team_aggregates, and the
-- releases ledger; a schema 1 file is refused (there was no release with it).
-- Schema 3 (issue #10) splits weeks at month ends in team_aggregates, and
-- changed no table: a schema 2 file is upgraded at open by making its views
-- again from this file. A change to a table needs a migration in C.
--
-- There are no roles in SQLite: whoever can read the file can read every
-- row, secret hashes included. Keep it readable by its administrator only.
-- Secrets are checked by the application, not by the database.

CREATE TABLE settings (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  schema_version INTEGER NOT NULL,
  k              INTEGER NOT NULL DEFAULT 5 CHECK (k >= 3)
);
INSERT INTO settings (id, schema_version) VALUES (1, 3);

CREATE TABLE members (
  member      TEXT PRIMARY KEY
              CHECK (length(member) BETWEEN 16 AND 64 AND member NOT GLOB '*[^A-Za-z0-9_-]*'),
  secret_hash BLOB NOT NULL CHECK (typeof(secret_hash) = 'blob' AND length(secret_hash) = 32)
) STRICT;

CREATE TABLE day_rows (
  team                  TEXT NOT NULL CHECK (length(team) BETWEEN 1 AND 100),
  member                TEXT NOT NULL REFERENCES members ON DELETE CASCADE,
  day                   TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                                             AND date(day) = day),
  exposure_1_seconds    INTEGER NOT NULL CHECK (exposure_1_seconds BETWEEN 0 AND 86400),
  exposure_2_seconds    INTEGER NOT NULL CHECK (exposure_2_seconds BETWEEN 0 AND 86400),
  exposure_3_seconds    INTEGER NOT NULL CHECK (exposure_3_seconds BETWEEN 0 AND 86400),
  longest_block_seconds INTEGER NOT NULL CHECK (longest_block_seconds BETWEEN 0 AND 86400),
  breaks_prompted       INTEGER NOT NULL CHECK (breaks_prompted >= 0),
  breaks_taken          INTEGER NOT NULL CHECK (breaks_taken >= 0),
  breaks_snoozed        INTEGER NOT NULL CHECK (breaks_snoozed >= 0),
  breaks_skipped        INTEGER NOT NULL CHECK (breaks_skipped >= 0),
  cap_exceeded          INTEGER NOT NULL CHECK (cap_exceeded IN (0, 1)),
  checkins_done         INTEGER NOT NULL CHECK (checkins_done >= 0),
  wellbeing_sum         INTEGER NOT NULL CHECK (wellbeing_sum >= 0),
  wellbeing_count       INTEGER NOT NULL CHECK (wellbeing_count >= 0),
  policy_version        TEXT CHECK (length(policy_version) <= 100),
  PRIMARY KEY (team, member, day)
) STRICT;
CREATE INDEX day_rows_by_member ON day_rows (member);

-- Each row in its ISO week (from Monday) and in its calendar month.
CREATE VIEW rows_by_period AS
  SELECT 'week' AS period,
         date(day, '-6 days', 'weekday 1') AS period_start,
         date(day, '-6 days', 'weekday 1', '+6 days') AS period_end,
         r.*
    FROM day_rows r
  UNION ALL
  SELECT 'month',
         date(day, 'start of month'),
         date(day, 'start of month', '+1 month', '-1 day'),
         r.*
    FROM day_rows r;

-- The aggregates: see schema.sql for the rule that hides small groups.
CREATE VIEW team_aggregates AS
  WITH k AS (
    SELECT k FROM settings
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
      FROM rows_by_period
     GROUP BY period, period_start, period_end, team
  ), member_scores AS (
    -- Each respondent's mean WHO-5 score over the period, in per cent (raw × 4:
    -- RespiteSummary publishes the WHO-5's percentage).
    SELECT period, period_start, team, sum(wellbeing_sum) * 1.0 / sum(wellbeing_count) AS score
      FROM rows_by_period
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
      FROM rows_by_period
     WHERE policy_version IS NOT NULL
     GROUP BY period, period_start, team, policy_version
  ), policy_since AS (
    -- A version that starts with YYYY-MM dates itself; any other, from the
    -- first day it was published.
    SELECT policy_version,
           coalesce (date (substr (policy_version, 1, 7) || '-01'), min(day)) AS since
      FROM day_rows
     WHERE policy_version IS NOT NULL
     GROUP BY policy_version
  ), ranked AS (
    SELECT period, period_start, team,
           exposure_1_seconds + exposure_2_seconds + exposure_3_seconds AS seconds,
           row_number () OVER (PARTITION BY period, period_start, team
                               ORDER BY exposure_1_seconds + exposure_2_seconds + exposure_3_seconds) AS n,
           count(*) OVER (PARTITION BY period, period_start, team) AS total
      FROM rows_by_period
  ), medians AS (
    SELECT period, period_start, team, avg(seconds) AS median_seconds
      FROM ranked
     WHERE n IN ((total + 1) / 2, (total + 2) / 2)
     GROUP BY period, period_start, team
  ), pieces AS (
    -- Each week cut at the end of a month (schema.sql says why).
    SELECT team, date(day, '-6 days', 'weekday 1') AS week_start,
           count(DISTINCT member) AS members,
           count(DISTINCT CASE WHEN wellbeing_count > 0 THEN member END) AS respondents
      FROM day_rows
     GROUP BY team, date(day, '-6 days', 'weekday 1'), date(day, 'start of month')
  ), flagged AS (
    SELECT g.*,
           NOT EXISTS (SELECT 1 FROM pieces w, k
                        WHERE w.team = g.team
                          AND w.week_start <= g.period_end
                          AND date(w.week_start, '+6 days') >= g.period_start
                          AND w.members < k.k) AS shown,
           g.respondents > 0 AND
           NOT EXISTS (SELECT 1 FROM pieces w, k
                        WHERE w.team = g.team
                          AND w.week_start <= g.period_end
                          AND date(w.week_start, '+6 days') >= g.period_start
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
         CAST (julianday (f.period_end) - julianday (s.since) AS INTEGER) AS policy_age_days
    FROM flagged f
    JOIN medians m USING (period, period_start, team)
    LEFT JOIN bands b USING (period, period_start, team)
    LEFT JOIN policies p ON p.period = f.period AND p.period_start = f.period_start
                        AND p.team = f.team AND p.n = 1
    LEFT JOIN policy_since s ON s.policy_version = p.policy_version;

-- Every release of figures: when, which days, which k, and the ε of
-- differential privacy it spent (0 for none). Nobody's data: an audit
-- trail, and what the privacy budget is counted from.
CREATE TABLE releases (
  id       INTEGER PRIMARY KEY,
  made_at  TEXT NOT NULL,
  from_day TEXT NOT NULL CHECK (date(from_day) = from_day),
  to_day   TEXT NOT NULL CHECK (date(to_day) = to_day AND to_day >= from_day),
  k        INTEGER NOT NULL CHECK (k >= 3),
  epsilon  REAL NOT NULL CHECK (epsilon >= 0)
) STRICT;

CREATE VIEW store_info AS
  SELECT schema_version, k FROM settings;
