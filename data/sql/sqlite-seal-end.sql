-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The end of a SQLite sealing, after sqlite-seal.sql and as many rounds of
-- sqlite-seal-complement.sql as it takes: in the same transaction.

DROP TABLE temp.seal_rows;

-- Raw rows whose week and month are both sealed are needed no more.
DELETE FROM day_rows
 WHERE day <= :to
   AND date(day, 'start of month', '+1 month', '-1 day', 'weekday 0') <= :to;

UPDATE settings SET sealed_through = :to;
