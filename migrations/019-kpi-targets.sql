-- KPI targets: what each skill group aims for (service level X % within Y s, ASA, abandonment rate,
-- NPS, CSAT), with the centre's defaults for the groups that name none, and the service level's
-- formula and threshold per group (docs/reports.md, "KPI targets").
--
-- One row per group (group_name) and one for the centre (group_name NULL). In a group's row NULL
-- means "the centre's"; in the centre's row NULL means "no target" (the formula: the
-- SERVICE_LEVEL_FORMULA setting, or a report's serviceLevelFormula parameter).
--   service_level          share 0..1 answered within the threshold (0.8 = 80 %)
--   service_level_seconds  the centre's default threshold; a group's own stays where every KPI
--                          already reads it, skill_groups.service_level_seconds (NULL now: the centre's)
--   asa_seconds            average speed of answer at most this
--   abandon_rate           share 0..1 of offered calls abandoned at most this
--   nps                    net promoter score at least this (-100..100)
--   csat                   share 0..1 of satisfied survey answers at least this
CREATE TABLE kpi_targets (
  group_name            text UNIQUE NULLS NOT DISTINCT REFERENCES skill_groups (name) ON DELETE CASCADE ON UPDATE CASCADE,
  service_level         float8 CHECK (service_level BETWEEN 0 AND 1),
  service_level_seconds integer CHECK (service_level_seconds BETWEEN 1 AND 3600),
  service_level_formula service_level_formula,
  asa_seconds           integer CHECK (asa_seconds BETWEEN 1 AND 3600),
  abandon_rate          float8 CHECK (abandon_rate BETWEEN 0 AND 1),
  nps                   float8 CHECK (nps BETWEEN -100 AND 100),
  csat                  float8 CHECK (csat BETWEEN 0 AND 1),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  updated_by            text,
  -- The centre's row always has a service level target and a threshold; the threshold of a group is
  -- skill_groups.service_level_seconds, so its row leaves this column empty.
  CHECK (CASE WHEN group_name IS NULL THEN service_level IS NOT NULL AND service_level_seconds IS NOT NULL
              ELSE service_level_seconds IS NULL END)
);

-- The centre's targets in effect: its row, else the built-in defaults (the industry's common 80 %
-- answered within 20 s, the threshold groups had by default), so nothing depends on the row existing.
CREATE VIEW centre_targets AS
SELECT coalesce(c.service_level, 0.8)::float8 AS service_level, coalesce(c.service_level_seconds, 20) AS service_level_seconds,
  c.service_level_formula, c.asa_seconds, c.abandon_rate, c.nps, c.csat, c.updated_at, c.updated_by
FROM (SELECT) one LEFT JOIN kpi_targets c ON c.group_name IS NULL;
INSERT INTO kpi_targets (group_name, service_level, service_level_seconds) VALUES (NULL, 0.8, 20);

-- A group's threshold: its own, or (NULL) the centre's. The groups still on the old column default
-- (20 s) cannot be told from groups that chose 20: both follow the centre's (20 s) from now on.
ALTER TABLE skill_groups ALTER COLUMN service_level_seconds DROP NOT NULL, ALTER COLUMN service_level_seconds DROP DEFAULT;
UPDATE skill_groups SET service_level_seconds = NULL WHERE service_level_seconds = 20;

-- Each group's targets in effect: its own where it has one, else the centre's. The one place the
-- inheritance is defined; service_level_formula is NULL when neither names one (then the caller's).
CREATE VIEW group_targets AS
SELECT g.name AS group_name,
  coalesce(t.service_level, c.service_level) AS service_level,
  coalesce(g.service_level_seconds, c.service_level_seconds) AS service_level_seconds,
  coalesce(t.service_level_formula, c.service_level_formula)::text AS service_level_formula,
  coalesce(t.asa_seconds, c.asa_seconds) AS asa_seconds,
  coalesce(t.abandon_rate, c.abandon_rate) AS abandon_rate,
  coalesce(t.nps, c.nps) AS nps,
  coalesce(t.csat, c.csat) AS csat
FROM skill_groups g
CROSS JOIN centre_targets c
LEFT JOIN kpi_targets t ON t.group_name = g.name;

-- As in migration 016, with the group's threshold in effect (its own or the centre's).
CREATE OR REPLACE VIEW queue_entry_facts AS
SELECT q.id AS entry_id, q.group_name, q.created_at AS offered_at, t.service_level_seconds,
  extract(epoch FROM (SELECT min(a.answered_at) FROM assignments a WHERE a.entry_id = q.id AND a.kind = 'inbound')
    - q.created_at)::float8 AS answer_wait_seconds,
  CASE WHEN q.state = 'abandoned' THEN extract(epoch FROM coalesce(q.ended_at, q.state_since) - q.created_at)::float8 END AS abandon_wait_seconds,
  CASE WHEN q.state IN ('waiting', 'offered') THEN extract(epoch FROM now() - q.created_at)::float8 END AS live_wait_seconds
FROM queue_entries q JOIN group_targets t ON t.group_name = q.group_name;

-- As in migration 016, but each group's service level uses its own formula (its targets', else the
-- centre's targets'); `formula` is the one for groups whose targets name none.
CREATE OR REPLACE FUNCTION group_queue_kpis(from_at timestamptz, to_at timestamptz, zone text, step_seconds integer, short_abandon_seconds integer,
                                            formula service_level_formula DEFAULT 'offered')
RETURNS TABLE (group_name text, start timestamptz, offered integer, answered integer, answered_in_threshold integer,
               abandoned integer, abandoned_short integer, service_level float8, abandonment_rate float8, asa float8, longest_wait float8,
               service_level_base integer, pending integer)
LANGUAGE sql STABLE AS $$
  WITH facts AS (
    SELECT f.*, coalesce(f.answer_wait_seconds IS NULL AND f.live_wait_seconds <= f.service_level_seconds, false) AS is_pending,
      CASE coalesce(t.service_level_formula, formula)
        WHEN 'offered' THEN true
        WHEN 'answered-and-abandoned' THEN f.answer_wait_seconds IS NOT NULL OR f.abandon_wait_seconds IS NOT NULL
          OR f.live_wait_seconds IS NOT NULL
        ELSE f.answer_wait_seconds IS NOT NULL OR f.abandon_wait_seconds > coalesce(short_abandon_seconds, -1)
          OR f.live_wait_seconds IS NOT NULL
      END AS in_formula
    FROM queue_entry_facts f JOIN group_targets t ON t.group_name = f.group_name
    WHERE f.offered_at >= from_at AND f.offered_at < to_at),
  counted AS (SELECT *, in_formula AND NOT is_pending AS in_base FROM facts)
  SELECT f.group_name, report_interval_of(f.offered_at, from_at, zone, step_seconds),
    count(*)::int, count(f.answer_wait_seconds)::int,
    count(*) FILTER (WHERE f.answer_wait_seconds <= f.service_level_seconds)::int,
    count(f.abandon_wait_seconds)::int, count(*) FILTER (WHERE f.abandon_wait_seconds <= short_abandon_seconds)::int,
    kpi_ratio(count(*) FILTER (WHERE f.answer_wait_seconds <= f.service_level_seconds), count(*) FILTER (WHERE f.in_base)),
    kpi_ratio(count(f.abandon_wait_seconds), count(*)),
    kpi_seconds(avg(f.answer_wait_seconds)::numeric), kpi_seconds(max(coalesce(f.answer_wait_seconds, f.abandon_wait_seconds))::numeric),
    count(*) FILTER (WHERE f.in_base)::int, count(*) FILTER (WHERE f.is_pending)::int
  FROM counted f
  GROUP BY GROUPING SETS ((f.group_name, report_interval_of(f.offered_at, from_at, zone, step_seconds)), (f.group_name))
$$;

-- A changed target changes what the dashboard judges: its pages refresh.
CREATE TRIGGER kpi_targets_live AFTER INSERT OR UPDATE OR DELETE ON kpi_targets FOR EACH STATEMENT EXECUTE FUNCTION notify_live();
CREATE TRIGGER skill_groups_live AFTER UPDATE ON skill_groups FOR EACH STATEMENT EXECUTE FUNCTION notify_live();
