-- The bureau's ledgers (API.md "Reports"): a unit's campaign target, and when each lot first
-- reported, so the onboarding report reads one row per lot instead of scanning history.

ALTER TABLE units ADD COLUMN cover_target integer CHECK (cover_target BETWEEN 0 AND 10000000);

-- Set once, by the insert that makes a lot's row on its first report (ingest's upserts never name
-- it, so their ON CONFLICT updates leave it alone).
ALTER TABLE lot_state ADD COLUMN first_seen_at timestamptz;

-- Lots that reported before this column existed: the earliest of their messages still stored, else
-- (events already past retention) the newest, the best the database still knows. One pass over the
-- event tables, once.
UPDATE lot_state s
SET first_seen_at = least(s.last_seen_at, f.first_seen_at)
FROM (SELECT lot_id, min(received_at) AS first_seen_at
      FROM (SELECT lot_id, received_at FROM lot_status_events
            UNION ALL
            SELECT lot_id, received_at FROM bay_events) e
      GROUP BY lot_id) f
WHERE f.lot_id = s.lot_id;
UPDATE lot_state SET first_seen_at = last_seen_at WHERE first_seen_at IS NULL;

ALTER TABLE lot_state
    ALTER COLUMN first_seen_at SET DEFAULT now(),
    ALTER COLUMN first_seen_at SET NOT NULL;

-- The two ledgers as functions, so the API's reports and Grafana's ledger panels are one query
-- (API.md "Reports"; the API's CoversReport and OnboardingReport say what each column means).

-- One ranked row per responsible unit: covers and covers reporting (a reading within twice the
-- cover's report interval) as of at_time; alarms raised in [period_from, period_to), resolved in
-- it (with the median seconds from raised to resolved), and open at period_to. Equal units share a
-- rank.
CREATE FUNCTION covers_ledger(period_from timestamptz, period_to timestamptz, at_time timestamptz)
RETURNS TABLE (rank bigint, unit_id text, unit text, district text, target integer, covers bigint,
               covers_reporting bigint, reporting_rate numeric, alarms_raised bigint, alarms_open bigint,
               alarms_resolved bigint, median_resolve_s bigint)
LANGUAGE sql STABLE AS $$
  WITH cover_counts AS (
    SELECT c.unit_id, count(*) AS covers,
           count(*) FILTER (WHERE s.last_seen_at >= at_time - make_interval(secs => 2 * c.report_interval_s))
             AS covers_reporting
    FROM covers c LEFT JOIN cover_state s ON s.cover_id = c.id
    GROUP BY c.unit_id
  ), alarm_counts AS (
    SELECT c.unit_id,
           count(*) FILTER (WHERE a.raised_at >= period_from) AS raised,
           count(*) FILTER (WHERE a.resolved_at IS NULL OR a.resolved_at >= period_to) AS open,
           count(*) FILTER (WHERE a.resolved_at < period_to) AS resolved,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.resolved_at - a.raised_at))
             FILTER (WHERE a.resolved_at < period_to) AS median_resolve_s
    FROM cover_alarms a JOIN covers c ON c.id = a.cover_id
    -- alarms alive at some time in the period
    WHERE a.raised_at < period_to AND (a.resolved_at IS NULL OR a.resolved_at >= period_from)
    GROUP BY c.unit_id
  ), ledger AS (
    SELECT u.id AS unit_id, u.name AS unit, d.name AS district, u.cover_target AS target,
           coalesce(cc.covers, 0) AS covers, coalesce(cc.covers_reporting, 0) AS covers_reporting,
           CASE WHEN coalesce(cc.covers, 0) = 0 THEN 0
                ELSE round(cc.covers_reporting::numeric / cc.covers, 4) END AS reporting_rate,
           coalesce(ac.raised, 0) AS alarms_raised, coalesce(ac.open, 0) AS alarms_open,
           coalesce(ac.resolved, 0) AS alarms_resolved, round(ac.median_resolve_s)::bigint AS median_resolve_s
    FROM units u
    LEFT JOIN districts d ON d.code = u.district_code
    LEFT JOIN cover_counts cc ON cc.unit_id = u.id
    LEFT JOIN alarm_counts ac ON ac.unit_id = u.id
  )
  SELECT rank() OVER (ORDER BY reporting_rate DESC, alarms_open) AS rank, *
  FROM ledger
  ORDER BY rank, unit_id;
$$;

-- One ranked row per district: lots registered, onboarded (ever reported) and reporting (heard
-- from since reporting_since, closed or not), and their rates. Equal districts share a rank.
CREATE FUNCTION onboarding_ledger(reporting_since timestamptz)
RETURNS TABLE (rank bigint, district text, name text, lots bigint, lots_onboarded bigint,
               lots_reporting bigint, onboarding_rate numeric, reporting_rate numeric)
LANGUAGE sql STABLE AS $$
  WITH counted AS (
    SELECT d.code AS district, d.name, count(l.id) AS lots, count(s.lot_id) AS lots_onboarded,
           count(s.lot_id) FILTER (WHERE s.last_seen_at >= reporting_since) AS lots_reporting
    FROM districts d
    LEFT JOIN lots l ON l.district_code = d.code
    LEFT JOIN lot_state s ON s.lot_id = l.id
    GROUP BY d.code, d.name
  ), rated AS (
    SELECT *,
           CASE WHEN lots = 0 THEN 0 ELSE round(lots_onboarded::numeric / lots, 4) END AS onboarding_rate,
           CASE WHEN lots = 0 THEN 0 ELSE round(lots_reporting::numeric / lots, 4) END AS reporting_rate
    FROM counted
  )
  SELECT rank() OVER (ORDER BY onboarding_rate DESC, reporting_rate DESC) AS rank, *
  FROM rated
  ORDER BY rank, district;
$$;
