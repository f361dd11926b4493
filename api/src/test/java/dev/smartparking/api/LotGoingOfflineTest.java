package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A lot that falls silent leaves the availability totals with no event about it, by time alone. */
class LotGoingOfflineTest {

  private static final MovableClock CLOCK = new MovableClock();

  @RegisterExtension
  static final ApiFixture api = ApiFixture.withClock(CLOCK);

  @Test
  void lotSilentForLongerThanOfflineAfterLeavesTheTotals() {
    api.district("O-1", "silent");
    api.lot("O-1-a", "O-1", 100);
    api.state("O-1-a", 100, 40, false, Duration.ZERO);
    api.lot("O-1-b", "O-1", 50);
    api.state("O-1-b", 50, 5, false, Duration.ZERO);
    api.await("/api/v1/availability", city -> city.getLong("lots_reporting") == 2);
    // O-1-b keeps reporting; O-1-a says nothing more
    api.db().execute("UPDATE lot_state SET last_seen_at = now() + interval '1 hour' WHERE lot_id = 'O-1-b'");
    api.await("/api/v1/lots/O-1-b",
        lot -> Instant.parse(lot.getString("last_seen_at")).isAfter(Instant.now().plus(Duration.ofMinutes(30))));

    CLOCK.moveForward(ApiFixture.OFFLINE_AFTER.plusMinutes(1));

    JsonObject city = api.await("/api/v1/availability", c -> c.getLong("lots_reporting") == 1);
    assertThat(city.getLong("total")).isEqualTo(50);
    assertThat(city.getLong("free")).isEqualTo(5);
    assertThat(city.getLong("lots")).isEqualTo(2);
    assertThat(api.get("/api/v1/lots/O-1-a", ApiFixture.READER_TOKEN).body()).contains("\"state\":\"offline\"");
  }
}
