package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import dev.smartparking.testkit.RowLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stopping ingest (the path SIGTERM takes): it stops reading, commits and acknowledges what it
 * read, sends MQTT 5 devices DISCONNECT 0x8B and is gone within {@code shutdown.grace}; readiness
 * says so from the start. Storage is held up by a row lock so the messages are read, not yet
 * committed, when the stop begins.
 */
class ShutdownDrainTest {

  private static final Duration GRACE = Duration.ofSeconds(3);
  private static final Duration SEEN = Duration.ofSeconds(20);
  private static final int MESSAGES = 20;

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard().with("shutdown.grace", GRACE.toString());

  @BeforeEach
  void clear() {
    fixture.clearMessages();
  }

  @AfterEach
  void restart() {
    fixture.startIngest();
  }

  @Test
  void messagesReadBeforeTheStopAreCommittedAndAcknowledgedBeforeTheDisconnect() throws Exception {
    WatchedDevice gw1 = connectWithLotState();
    long t0 = System.currentTimeMillis();
    List<CompletableFuture<Mqtt5PublishResult>> pubacks = new ArrayList<>();
    CompletableFuture<Long> stopped;
    try (RowLock lock = RowLock.take(fixture.db(), "SELECT * FROM lot_state WHERE lot_id = 'L-1' FOR UPDATE")) {
      for (int seq = 1; seq <= MESSAGES; seq++) {
        pubacks.add(gw1.status(seq, t0 + seq));
      }
      lock.awaitWaiters(1);
      Eventually.within(SEEN, "every message read",
          () -> fixture.gauge("smartparking.ingest.messages.in_flight") == MESSAGES);
      stopped = stopInBackground();
      Eventually.within(SEEN, "readiness down", () -> fixture.readiness().problem().isPresent());
      assertThat(fixture.readiness().problem()).hasValueSatisfying(
          problem -> assertThat(problem).startsWith("shutting down"));
      assertThat(pubacks).as("PUBACKs before the commit").noneMatch(CompletableFuture::isDone);
      lock.release();
    }

    assertThat(gw1.disconnectReason(SEEN.toSeconds())).isEqualTo(Mqtt5DisconnectReasonCode.SERVER_SHUTTING_DOWN);
    // the client completes its futures on threads of its own, after or before its disconnect listener
    for (CompletableFuture<Mqtt5PublishResult> puback : pubacks) {
      assertThat(WatchedDevice.acknowledged(puback.get(SEEN.toSeconds(), TimeUnit.SECONDS)))
          .as("acknowledged before the DISCONNECT").isTrue();
    }
    assertThat(fixture.db().count("SELECT count(DISTINCT seq) FROM lot_status_events WHERE device_id = ?", GW1))
        .isEqualTo(MESSAGES + 1);
    assertThat(stopped.get(SEEN.toSeconds(), TimeUnit.SECONDS)).as("stop took (ms)").isLessThan(GRACE.toMillis());
  }

  @Test
  void messagesNotCommittedWithinTheGraceAreNeverAcknowledged() throws Exception {
    WatchedDevice gw1 = connectWithLotState();
    long t0 = System.currentTimeMillis();
    List<CompletableFuture<Mqtt5PublishResult>> pubacks = new ArrayList<>();
    try (RowLock lock = RowLock.take(fixture.db(), "SELECT * FROM lot_state WHERE lot_id = 'L-1' FOR UPDATE")) {
      for (int seq = 1; seq <= MESSAGES; seq++) {
        pubacks.add(gw1.status(seq, t0 + seq));
      }
      lock.awaitWaiters(1);
      Eventually.within(SEEN, "every message read",
          () -> fixture.gauge("smartparking.ingest.messages.in_flight") == MESSAGES);
      long took = stopInBackground().get(SEEN.toSeconds(), TimeUnit.SECONDS);

      assertThat(took).as("stop took (ms)").isLessThan(GRACE.toMillis());
      assertThat(gw1.disconnectReason(SEEN.toSeconds())).isEqualTo(Mqtt5DisconnectReasonCode.SERVER_SHUTTING_DOWN);
      assertThat(pubacks).as("PUBACKs of messages never committed").noneMatch(WatchedDevice::acknowledged);
      assertThat(lock.waiters()).as("statements still waiting for the lock after the stop (cancelled?)").isZero();
    }
  }

  @Test
  void connectsAreRefusedWhileDraining() throws Exception {
    WatchedDevice gw1 = connectWithLotState();
    int port = fixture.port();
    CompletableFuture<Long> stopped;
    try (RowLock lock = RowLock.take(fixture.db(), "SELECT * FROM lot_state WHERE lot_id = 'L-1' FOR UPDATE")) {
      gw1.status(1, System.currentTimeMillis());
      lock.awaitWaiters(1);
      stopped = stopInBackground();
      Eventually.within(SEEN, "draining", () -> fixture.readiness().problem().isPresent());
      assertThatThrownBy(() -> fixture.connect5(port, IngestFixture.GW2, IngestFixture.GW2_SECRET))
          .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
              .isEqualTo(Mqtt5ConnAckReasonCode.SERVER_UNAVAILABLE));
      lock.release();
    }
    stopped.get(SEEN.toSeconds(), TimeUnit.SECONDS);
  }

  /** GW1, whose lot has its state row, so that a lock on that row holds the writer. */
  private static WatchedDevice connectWithLotState() throws Exception {
    WatchedDevice gw1 = WatchedDevice.connect(fixture.port(), GW1, GW1_SECRET, "L-1");
    assertThat(WatchedDevice.acknowledged(gw1.status(0, System.currentTimeMillis()).get(10, TimeUnit.SECONDS)))
        .isTrue();
    return gw1;
  }

  /** Stops ingest on a thread of its own, as the JVM's shutdown hook does; completes with how long it took. */
  private static CompletableFuture<Long> stopInBackground() {
    return CompletableFuture.supplyAsync(() -> {
      long started = System.nanoTime();
      fixture.stopIngest();
      return (System.nanoTime() - started) / 1_000_000;
    });
  }
}
