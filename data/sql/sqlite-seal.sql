-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Seals the SQLite team store's periods from :from (a Monday, the day after
-- the last sealed Sunday) to :to (a Sunday): every week in that range, and
-- every month whose last week ends in it. RespiteTeamStoreSqlite runs these
-- statements in order, in one IMMEDIATE transaction with the watermark
-- (settings.sealed_through) checked again, so that two sealers at once
-- seal once, and a kill leaves nothing half-sealed. schema.sql's
-- respite.seal_through () does the same for PostgreSQL; keep them in step.
--
-- The k rule, as schema 3 had it in its view: a group is shown only if
-- every week it touches has at least k members in each month the week
-- falls in (each "piece"). A month minus its other weeks cannot reveal a
-- hidden week, because a month touching a hidden week is hidden too; and a
-- month minus its whole weeks, which is the pieces of the weeks it shares
-- with the months around it, cannot reveal a piece of fewer than k people,
-- because such a piece hides its week. Wellbeing follows the same rule
-- with the members who answered a check-in, and the WHO-5 bands are each 0
-- or at least k, or all hidden. What is sealed is never computed again,
-- so no two readings of a period differ.

-- Every raw row counts in its team, and in its group if it has one (unit
-- 'group', team then the group's name): groups are sealed by the same rules
-- with k applied to the group's distinct members (schema 5, issue #18).
CREATE TEMP TABLE unit_rows AS
  SELECT 'team' AS unit, team, team AS row_team, team_group, member, day,
         exposure_1_seconds, exposure_2_seconds, exposure_3_seconds,
         breaks_prompted, breaks_taken, cap_exceeded, checkins_done,
         wellbeing_sum, wellbeing_count, policy_version
    FROM main.day_rows
   WHERE day BETWEEN date(:from, '-6 days', 'start of month') AND :to
  UNION ALL
  SELECT 'group', team_group, team, team_group, member, day,
         exposure_1_seconds, exposure_2_seconds, exposure_3_seconds,
         breaks_prompted, breaks_taken, cap_exceeded, checkins_done,
         wellbeing_sum, wellbeing_count, policy_version
    FROM main.day_rows
   WHERE day BETWEEN date(:from, '-6 days', 'start of month') AND :to
     AND team_group IS NOT NULL;

-- The pieces of the weeks being sealed, kept for the months' k rule.
INSERT INTO sealed_pieces (unit, team, week_start, month_start, members, respondents)
  SELECT unit, team, date(day, '-6 days', 'weekday 1'), date(day, 'start of month'),
         count(DISTINCT member),
         count(DISTINCT CASE WHEN wellbeing_count > 0 THEN member END)
    FROM unit_rows
   WHERE day BETWEEN :from AND :to
   GROUP BY unit, team, date(day, '-6 days', 'weekday 1'), date(day, 'start of month');

-- The rows of each period being sealed: the weeks in the range, and the
-- months whose last week ends in it (all their rows are still here).
CREATE TEMP TABLE seal_rows AS
  SELECT 'week' AS period,
         date(day, '-6 days', 'weekday 1') AS period_start,
         date(day, 'weekday 0') AS period_end,
         r.*
    FROM temp.unit_rows r
   WHERE day BETWEEN :from AND :to
  UNION ALL
  SELECT 'month',
         date(day, 'start of month'),
         date(day, 'start of month', '+1 month', '-1 day'),
         r.*
    FROM temp.unit_rows r
   WHERE date(day, 'start of month', '+1 month', '-1 day', 'weekday 0') BETWEEN :from AND :to;

DROP TABLE temp.unit_rows;
-- For sqlite-seal-complement.sql, which looks up the teams of each group.
CREATE INDEX temp.seal_rows_by_group ON seal_rows (unit, team_group, period, period_start);

INSERT INTO sealed_figures
  WITH k AS (
    SELECT k FROM main.settings
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
    -- Each respondent's mean WHO-5 score over the period, in per cent (raw × 4:
    -- RespiteSummary publishes the WHO-5's percentage).
    SELECT period, period_start, unit, team, sum(wellbeing_sum) * 1.0 / sum(wellbeing_count) AS score
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
    -- Every week touching the period is sealed by now, so its pieces are
    -- all in sealed_pieces, whether its rows are still here or not.
    SELECT g.*,
           NOT EXISTS (SELECT 1 FROM main.sealed_pieces w, k
                        WHERE w.unit = g.unit AND w.team = g.team
                          AND w.week_start <= g.period_end
                          AND date(w.week_start, '+6 days') >= g.period_start
                          AND w.members < k.k) AS shown,
           g.respondents > 0 AND
           NOT EXISTS (SELECT 1 FROM main.sealed_pieces w, k
                        WHERE w.unit = g.unit AND w.team = g.team
                          AND w.week_start <= g.period_end
                          AND date(w.week_start, '+6 days') >= g.period_start
                          AND w.respondents BETWEEN 1 AND k.k - 1) AS wellbeing_shown
      FROM groups g
  ), registered AS (
    -- Members whose latest team (or group) is this one, as they stand
    -- when the period is sealed.
    SELECT 'team' AS unit, team, count(*) AS registered
      FROM main.registrations
     GROUP BY team
    UNION ALL
    SELECT 'group', team_group, count(*)
      FROM main.registrations
     WHERE team_group IS NOT NULL
     GROUP BY team_group
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
         CAST (julianday (f.period_end)
               - julianday (coalesce (date (substr (p.policy_version, 1, 7) || '-01'),
                                      v.first_day)) AS INTEGER),
         k.k,
         strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'),
         f.unit,
         -- Coverage: shown only when both counts are at least k, and never
         -- above 100 % (members who published here and moved on since).
         CASE WHEN shown AND f.members >= k.k AND r.registered >= k.k THEN r.registered END,
         CASE WHEN shown AND f.members >= k.k AND r.registered >= k.k
              THEN min (f.members, r.registered) * 1.0 / r.registered END
    FROM flagged f
    JOIN medians m USING (period, period_start, unit, team)
    CROSS JOIN k
    LEFT JOIN bands b USING (period, period_start, unit, team)
    LEFT JOIN policies p ON p.period = f.period AND p.period_start = f.period_start
                        AND p.unit = f.unit AND p.team = f.team AND p.n = 1
    LEFT JOIN main.policy_versions v ON v.policy_version = p.policy_version
    LEFT JOIN registered r ON r.unit = f.unit AND r.team = f.team;

