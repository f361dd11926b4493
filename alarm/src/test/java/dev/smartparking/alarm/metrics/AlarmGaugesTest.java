package dev.smartparking.alarm.metrics;

import static dev.smartparking.alarm.fixture.AlarmDatabase.cover;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.alarm.fixture.AlarmDatabase;
import dev.smartparking.db.PgClients;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;

/** The alarm gauges as Prometheus scrapes them, from what PostgreSQL holds at the last refresh. */
class AlarmGaugesTest {

  @Test
  void gaugesShowUnresolvedAlarmsOldestOpenSilentCoversAndPendingDeliveriesByUnit() {
    Vertx vertx = Vertx.vertx();
    try (AlarmDatabase db = AlarmDatabase.create()) {
      Pool pool = PgClients.pool(vertx, db.config().build().database(), "alarms", 1);
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      AlarmGauges gauges = new AlarmGauges(pool, meters);
      db.webhook("U-A", "http://127.0.0.1:9/none", "secret-of-unit-a-0123456789");
      db.raise(cover("U-A", 1), "gas");
      db.raise(cover("U-A", 2), "gas");
      db.raise(cover("U-B", 1), "silent");
      long cleared = db.raise(cover("U-B", 2), "silent");
      db.clear(cleared);
      long acknowledged = db.raise(cover("U-C", 1), "tilt");
      db.db.execute("UPDATE cover_alarms SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = 'x' "
          + "WHERE id = " + acknowledged);
      db.db.execute("UPDATE cover_alarms SET raised_at = now() - interval '10 minutes' WHERE cover_id = '"
          + cover("U-A", 1) + "'");

      gauges.refresh().await();
      String scrape = meters.scrape();

      assertThat(scrape)
          .contains("smartparking_cover_alarms_open{status=\"open\",type=\"gas\",unit=\"U-A\"} 2.0")
          .contains("smartparking_cover_alarms_open{status=\"open\",type=\"silent\",unit=\"U-B\"} 2.0")
          .contains("smartparking_cover_alarms_open{status=\"acknowledged\",type=\"tilt\",unit=\"U-C\"} 1.0")
          .contains("smartparking_covers_silent 1.0")
          .contains("smartparking_alarm_deliveries_pending{unit=\"U-A\"} 2.0")
          .doesNotContain("smartparking_cover_alarms_oldest_open_seconds{type=\"tilt\"");
      assertThat(meters.get("smartparking.cover.alarms.oldest.open").tag("unit", "U-A").tag("type", "gas")
          .gauge().value()).isBetween(600.0, 700.0);

      // Resolved and delivered: the series stay, at 0.
      db.db.execute("UPDATE cover_alarms SET status = 'resolved', resolved_at = now(), resolved_by = 'x'");
      db.db.execute("UPDATE alarm_deliveries SET status = 'delivered', delivered_at = now()");
      gauges.refresh().await();
      assertThat(meters.scrape())
          .contains("smartparking_cover_alarms_open{status=\"open\",type=\"gas\",unit=\"U-A\"} 0.0")
          .contains("smartparking_cover_alarms_oldest_open_seconds{type=\"gas\",unit=\"U-A\"} 0.0")
          .contains("smartparking_covers_silent 0.0")
          .contains("smartparking_alarm_deliveries_pending{unit=\"U-A\"} 0.0");
      pool.close().await();
    } finally {
      vertx.close().await();
    }
  }
}
