package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The view's listening connection is cut: readiness goes down, and what it missed is loaded again. */
class ListenerReconnectTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @Test
  void notReadyWhileNotListeningAndCatchesUpWithWhatItMissed() {
    api.district("C-1", "cut");
    api.lot("C-1-a", "C-1", 100);
    api.state("C-1-a", 100, 40, false, Duration.ZERO);
    api.await("/api/v1/lots/C-1-a", lot -> Integer.valueOf(40).equals(lot.getInteger("free")));
    api.await("/health/ready", ready -> true);

    api.db().execute("""
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND query LIKE 'LISTEN%'""");
    api.db().execute("UPDATE lot_state SET free = 9, last_seen_at = now() WHERE lot_id = 'C-1-a'");

    JsonObject down = new JsonObject(api.awaitAnswer("/health/ready", answer -> answer.statusCode() == 503).body());
    assertThat(down.getJsonObject("checks").getString("availability")).isEqualTo("down: not following lot changes");
    api.await("/health/ready", ready -> true);
    assertThat(api.await("/api/v1/lots/C-1-a", lot -> true).getInteger("free")).isEqualTo(9);
  }
}
