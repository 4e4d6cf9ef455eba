-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Complementary suppression (schema 5, issue #18), after sqlite-seal.sql
-- and in its transaction: RespiteTeamStoreSqlite runs these statements
-- again and again until a round changes nothing. schema.sql's
-- respite.seal_complement () does the same for PostgreSQL.
--
-- A shown group minus its shown teams is what its hidden teams did. If
-- those hidden teams together count 1 to k - 1 people, the shown team with
-- the fewest members is hidden too (one per group and round), until the
-- hidden ones reach k; if no team is left to hide, the group is hidden.
-- The same holds for the respondents behind the wellbeing figures, and for
-- each WHO-5 band (the group's band minus the shown teams' bands). A
-- team's month is hidden with any week it touches, so that the month
-- minus its other weeks cannot give a hidden week back.
--
-- A team counts in a group for a period when any of its rows there named
-- that group. temp.seal_rows holds the rows being sealed, by unit; :from
-- and :to are sqlite-seal.sql's.

-- Members: hide the smallest shown team of each exposed group.
UPDATE sealed_figures
   SET members = NULL, member_days = NULL, exposure_hours = NULL,
       median_exposure_hours = NULL, cap_exceeded_share = NULL, breaks_prompted = NULL,
       breaks_taken = NULL, checkin_participation = NULL, wellbeing_respondents = NULL,
       wellbeing_mean = NULL, who5_very_low = NULL, who5_low = NULL, who5_good = NULL,
       who5_member_mean = NULL, registered = NULL, coverage = NULL
 WHERE rowid IN (
   WITH k AS (
     SELECT k FROM main.settings
   ), hidden AS (
     SELECT s.period, s.period_start, s.team_group, count(DISTINCT s.member) AS people
       FROM temp.seal_rows s
       JOIN main.sealed_figures t ON t.period = s.period AND t.unit = 'team'
                                 AND t.team = s.row_team AND t.period_start = s.period_start
      WHERE s.unit = 'team' AND s.team_group IS NOT NULL AND t.members IS NULL
      GROUP BY s.period, s.period_start, s.team_group
   ), exposed AS (
     SELECT h.period, h.period_start, h.team_group, g.rowid AS group_id
       FROM hidden h
       CROSS JOIN k
       JOIN main.sealed_figures g ON g.period = h.period AND g.unit = 'group'
                                 AND g.team = h.team_group AND g.period_start = h.period_start
      WHERE g.members IS NOT NULL AND h.people BETWEEN 1 AND k.k - 1
   ), candidates AS (
     SELECT e.group_id, t.rowid AS id,
            row_number () OVER (PARTITION BY e.group_id ORDER BY t.members, t.team) AS n
       FROM exposed e
       JOIN (SELECT DISTINCT period, period_start, team_group, row_team
               FROM temp.seal_rows WHERE unit = 'team') o
         ON o.period = e.period AND o.period_start = e.period_start
        AND o.team_group = e.team_group
       JOIN main.sealed_figures t ON t.period = o.period AND t.unit = 'team'
                                 AND t.team = o.row_team AND t.period_start = o.period_start
      WHERE t.members IS NOT NULL
   )
   SELECT id FROM candidates WHERE n = 1
   UNION ALL
   -- No team left to hide: the group goes.
   SELECT group_id FROM exposed WHERE group_id NOT IN (SELECT group_id FROM candidates)
 );

-- Respondents: hide the wellbeing figures of the smallest team that shows them.
UPDATE sealed_figures
   SET wellbeing_respondents = NULL, wellbeing_mean = NULL, who5_very_low = NULL,
       who5_low = NULL, who5_good = NULL, who5_member_mean = NULL
 WHERE rowid IN (
   WITH k AS (
     SELECT k FROM main.settings
   ), hidden AS (
     SELECT s.period, s.period_start, s.team_group, count(DISTINCT s.member) AS people
       FROM temp.seal_rows s
       JOIN main.sealed_figures t ON t.period = s.period AND t.unit = 'team'
                                 AND t.team = s.row_team AND t.period_start = s.period_start
      WHERE s.unit = 'team' AND s.team_group IS NOT NULL AND s.wellbeing_count > 0
        AND t.wellbeing_respondents IS NULL
      GROUP BY s.period, s.period_start, s.team_group
   ), exposed AS (
     SELECT h.period, h.period_start, h.team_group, g.rowid AS group_id
       FROM hidden h
       CROSS JOIN k
       JOIN main.sealed_figures g ON g.period = h.period AND g.unit = 'group'
                                 AND g.team = h.team_group AND g.period_start = h.period_start
      WHERE g.wellbeing_respondents IS NOT NULL AND h.people BETWEEN 1 AND k.k - 1
   ), candidates AS (
     SELECT e.group_id, t.rowid AS id,
            row_number () OVER (PARTITION BY e.group_id
                                ORDER BY t.wellbeing_respondents, t.team) AS n
       FROM exposed e
       JOIN (SELECT DISTINCT period, period_start, team_group, row_team
               FROM temp.seal_rows WHERE unit = 'team') o
         ON o.period = e.period AND o.period_start = e.period_start
        AND o.team_group = e.team_group
       JOIN main.sealed_figures t ON t.period = o.period AND t.unit = 'team'
                                 AND t.team = o.row_team AND t.period_start = o.period_start
      WHERE t.wellbeing_respondents IS NOT NULL
   )
   SELECT id FROM candidates WHERE n = 1
   UNION ALL
   SELECT group_id FROM exposed WHERE group_id NOT IN (SELECT group_id FROM candidates)
 );

-- WHO-5 bands: the group's bands minus the shown teams' bands must each be
-- 0 or at least k.
UPDATE sealed_figures
   SET who5_very_low = NULL, who5_low = NULL, who5_good = NULL
 WHERE rowid IN (
   WITH k AS (
     SELECT k FROM main.settings
   ), teams AS (
     SELECT DISTINCT o.period, o.period_start, o.team_group, t.rowid AS id, t.team,
            t.wellbeing_respondents, t.who5_very_low, t.who5_low, t.who5_good
       FROM (SELECT DISTINCT period, period_start, team_group, row_team
               FROM temp.seal_rows WHERE unit = 'team' AND team_group IS NOT NULL) o
       JOIN main.sealed_figures t ON t.period = o.period AND t.unit = 'team'
                                 AND t.team = o.row_team AND t.period_start = o.period_start
   ), rest AS (
     SELECT g.rowid AS group_id, g.period, g.period_start, g.team AS team_group,
            g.who5_very_low - coalesce ((SELECT sum (who5_very_low) FROM teams s
                                          WHERE s.period = g.period AND s.period_start = g.period_start
                                            AND s.team_group = g.team), 0) AS very_low,
            g.who5_low - coalesce ((SELECT sum (who5_low) FROM teams s
                                     WHERE s.period = g.period AND s.period_start = g.period_start
                                       AND s.team_group = g.team), 0) AS low,
            g.who5_good - coalesce ((SELECT sum (who5_good) FROM teams s
                                      WHERE s.period = g.period AND s.period_start = g.period_start
                                        AND s.team_group = g.team), 0) AS good
       FROM main.sealed_figures g
      WHERE g.unit = 'group' AND g.who5_very_low IS NOT NULL
        AND ((g.period = 'week' AND g.period_start BETWEEN :from AND :to)
             OR (g.period = 'month' AND date (g.period_end, 'weekday 0') BETWEEN :from AND :to))
   ), exposed AS (
     SELECT r.* FROM rest r, k
      WHERE r.very_low BETWEEN 1 AND k.k - 1 OR r.low BETWEEN 1 AND k.k - 1
         OR r.good BETWEEN 1 AND k.k - 1
   ), candidates AS (
     SELECT e.group_id, s.id,
            row_number () OVER (PARTITION BY e.group_id
                                ORDER BY s.wellbeing_respondents, s.team) AS n
       FROM exposed e
       JOIN teams s ON s.period = e.period AND s.period_start = e.period_start
                   AND s.team_group = e.team_group
      WHERE s.who5_very_low IS NOT NULL
   )
   SELECT id FROM candidates WHERE n = 1
   UNION ALL
   SELECT group_id FROM exposed WHERE group_id NOT IN (SELECT group_id FROM candidates)
 );

-- A month goes with any hidden week it touches (of the same team or group).
UPDATE sealed_figures
   SET members = NULL, member_days = NULL, exposure_hours = NULL,
       median_exposure_hours = NULL, cap_exceeded_share = NULL, breaks_prompted = NULL,
       breaks_taken = NULL, checkin_participation = NULL, wellbeing_respondents = NULL,
       wellbeing_mean = NULL, who5_very_low = NULL, who5_low = NULL, who5_good = NULL,
       who5_member_mean = NULL, registered = NULL, coverage = NULL
 WHERE period = 'month' AND members IS NOT NULL
   -- The months being sealed: their last week ends in the range.
   AND date (period_end, 'weekday 0') BETWEEN :from AND :to
   AND EXISTS (SELECT 1 FROM main.sealed_figures w
                WHERE w.period = 'week' AND w.unit = sealed_figures.unit
                  AND w.team = sealed_figures.team
                  AND w.period_start <= sealed_figures.period_end
                  AND date (w.period_start, '+6 days') >= sealed_figures.period_start
                  AND w.members IS NULL);
