package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static dev.smartparking.ingest.IngestFixture.GW2;
import static dev.smartparking.ingest.IngestFixture.GW2_SECRET;
import static dev.smartparking.ingest.IngestFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import dev.smartparking.testkit.RowLock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults PostgreSQL recovers from, met by the writer's own statement: a full disk (SQLSTATE 53100),
 * a deadlock (40P01) and a cancelled statement (57014). Each is waited out like an outage: the
 * devices keep their connections, nothing is acknowledged before it is stored, every message is
 * stored once when the fault is gone, and ingest goes on by itself.
 */
class TransientStorageFaultTest {

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard();

  private static final Duration FAULT_SEEN = Duration.ofSeconds(20);
  private static final int DURING_FAULT = 20;

  /**
   * What PostgreSQL raises when it cannot extend a table's file for lack of space. Raised by a
   * trigger, so the disk is not really full: this shows what the writer does with the error inside
   * its statement, not what PostgreSQL does on a full disk (a full WAL disk stops PostgreSQL
   * altogether, which the outage and restart tests cover as a lost connection). The trigger raises
   * only while the flag row says the disk is full: the fault ends with an UPDATE, as DDL (DROP
   * TRIGGER) would wait for the table lock of the writer's statement stuck in its retries.
   */
  private static final String DISK_FULL = """
      CREATE TABLE IF NOT EXISTS test_disk (is_full boolean NOT NULL);
      INSERT INTO test_disk SELECT false WHERE NOT EXISTS (SELECT FROM test_disk);
      CREATE OR REPLACE FUNCTION test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT is_full FROM test_disk) THEN
          RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full';
        END IF;
        RETURN NEW;
      END $$;
      CREATE OR REPLACE TRIGGER test_disk_full BEFORE INSERT ON lot_status_events
        FOR EACH ROW EXECUTE FUNCTION test_disk_full();
      UPDATE test_disk SET is_full = true;""";
  private static final String SPACE_AGAIN = "UPDATE test_disk SET is_full = false";

  @BeforeEach
  void clear() {
    fixture.clearMessages();
  }

  @Test
  void aFullDiskHoldsEveryConnectionsMessagesUntilThereIsSpaceAgain() throws Exception {
    Mqtt5BlockingClient gw1 = fixture.connect5(GW1, GW1_SECRET);
    Mqtt5BlockingClient gw2 = fixture.connect5(GW2, GW2_SECRET);
    long t0 = System.currentTimeMillis();
    double retriesBefore = retries();

    List<CompletableFuture<Mqtt5PublishResult>> pubacks = new ArrayList<>();
    fixture.db().execute(DISK_FULL);
    try {
      for (int seq = 1; seq <= DURING_FAULT; seq++) {
        pubacks.add(publish(gw1, "L-1", seq, t0 + seq));
        pubacks.add(publish(gw2, "L-2", seq, t0 + seq));
      }
      Eventually.within(FAULT_SEEN, "the writer met the full disk twice", () -> retries() >= retriesBefore + 2);
      assertThat(fixture.gauge("smartparking.ingest.storage.retrying")).as("event loops holding a batch")
          .isGreaterThanOrEqualTo(1);
      assertThat(pubacks).as("PUBACKs while the disk is full").noneMatch(CompletableFuture::isDone);
      assertThat(stored(GW1) + stored(GW2)).isZero();
    } finally {
      fixture.db().execute(SPACE_AGAIN);
    }

    assertAllAcknowledged(pubacks);
    assertThat(gw1.getState().isConnected() && gw2.getState().isConnected()).as("both still connected").isTrue();
    assertStoredOnce(GW1, DURING_FAULT);
    assertStoredOnce(GW2, DURING_FAULT);
    assertResumes(gw1, "L-1", DURING_FAULT + 1, t0);
  }

  /**
   * A real deadlock, with the writer as the one PostgreSQL aborts. PostgreSQL checks for a deadlock
   * once, {@code deadlock_timeout} after a wait begins, so the victim is the session whose wait
   * closes the cycle. Here that is the writer: it waits first for {@code blocker}'s lock on the
   * lot's state, while holding its insert lock on lot_status_events; {@code other} then queues for
   * a table lock behind that insert lock and holds the lot's occupancy minute; when {@code blocker}
   * lets go, the writer's state update goes on to the minute, and waits for {@code other}.
   */
  @Test
  void aDeadlockedBatchIsSentAgainAndStoredOnce() throws Exception {
    Mqtt5BlockingClient gw1 = fixture.connect5(GW1, GW1_SECRET);
    // A minute ago, so both messages fall in one occupancy minute that is not the current one.
    long minute = (System.currentTimeMillis() / 60_000 - 1) * 60_000;
    assertThat(Publish.qos1(gw1, "v1/lots/L-1/status", status(1, minute + 1_000, 420, 10)))
        .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    double retriesBefore = retries();
    long deadlocksBefore = deadlocks();

    CompletableFuture<Mqtt5PublishResult> puback;
    try (Connection other = DriverManager.getConnection(fixture.db().jdbcUrl(), fixture.db().user(),
        fixture.db().password())) {
      other.setAutoCommit(false);
      try (Statement statement = other.createStatement()) {
        // never the one to look for the deadlock: the writer is to find it
        statement.execute("SET deadlock_timeout = '60s'");
        statement.execute("SELECT * FROM lot_occupancy_minutes WHERE lot_id = 'L-1' FOR UPDATE");
      }
      try (RowLock blocker = RowLock.take(fixture.db(), "SELECT * FROM lot_state WHERE lot_id = 'L-1' FOR UPDATE")) {
        puback = publish(gw1, "L-1", 2, minute + 2_000);
        blocker.awaitWaiters(1);
        CompletableFuture<Void> tableLock = CompletableFuture.runAsync(() -> execute(other,
            "LOCK TABLE lot_status_events IN SHARE MODE"));
        blocker.awaitWaiters(2);
        blocker.release();

        // The writer is aborted, its insert lock goes, and the table lock is granted.
        tableLock.get(FAULT_SEEN.toSeconds(), TimeUnit.SECONDS);
      }
      Eventually.within(FAULT_SEEN, "the writer held its batch", () -> retries() > retriesBefore);
      // Backends report their statistics a little later.
      Eventually.within(FAULT_SEEN, "PostgreSQL counted a deadlock", () -> deadlocks() > deadlocksBefore);
      assertThat(puback).as("PUBACK while the retry waits for the table lock").isNotDone();
      other.commit();
    }

    assertThat(puback.get(30, TimeUnit.SECONDS).getError()).as("publish error").isEmpty();
    assertThat(gw1.getState().isConnected()).as("still connected").isTrue();
    assertStoredOnce(GW1, 2);
    assertResumes(gw1, "L-1", 3, minute);
  }

  /** {@code pg_cancel_backend} on the writer's backend while its batch waits for a row lock. */
  @Test
  void aCancelledBatchIsSentAgainAndStoredOnce() throws Exception {
    Mqtt5BlockingClient gw1 = fixture.connect5(GW1, GW1_SECRET);
    long t0 = System.currentTimeMillis();
    assertThat(Publish.qos1(gw1, "v1/lots/L-1/status", status(1, t0, 420, 10)))
        .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    double retriesBefore = retries();

    List<CompletableFuture<Mqtt5PublishResult>> pubacks = new ArrayList<>();
    try (RowLock lock = RowLock.take(fixture.db(), "SELECT * FROM lot_state WHERE lot_id = 'L-1' FOR UPDATE")) {
      for (int seq = 2; seq <= DURING_FAULT; seq++) {
        pubacks.add(publish(gw1, "L-1", seq, t0 + seq));
      }
      lock.awaitWaiters(1);
      // The one backend waiting for a lock is the writer's.
      assertThat(fixture.db().count("""
          SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'"""))
          .as("writer backends cancelled").isEqualTo(1);
      Eventually.within(FAULT_SEEN, "the writer held its batch", () -> retries() > retriesBefore);
      // The batch sent again waits for the lock like the first attempt.
      lock.awaitWaiters(1);
      assertThat(pubacks).as("PUBACKs while the lock is held").noneMatch(CompletableFuture::isDone);
      lock.release();
    }

    assertAllAcknowledged(pubacks);
    assertThat(gw1.getState().isConnected()).as("still connected").isTrue();
    assertStoredOnce(GW1, DURING_FAULT);
    assertResumes(gw1, "L-1", DURING_FAULT + 1, t0);
  }

  private static CompletableFuture<Mqtt5PublishResult> publish(Mqtt5BlockingClient client, String lot, long seq,
      long ts) {
    return client.toAsync().publishWith().topic("v1/lots/" + lot + "/status").qos(MqttQos.AT_LEAST_ONCE)
        .payload(status(seq, ts, 420, (int) (seq % 100))).send();
  }

  private static void assertAllAcknowledged(List<CompletableFuture<Mqtt5PublishResult>> pubacks) throws Exception {
    for (CompletableFuture<Mqtt5PublishResult> puback : pubacks) {
      assertThat(puback.get(30, TimeUnit.SECONDS).getError()).as("publish error").isEmpty();
    }
  }

  /** Ingest goes on by itself: the next message is stored and acknowledged as usual. */
  private static void assertResumes(Mqtt5BlockingClient client, String lot, long seq, long t0) {
    assertThat(Publish.qos1(client, "v1/lots/" + lot + "/status", status(seq, t0 + seq * 10, 420, 1)))
        .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    assertThat(fixture.gauge("smartparking.ingest.storage.retrying")).as("event loops holding a batch").isZero();
  }

  private static void assertStoredOnce(String device, long messages) {
    assertThat(fixture.db().rows("SELECT count(*) AS n, count(DISTINCT seq) AS seqs FROM lot_status_events "
        + "WHERE device_id = ?", device).get(0))
        .containsEntry("n", messages).containsEntry("seqs", messages);
  }

  private static long stored(String device) {
    return fixture.db().count("SELECT count(*) FROM lot_status_events WHERE device_id = ?", device);
  }

  private static double retries() {
    return fixture.meters.get("smartparking.ingest.batch.retries").counter().count();
  }

  private static long deadlocks() {
    return fixture.db().count("SELECT deadlocks FROM pg_stat_clear_snapshot(), pg_stat_database "
        + "WHERE datname = current_database()");
  }

  private static void execute(Connection connection, String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
