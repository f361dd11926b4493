package dev.smartparking.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.config.ConfigLoader;
import dev.smartparking.db.SchemaMigrator;
import dev.smartparking.testkit.Eventually;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TestPostgres;
import dev.smartparking.testkit.WebhookReceiver;
import dev.smartparking.testkit.WebhookReceiver.Answer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server process killed (SIGKILL) while a unit's receiver holds its delivery unanswered: after a
 * restart the event is delivered, and the receiver got it at least once more (it de-duplicates by
 * event id). The alarm is the silent sweep's own, raised in the first process.
 */
class AlarmDeliverySurvivesKillTest {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final String SECRET = "secret-of-the-unit-0123456789";

  @TempDir
  Path logs;

  @Test
  void anEventWhoseDeliveryWasCutByAKillIsDeliveredAfterTheRestart() throws Exception {
    Vertx vertx = Vertx.vertx();
    List<Process> processes = new ArrayList<>();
    try (TestDatabase db = TestPostgres.freshDatabase();
        WebhookReceiver unit = WebhookReceiver.start(vertx, SECRET)) {
      SchemaMigrator.migrate(ConfigLoader.defaults().setAll(db.serverSettings()).build().database());
      db.execute("INSERT INTO districts (code, name) VALUES ('410802', '解放区')");
      db.execute("INSERT INTO units (id, name, district_code, webhook_url, webhook_secret) VALUES "
          + "('U-01', '解放区住建局', '410802', '" + unit.url() + "', '" + SECRET + "')");
      // Registered an hour ago and never heard from: silent at the first sweep.
      db.execute("INSERT INTO covers (id, unit_id, district_code, lat, lon, report_interval_s, gas_limit_ppm, "
          + "registered_at) VALUES ('C-000001', 'U-01', '410802', 35.2, 113.2, 600, 25, now() - interval '1 hour')");
      unit.answer((event, times) -> Answer.NEVER);

      Process first = serve(db, "first");
      processes.add(first);
      Eventually.within(DEADLINE, () -> "the first call, log: " + log("first"), () -> unit.received().size() == 1);
      first.destroyForcibly().waitFor();

      Map<String, Object> cut = db.rows("SELECT status, attempts FROM alarm_deliveries").get(0);
      assertThat(cut).containsEntry("status", "pending").containsEntry("attempts", 1);
      unit.answer((event, times) -> Answer.OK);

      processes.add(serve(db, "second"));
      Eventually.within(DEADLINE, () -> "delivered after the restart, log: " + log("second"),
          () -> db.count("SELECT count(*) FROM alarm_deliveries WHERE status = 'delivered'") == 1);

      String event = (String) db.rows("SELECT prefixed_id('E', event_id) AS k FROM alarm_deliveries").get(0).get("k");
      assertThat(unit.timesReceived(event)).isEqualTo(2);
      assertThat(unit.received()).allMatch(WebhookReceiver.Received::signatureValid);
      assertThat(db.count("SELECT count(*) FROM cover_alarms")).as("one alarm, raised once").isEqualTo(1);
    } finally {
      processes.forEach(Process::destroyForcibly);
      for (Process process : processes) {
        process.waitFor();
      }
      vertx.close().await();
    }
  }

  private Process serve(TestDatabase db, String name) throws IOException {
    return ServerProcess.serve(db, logs.resolve(name + ".log"), Map.of(
        "SMARTPARKING_ALARMS_SWEEP_INTERVAL", "PT1S",
        "SMARTPARKING_ALARMS_WEBHOOK_ALLOW_LOOPBACK", "true",
        // The lease of a call is twice this: the second process sends again within 10 s.
        "SMARTPARKING_ALARMS_DELIVERY_TIMEOUT", "PT5S"));
  }

  private String log(String name) {
    return ServerProcess.log(logs.resolve(name + ".log"));
  }
}
