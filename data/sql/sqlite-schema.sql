-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Respite team store, SQLite: the same tables as schema.sql for
-- PostgreSQL, for one host, demos and tests. RespiteTeamStoreSqlite embeds
-- this file and applies it to an empty database (PRAGMA user_version 0 → 5),
-- and seals periods with sqlite-seal.sql.
--
-- Schema 2 added the WHO-5 bands and the policy to the figures, and the
-- releases ledger; a schema 1 file is refused (there was no release with it).
-- Schema 3 (issue #10) split weeks at month ends. Schema 4 (issue #16)
-- seals: readers see only sealed_figures, computed once per period after it
-- is over plus a grace, and a period's raw day_rows are deleted once it is
-- sealed. A schema 2 or 3 file is upgraded at open (upgrade_schema () in
-- respite-team-store-sqlite.c), sealing what is due from the rows it holds.
-- Schema 5 (issue #18) adds groups above teams (day_rows.team_group, and
-- figures and pieces per unit, 'team' or 'group'), the registrations that
-- coverage counts, and coverage in the figures. A schema 4 file is upgraded
-- at open too, keeping every sealed figure.
--
-- There are no roles in SQLite: whoever can read the file can read every
-- row, secret hashes included. Keep it readable by its administrator only.
-- Secrets are checked by the application, not by the database.

CREATE TABLE settings (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  schema_version  INTEGER NOT NULL,
  k               INTEGER NOT NULL DEFAULT 5 CHECK (k >= 3),
  -- Days after a period's end before it is sealed, so that offline
  -- reviewers' days still count (docs/team-store.md, "Sealing").
  seal_after_days INTEGER NOT NULL DEFAULT 3 CHECK (seal_after_days BETWEEN 0 AND 60),
  -- A Sunday: every week up to it is sealed, and every month whose last
  -- week ends by it. NULL until the first sealing, so that a new store, an
  -- upgraded one or a demo takes the days it was given before.
  sealed_through  TEXT CHECK (sealed_through IS NULL OR
                              (date(sealed_through) = sealed_through
                               AND strftime('%w', sealed_through) = '0'))
);
INSERT INTO settings (id, schema_version) VALUES (1, 5);

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
  -- The group above the team ([TeamStore] group=), or none (schema 5).
  team_group            TEXT CHECK (length(team_group) BETWEEN 1 AND 100),
  PRIMARY KEY (team, member, day)
) STRICT;
-- By member and day: publish() looks a member's day up in every team; with
-- the member alone SQLite chose day_rows_by_day, and read every row of the
-- day, for each day published (schema 5).
CREATE INDEX day_rows_by_member ON day_rows (member, day);
CREATE INDEX day_rows_by_day ON day_rows (day);

-- The team (and group) each member published to last: who is registered
-- in a team, for coverage. Erasing the member removes it (schema 5).
CREATE TABLE registrations (
  member     TEXT PRIMARY KEY REFERENCES members ON DELETE CASCADE,
  team       TEXT NOT NULL,
  team_group TEXT
) STRICT;
CREATE INDEX registrations_by_team ON registrations (team);

-- The first day each policy version was published: its age in the figures
-- counts from it (or from the date the version starts with). The
-- organisation's, nobody's: it outlives the raw rows.
CREATE TABLE policy_versions (
  policy_version TEXT PRIMARY KEY CHECK (length(policy_version) <= 100),
  first_day      TEXT NOT NULL CHECK (date(first_day) = first_day)
) STRICT;

-- How many members (and respondents) each week had in each month it falls
-- in, written when the week is sealed: what the k rule of a month needs
-- once the week's rows are gone. Never shown: a piece may count one person.
-- A unit is a team or a group; team is then the group's name.
CREATE TABLE sealed_pieces (
  team        TEXT NOT NULL,
  week_start  TEXT NOT NULL,
  month_start TEXT NOT NULL,
  members     INTEGER NOT NULL,
  respondents INTEGER NOT NULL,
  unit        TEXT NOT NULL DEFAULT 'team' CHECK (unit IN ('team', 'group')),
  PRIMARY KEY (unit, team, week_start, month_start)
) STRICT;

-- The figures leads and HR see: one row per team (or group: unit says
-- which, and team holds the group's name) and sealed week or month,
-- computed once by sqlite-seal.sql with the k rules applied (schema.sql
-- explains them), and never changed. A hidden group keeps its team and
-- period, and NULL for every figure. k is the store's when it was sealed.
CREATE TABLE sealed_figures (
  period                TEXT NOT NULL CHECK (period IN ('week', 'month')),
  period_start          TEXT NOT NULL,
  period_end            TEXT NOT NULL,
  team                  TEXT NOT NULL,
  members               INTEGER,
  member_days           INTEGER,
  exposure_hours        REAL,
  median_exposure_hours REAL,
  cap_exceeded_share    REAL,
  breaks_prompted       INTEGER,
  breaks_taken          INTEGER,
  checkin_participation REAL,
  wellbeing_respondents INTEGER,
  wellbeing_mean        REAL,
  who5_very_low         INTEGER,
  who5_low              INTEGER,
  who5_good             INTEGER,
  who5_member_mean      REAL,
  policy_version        TEXT,
  policy_age_days       INTEGER,
  k                     INTEGER NOT NULL,
  sealed_at             TEXT NOT NULL,
  -- Schema 5: which unit; members registered in it when it was sealed and
  -- the share of them who published, both NULL unless each is at least k.
  unit                  TEXT NOT NULL DEFAULT 'team' CHECK (unit IN ('team', 'group')),
  registered            INTEGER,
  coverage              REAL,
  PRIMARY KEY (period, unit, team, period_start)
) STRICT;
CREATE INDEX sealed_figures_by_start ON sealed_figures (period, period_start);

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
  SELECT schema_version, k, seal_after_days, sealed_through FROM settings;
