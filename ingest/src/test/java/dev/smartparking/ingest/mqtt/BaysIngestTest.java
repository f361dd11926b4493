package dev.smartparking.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.smartparking.catalog.Catalogue;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.RowLock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code v1/lots/{id}/bays}: a bay-counted lot's total and free come from its bays' latest states. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BaysIngestTest {

  private static final String BAYS = "v1/lots/S-1/bays";
  private static final String SECRET = "bg-1-secret-0123456789";
  private static final String SECRET_2 = "bg-2-secret-0123456789";

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard();

  private Mqtt5BlockingClient client;
  private long seq;
  private long now;

  @BeforeAll
  void start() {
    fixture.importCatalogue(new Catalogue(List.of(), List.of(),
        List.of(new Catalogue.Lot("S-1", "民主路 A 段", "410802", 35.24, 113.23, 4, "bays", "on_street",
            List.of("A-001", "A-002", "A-003", "A-004"))),
        List.of(),
        List.of(new Catalogue.Device("bg-1", "bay_gateway", List.of("S-1"), List.of(), SECRET, false),
            new Catalogue.Device("bg-2", "bay_gateway", List.of("S-1"), List.of(), SECRET_2, false))));
    client = fixture.connect5("bg-1", SECRET);
  }

  @AfterAll
  void stop() {
    client.disconnect();
  }

  @BeforeEach
  void clear() {
    fixture.clearMessages();
    now = System.currentTimeMillis();
  }

  @Test
  void reportingBaysMakeTheLotsTotalAndFree() {
    bays(now, "{\"bay\":\"A-001\",\"occupied\":true},{\"bay\":\"A-002\",\"occupied\":true},"
        + "{\"bay\":\"A-003\",\"occupied\":false}");

    assertThat(lotState()).isEqualTo(Map.of("total", 3, "free", 1));
  }

  @Test
  void concurrentBatchesReportingNewBaysOfOneLotCountThemAll() throws Exception {
    bays(now - 1_000, "{\"bay\":\"A-001\",\"occupied\":true}");
    Mqtt5BlockingClient other = fixture.connect5("bg-2", SECRET_2);
    try (RowLock lock = RowLock.take(fixture.db(), "SELECT * FROM lot_state WHERE lot_id = 'S-1' FOR UPDATE")) {
      // the first batch waits for the lot's row; the second starts while the first is open
      CompletableFuture<Mqtt5PublishResult> first = baysAsync(client, "{\"bay\":\"A-002\",\"occupied\":false}");
      lock.awaitWaiters(1);
      CompletableFuture<Mqtt5PublishResult> second = baysAsync(other, "{\"bay\":\"A-003\",\"occupied\":false}");
      lock.awaitWaiters(2);
      lock.release();
      assertThat(first.get(10, TimeUnit.SECONDS).getError()).isEmpty();
      assertThat(second.get(10, TimeUnit.SECONDS).getError()).isEmpty();
    } finally {
      other.disconnect();
    }

    assertThat(lotState()).isEqualTo(Map.of("total", 3, "free", 2));
  }

  @Test
  void registeredBaysThatNeverReportedAreNotCounted() {
    bays(now, "{\"bay\":\"A-004\",\"occupied\":false}");

    assertThat(lotState()).isEqualTo(Map.of("total", 1, "free", 1));
    assertThat(fixture.db().count("SELECT count(*) FROM bay_state WHERE lot_id = 'S-1' AND occupied IS NULL"))
        .isEqualTo(3);
  }

  @Test
  void aLaterChangeOfOneBayMovesTheFreeCount() {
    bays(now - 1_000, "{\"bay\":\"A-001\",\"occupied\":true},{\"bay\":\"A-002\",\"occupied\":true}");

    bays(now, "{\"bay\":\"A-002\",\"occupied\":false}");

    assertThat(lotState()).isEqualTo(Map.of("total", 2, "free", 1));
  }

  @Test
  void olderChangeDoesNotOverwriteANewerBayState() {
    bays(now, "{\"bay\":\"A-001\",\"occupied\":true}");

    bays(now, "{\"bay\":\"A-001\",\"occupied\":false,\"ts\":" + (now - 60_000) + "}");

    assertThat(fixture.db().rows("SELECT occupied FROM bay_state WHERE bay_id = 'A-001'"))
        .containsExactly(Map.of("occupied", true));
    assertThat(fixture.db().count("SELECT count(*) FROM bay_events")).isEqualTo(2);
  }

  @Test
  void retransmittedChangesAreStoredOnce() {
    String payload = "{\"seq\":" + ++seq + ",\"ts\":" + now + ",\"bays\":[{\"bay\":\"A-004\",\"occupied\":true}]}";

    Publish.qos1(client, BAYS, payload);
    Publish.qos1(client, BAYS, payload);

    assertThat(fixture.db().count("SELECT count(*) FROM bay_events")).isEqualTo(1);
  }

  @Test
  void unregisteredBayIsRejectedAsUnknownEntity() {
    assertThat(bays(now, "{\"bay\":\"Z-999\",\"occupied\":true}")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);

    assertThat(fixture.db().rows("SELECT reason, detail FROM rejected_messages"))
        .containsExactly(Map.of("reason", "unknown_entity", "detail", "bays[0].bay: 'Z-999' is not a bay of lot S-1"));
    assertThat(fixture.db().count("SELECT count(*) FROM bay_events")).isZero();
  }

  @Test
  void sameBayTwiceInOneMessageIsInvalid() {
    bays(now, "{\"bay\":\"A-001\",\"occupied\":true},{\"bay\":\"A-001\",\"occupied\":false}");

    assertThat(fixture.db().rows("SELECT reason FROM rejected_messages")).containsExactly(Map.of("reason", "invalid"));
  }

  @Test
  void emptyChangeListIsInvalid() {
    assertThat(bays(now, "")).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);

    assertThat(fixture.db().rows("SELECT detail FROM rejected_messages"))
        .containsExactly(Map.of("detail", "bays: expected 1 to 500 items, got 0"));
  }

  @Test
  void statusSnapshotToABayCountedLotIsInvalid() {
    Publish.qos1(client, "v1/lots/S-1/status", "{\"seq\":" + ++seq + ",\"ts\":" + now + ",\"total\":4,\"free\":4}");

    assertThat(fixture.db().rows("SELECT reason, detail FROM rejected_messages")).containsExactly(Map.of(
        "reason", "invalid", "detail", "lot S-1 is counted by bays, so it takes no status or passages messages"));
  }

  private Mqtt5PubAckReasonCode bays(long ts, String changes) {
    return Publish.qos1(client, BAYS, "{\"seq\":" + ++seq + ",\"ts\":" + ts + ",\"bays\":[" + changes + "]}");
  }

  private CompletableFuture<Mqtt5PublishResult> baysAsync(Mqtt5BlockingClient sender, String changes) {
    String payload = "{\"seq\":" + ++seq + ",\"ts\":" + now + ",\"bays\":[" + changes + "]}";
    return sender.toAsync().publishWith().topic(BAYS).qos(MqttQos.AT_LEAST_ONCE)
        .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
  }

  private Map<String, Object> lotState() {
    return fixture.db().rows("SELECT total, free FROM lot_state WHERE lot_id = 'S-1'").get(0);
  }
}
