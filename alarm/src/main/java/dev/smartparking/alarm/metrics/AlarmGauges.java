package dev.smartparking.alarm.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The alarm gauges, read from PostgreSQL by one query every few seconds (the scrape only reads
 * what the last refresh found): every process that runs alarm work reports the same figures, so
 * dashboards take max() over processes.
 * <ul>
 *   <li>{@code smartparking_cover_alarms_open{unit, type, status}}: unresolved alarms, status open or acknowledged;</li>
 *   <li>{@code smartparking_cover_alarms_oldest_open_seconds{unit, type}}: age of the oldest alarm still
 *   open (not acknowledged), 0 when there is none;</li>
 *   <li>{@code smartparking_covers_silent}: covers with an active silent alarm;</li>
 *   <li>{@code smartparking_alarm_deliveries_pending{unit}}: events not yet delivered nor given up.</li>
 * </ul>
 * Labels are bounded by the catalogue: units (23 in Jiaozuo) × 6 types × 2 statuses. A series,
 * once seen, stays and reads 0 when its rows are gone.
 */
public final class AlarmGauges {

  /**
   * Unresolved alarms grouped by unit, type and status (through the partial unique index's
   * predicate), and pending deliveries by unit, in one round trip.
   */
  static final String FIGURES = """
      SELECT 'alarms' AS figure, c.unit_id AS unit, a.type, a.status, count(*)::float8 AS n,
             (count(*) FILTER (WHERE a.type = 'silent' AND a.active))::float8 AS silent,
             coalesce(extract(epoch FROM now() - min(a.raised_at)), 0)::float8 AS oldest_s
      FROM cover_alarms a
      JOIN covers c ON c.id = a.cover_id
      WHERE a.status <> 'resolved'
      GROUP BY c.unit_id, a.type, a.status
      UNION ALL
      SELECT 'pending', d.unit_id, NULL, NULL, count(*)::float8, 0, 0
      FROM alarm_deliveries d
      WHERE d.status = 'pending'
      GROUP BY d.unit_id""";

  private static final String OPEN = "smartparking.cover.alarms.open";
  private static final String OLDEST = "smartparking.cover.alarms.oldest.open";
  private static final String PENDING = "smartparking.alarm.deliveries.pending";

  private final Pool pool;
  private final MeterRegistry registry;
  /** The last refresh's figures, by series key; swapped whole, never emptied in place. */
  private volatile Map<String, Double> figures = Map.of();
  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  public AlarmGauges(Pool pool, MeterRegistry registry) {
    this.pool = pool;
    this.registry = registry;
    Gauge.builder("smartparking.covers.silent", this, gauges -> gauges.figure("silent"))
        .description("Covers with an active silent alarm (no reading for twice their report interval)")
        .strongReference(true)
        .register(registry);
  }

  public Future<Void> refresh() {
    // Not prepared: without parameters PostgreSQL would keep the first run's plan, made for
    // whatever few alarms there were at start-up (SilentSweep says more).
    return pool.query(FIGURES).execute().map(this::publish);
  }

  private Void publish(RowSet<Row> rows) {
    Map<String, Double> fresh = new HashMap<>();
    double silent = 0;
    for (Row row : rows) {
      String unit = row.getString("unit");
      if ("pending".equals(row.getString("figure"))) {
        put(fresh, PENDING, "Alarm events not yet delivered to the unit's webhook (status pending)",
            null, List.of("unit", unit), row.getDouble("n"));
        continue;
      }
      String type = row.getString("type");
      String status = row.getString("status");
      put(fresh, OPEN, "Unresolved alarms by unit, type and status (open or acknowledged)", null,
          List.of("unit", unit, "type", type, "status", status), row.getDouble("n"));
      if ("open".equals(status)) {
        put(fresh, OLDEST, "Age of the oldest alarm still open (not acknowledged); 0 when none", "seconds",
            List.of("unit", unit, "type", type), row.getDouble("oldest_s"));
      }
      silent += row.getDouble("silent");
    }
    fresh.put("silent", silent);
    figures = fresh;
    return null;
  }

  /** Records a series' figure, registering its gauge the first time the series appears. */
  private void put(Map<String, Double> fresh, String name, String description, String baseUnit, List<String> tags,
      double value) {
    String key = name + tags;
    fresh.put(key, value);
    if (registered.add(key)) {
      Gauge.builder(name, this, gauges -> gauges.figure(key))
          .description(description)
          .baseUnit(baseUnit)
          .tags(tags.toArray(String[]::new))
          .strongReference(true)
          .register(registry);
    }
  }

  private double figure(String key) {
    return figures.getOrDefault(key, 0.0);
  }
}
