-- The current definition of analyze_grown, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- Election night's tables grow from nothing to hundreds of thousands of rows within
-- minutes, faster than autovacuum (one look a minute) analyses them. Planned without
-- their statistics, a lookup of one unit ballot by its key may pick the (election,
-- ballot) index and scan a whole contest for each unit: the fold of the realtime count
-- fell 35,000 snapshots behind in its first minute (ADR 0031). Analyses each table that
-- has more than doubled (by its live rows, at least 1,000 more) since it was last
-- analysed; inserts, not updates, make it grow, so a table that is only rewritten is left
-- alone. Returns the tables analysed. ANALYZE samples at most 30,000 rows and blocks no
-- writer.
CREATE OR REPLACE FUNCTION analyze_grown(p_tables regclass[])
RETURNS regclass[] LANGUAGE plpgsql AS $$
DECLARE
  v_table regclass;
  v_done regclass[] := '{}';
BEGIN
  FOREACH v_table IN ARRAY p_tables LOOP
    IF pg_stat_get_live_tuples(v_table) > 1000 + 2 * greatest((SELECT reltuples FROM pg_class WHERE oid = v_table), 0) THEN
      EXECUTE format('ANALYZE %s', v_table);
      v_done := v_done || v_table;
    END IF;
  END LOOP;
  RETURN v_done;
END;
$$;
