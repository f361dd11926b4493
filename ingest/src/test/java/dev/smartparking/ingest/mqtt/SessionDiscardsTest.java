package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.db.PgClients;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import io.vertx.core.Future;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A burst of clean CONNECTs discards the sessions kept from before in a few statements, so a pool
 * whose wait queue holds far fewer than the burst still gets them all done at once.
 */
class SessionDiscardsTest {

  @RegisterExtension static final IngestFixture fixture = IngestFixture.standard();

  /** One connection and one waiter: a statement per discard would have all but two refused each round. */
  private Pool pool;

  @BeforeEach
  void pool() {
    pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1).setMaxWaitQueueSize(1).setShared(false))
        .connectingTo(PgClients.connectOptions(fixture.config().database()))
        .using(fixture.vertx())
        .build();
    fixture.db().execute("DELETE FROM mqtt_sessions");
    fixture.db().execute("""
        INSERT INTO mqtt_sessions (device_id, expiry_s, expires_at)
        VALUES ('%s', 3600, now() + interval '1 hour'), ('%s', 3600, now() + interval '1 hour')""".formatted(GW1, GW2));
  }

  @AfterEach
  void close() {
    pool.close().await();
  }

  @Test
  void burstOfDiscardsFarLargerThanThePoolsWaitQueueIsDoneAtOnce() {
    SessionDiscards discards = new SessionDiscards(fixture.vertx(), pool);
    List<Future<Void>> done = new ArrayList<>();
    done.add(discards.discard(GW1));
    for (int i = 0; i < 200; i++) {
      // devices that kept nothing, as most clean CONNECTs are
      done.add(discards.discard("gw-burst-" + i));
    }

    // Refused statements are retried a second later: one statement each would need 100 rounds.
    Eventually.within(Duration.ofSeconds(10), "every discard done", () -> done.stream().allMatch(Future::succeeded));
    assertThat(fixture.db().rows("SELECT device_id FROM mqtt_sessions"))
        .as("the kept session of the device that did not connect clean stays")
        .extracting(row -> row.get("device_id")).containsExactly(GW2);
  }
}
