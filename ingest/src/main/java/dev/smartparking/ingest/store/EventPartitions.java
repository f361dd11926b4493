package dev.smartparking.ingest.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the daily (UTC) partitions of the event tables ahead of time, so inserts never land
 * in the default partition in normal operation. Run at start-up and hourly; idempotent, and
 * safe when several ingest processes do it at once.
 */
public final class EventPartitions {

  private static final Logger LOG = LoggerFactory.getLogger(EventPartitions.class);
  static final List<String> TABLES = List.of("lot_status_events", "lot_passage_events", "bay_events",
      "cover_telemetry_events", "rejected_messages");
  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;
  static final String CREATE_PARTITION =
      "CREATE TABLE IF NOT EXISTS %s_p%s PARTITION OF %s FOR VALUES FROM ('%s 00:00:00+00') TO ('%s 00:00:00+00')";

  private final Pool pool;
  private final int daysAhead;

  public EventPartitions(Pool pool, int daysAhead) {
    this.pool = pool;
    this.daysAhead = daysAhead;
  }

  /** Partitions for today and the next days; a failure is logged, since the default partition still takes rows. */
  public Future<Void> ensure(LocalDate today) {
    // One after the other: each takes a lock on its parent and default partition.
    Future<Void> chain = Future.succeededFuture();
    for (String table : TABLES) {
      for (int day = 0; day <= daysAhead; day++) {
        LocalDate from = today.plusDays(day);
        String sql = String.format(CREATE_PARTITION, table, SUFFIX.format(from), table, from, from.plusDays(1));
        chain = chain.compose(v -> pool.query(sql).execute()
            .<Void>mapEmpty()
            .recover(e -> {
              LOG.warn("Could not create partition of {} for {}: {}", table, from, e.getMessage());
              return Future.succeededFuture();
            }));
      }
    }
    return chain;
  }
}
