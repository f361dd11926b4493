package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.smartparking.ingest.IngestFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code v1/lots/{id}/passages}: vehicles through the gates move the free count between snapshots. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PassagesIngestTest {

  private static final String STATUS = "v1/lots/L-1/status";
  private static final String PASSAGES = "v1/lots/L-1/passages";
  private static final String PLATE = "豫H12345";

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard();

  private Mqtt5BlockingClient client;
  private long seq;
  private long t0;

  @BeforeAll
  void start() {
    client = fixture.connect5(GW1, GW1_SECRET);
  }

  @AfterAll
  void stop() {
    client.disconnect();
  }

  @BeforeEach
  void snapshot() {
    fixture.clearMessages();
    t0 = System.currentTimeMillis() - 60_000;
    Publish.qos1(client, STATUS, "{\"seq\":" + ++seq + ",\"ts\":" + t0 + ",\"total\":420,\"free\":37}");
  }

  @Test
  void entriesAndExitsAfterTheSnapshotMoveTheFreeCount() {
    passage(t0 + 1_000, "in", null);
    passage(t0 + 2_000, "in", null);
    passage(t0 + 3_000, "out", null);

    assertThat(free()).isEqualTo(36);
  }

  @Test
  void passageOlderThanTheSnapshotLeavesTheFreeCount() {
    assertThat(passage(t0 - 5_000, "in", null)).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);

    assertThat(free()).isEqualTo(37);
    assertThat(fixture.db().count("SELECT count(*) FROM lot_passage_events")).isEqualTo(1);
  }

  @Test
  void newerSnapshotReplacesTheCountPassagesMoved() {
    passage(t0 + 1_000, "in", null);

    Publish.qos1(client, STATUS, "{\"seq\":" + ++seq + ",\"ts\":" + (t0 + 2_000) + ",\"total\":420,\"free\":50}");

    assertThat(free()).isEqualTo(50);
  }

  @Test
  void lateSnapshotIsAdjustedByTheStoredPassagesNewerThanIt() {
    passage(t0 + 3_000, "in", null);

    Publish.qos1(client, STATUS, "{\"seq\":" + ++seq + ",\"ts\":" + (t0 + 2_000) + ",\"total\":420,\"free\":50}");

    assertThat(free()).isEqualTo(49);
  }

  @Test
  void lateSnapshotIgnoresTheStoredPassagesOlderThanIt() {
    passage(t0 + 1_000, "in", null);
    passage(t0 + 1_500, "in", null);
    passage(t0 + 3_000, "out", null);

    Publish.qos1(client, STATUS, "{\"seq\":" + ++seq + ",\"ts\":" + (t0 + 2_000) + ",\"total\":420,\"free\":50}");

    assertThat(free()).isEqualTo(51);
  }

  @Test
  void firstSnapshotOfALotTakesInThePassagesStoredAfterIt() {
    fixture.clearMessages();
    passage(t0 + 1_000, "in", null);
    passage(t0 + 2_000, "in", null);

    Publish.qos1(client, STATUS, "{\"seq\":" + ++seq + ",\"ts\":" + (t0 + 500) + ",\"total\":420,\"free\":10}");

    assertThat(free()).isEqualTo(8);
  }

  @Test
  void laterSnapshotStillTakesInThePassagesStoredBeforeTheLotsFirstSnapshot() {
    fixture.clearMessages();
    passage(t0 + 1_000, "in", null);
    passage(t0 + 2_000, "in", null);
    Publish.qos1(client, STATUS, "{\"seq\":" + ++seq + ",\"ts\":" + (t0 + 500) + ",\"total\":420,\"free\":10}");

    // newer than the first snapshot, older than both passages: the lot's row must know of them
    Publish.qos1(client, STATUS, "{\"seq\":" + ++seq + ",\"ts\":" + (t0 + 700) + ",\"total\":420,\"free\":20}");

    assertThat(free()).isEqualTo(18);
  }

  @Test
  void freeCountStaysWithinZeroAndTotal() {
    Publish.qos1(client, STATUS, "{\"seq\":" + ++seq + ",\"ts\":" + (t0 + 1) + ",\"total\":420,\"free\":420}");

    passage(t0 + 1_000, "out", null);

    assertThat(free()).isEqualTo(420);
  }

  @Test
  void retransmittedPassageMovesTheCountOnce() {
    String payload = "{\"seq\":" + ++seq + ",\"ts\":" + (t0 + 1_000) + ",\"direction\":\"in\"}";

    Publish.qos1(client, PASSAGES, payload);
    Publish.qos1(client, PASSAGES, payload);

    assertThat(free()).isEqualTo(36);
  }

  @Test
  void plateIsStoredOnlyAsAKeyedHashThatPairsEntryWithExit() {
    passage(t0 + 1_000, "in", PLATE);
    passage(t0 + 2_000, "out", "豫h 12345");

    List<Map<String, Object>> rows = fixture.db().rows(
        "SELECT direction, plate_hmac FROM lot_passage_events ORDER BY ts");
    byte[] entry = (byte[]) rows.get(0).get("plate_hmac");
    assertThat(entry).hasSize(32);
    assertThat(rows.get(1).get("plate_hmac")).isEqualTo(entry);
    assertThat(fixture.db().count("SELECT count(*) FROM lot_passage_events WHERE position(convert_to('"
        + PLATE + "', 'UTF8') IN plate_hmac) > 0 OR gate LIKE '%12345%'")).isZero();
  }

  @Test
  void rejectedPassageIsStoredWithThePlateScrubbed() {
    String payload = "{\"seq\":" + ++seq + ",\"ts\":" + t0 + ",\"direction\":\"sideways\",\"plate\":\"" + PLATE + "\"}";

    assertThat(Publish.qos1(client, PASSAGES, payload)).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);

    Map<String, Object> row = fixture.db().rows("SELECT reason, detail, payload FROM rejected_messages").get(0);
    String stored = new String((byte[]) row.get("payload"), StandardCharsets.UTF_8);
    assertThat(row.get("reason")).isEqualTo("invalid");
    assertThat(row.get("detail")).asString().startsWith("direction: 'sideways' is not one of");
    assertThat(stored).doesNotContain("12345").contains("\"plate\":\"hmac:").contains("sideways");
  }

  @Test
  void rejectionDetailNeverQuotesAPlate() {
    String payload = "{\"seq\":" + ++seq + ",\"ts\":" + t0 + ",\"direction\":\"" + PLATE + "\"}";

    Publish.qos1(client, PASSAGES, payload);

    assertThat(fixture.db().rows("SELECT detail FROM rejected_messages")).singleElement()
        .satisfies(row -> assertThat(row.get("detail")).asString()
            .startsWith("direction: 'hmac:").doesNotContain("12345"));
  }

  @Test
  void plateInBrokenJsonIsScrubbedToo() {
    assertThat(Publish.qos1(client, PASSAGES, "{\"plate\": \"" + PLATE + "\", oops"))
        .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);

    byte[] stored = (byte[]) fixture.db().rows("SELECT payload FROM rejected_messages").get(0).get("payload");
    assertThat(new String(stored, StandardCharsets.UTF_8)).doesNotContain("12345").contains("oops");
  }

  private Mqtt5PubAckReasonCode passage(long ts, String direction, String plate) {
    String platePart = plate == null ? "" : ",\"plate\":\"" + plate + "\"";
    return Publish.qos1(client, PASSAGES, "{\"seq\":" + ++seq + ",\"ts\":" + ts + ",\"direction\":\"" + direction
        + "\",\"gate\":\"E1\"" + platePart + "}");
  }

  private long free() {
    return fixture.db().count("SELECT free FROM lot_state WHERE lot_id = 'L-1'");
  }
}
