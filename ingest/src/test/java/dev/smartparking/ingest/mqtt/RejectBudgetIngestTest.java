package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW2;
import static dev.smartparking.ingest.IngestFixture.GW2_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.smartparking.catalog.Catalogue;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A device that sends more rejected messages than its budget is cut off and refused for the
 * cool-down (PROTOCOL.md, "Rejected messages"); what it stores meanwhile is bounded. Each test uses a
 * device of its own: the budget is kept per device for as long as the ingest process runs.
 */
class RejectBudgetIngestTest {

  private static final int BUDGET = 5;
  private static final Duration COOLDOWN = Duration.ofSeconds(3);
  /** Far more than the budget, sent without waiting for answers: a device looping at full speed. */
  private static final int FLOOD = 500;
  private static final String SECRET = "flood-secret-0123456789";
  private static final Duration CUT_OFF = Duration.ofSeconds(20);

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard()
      .with("ingest.reject-budget-per-minute", Integer.toString(BUDGET))
      .with("ingest.reject-cooldown", COOLDOWN.toString());

  @BeforeAll
  static void floodingDevices() {
    List<Catalogue.Device> devices = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      devices.add(new Catalogue.Device("flood-" + i, "lot_gateway", List.of("L-1"), List.of(), SECRET, false));
    }
    fixture.importCatalogue(new Catalogue(List.of(new Catalogue.District("410802", "解放区")), List.of(),
        List.of(new Catalogue.Lot("L-1", "lot L-1", "410802", 35.24, 113.24, 420, "status", "commercial", List.of())),
        List.of(), devices));
  }

  @BeforeEach
  void clear() {
    fixture.clearMessages();
  }

  @Test
  void aDeviceLoopingBadPayloadsAtFullSpeedIsDisconnectedWithQuotaExceeded() throws Exception {
    CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
    Mqtt5BlockingClient device = connect5("flood-1", disconnected);
    double disconnectsBefore = counter("smartparking.mqtt.disconnects", "reason", "reject_budget");

    flood(device, "not json".getBytes(StandardCharsets.UTF_8));

    Throwable cause = disconnected.get(CUT_OFF.toSeconds(), TimeUnit.SECONDS);
    assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
    assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
        .isEqualTo(Mqtt5DisconnectReasonCode.QUOTA_EXCEEDED);
    assertThat(rejectedOf("flood-1")).as("rejections stored: the budget, not the flood").isEqualTo(BUDGET);
    assertThat(counter("smartparking.mqtt.disconnects", "reason", "reject_budget") - disconnectsBefore).isEqualTo(1);
  }

  @Test
  void aDeviceCutOffIsRefusedWithQuotaExceededUntilItsCoolDownEnds() throws Exception {
    CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
    flood(connect5("flood-2", disconnected), "not json".getBytes(StandardCharsets.UTF_8));
    disconnected.get(CUT_OFF.toSeconds(), TimeUnit.SECONDS);
    double refusedBefore = counter("smartparking.mqtt.connects", "result", "reject_budget");

    assertThatThrownBy(() -> connect5("flood-2", new CompletableFuture<>()))
        .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
            .isEqualTo(Mqtt5ConnAckReasonCode.QUOTA_EXCEEDED));
    assertThat(counter("smartparking.mqtt.connects", "result", "reject_budget") - refusedBefore).isEqualTo(1);

    Eventually.within(COOLDOWN.plusSeconds(10), "flood-2 connects once its cool-down is over",
        () -> connects("flood-2"));
  }

  @Test
  void anMqtt311DeviceIsClosedAndRefusedAsServerUnavailable() throws Exception {
    CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
    Mqtt3BlockingClient device = MqttClient.builder().useMqttVersion3().identifier("flood-3")
        .serverHost("127.0.0.1").serverPort(fixture.port())
        .addDisconnectedListener(context -> disconnected.complete(context.getCause()))
        .buildBlocking();
    device.connectWith().simpleAuth().username("flood-3").password(SECRET.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth().send();
    for (int i = 0; i < FLOOD; i++) {
      device.toAsync().publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_LEAST_ONCE)
          .payload("not json".getBytes(StandardCharsets.UTF_8)).send();
    }

    disconnected.get(CUT_OFF.toSeconds(), TimeUnit.SECONDS);
    assertThat(rejectedOf("flood-3")).isEqualTo(BUDGET);
    assertThatThrownBy(() -> fixture.connect3("flood-3", SECRET))
        .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e -> assertThat(e.getMqttMessage().getReturnCode())
            .isEqualTo(Mqtt3ConnAckReturnCode.SERVER_UNAVAILABLE));
  }

  /** The count is the device's, not its connection's: reconnecting does not start it again. */
  @Test
  void theBudgetHoldsAcrossReconnects() throws Exception {
    Mqtt5BlockingClient first = fixture.connect5("flood-4", SECRET);
    for (int i = 0; i < 3; i++) {
      assertThat(Publish.qos1(first, "v1/lots/L-1/status", "not json"))
          .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
    }
    first.disconnect();
    CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
    Mqtt5BlockingClient second = connect5("flood-4", disconnected);
    for (int i = 0; i < BUDGET - 3; i++) {
      assertThat(Publish.qos1(second, "v1/lots/L-1/status", "not json"))
          .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
    }

    second.toAsync().publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_LEAST_ONCE)
        .payload("not json".getBytes(StandardCharsets.UTF_8)).send();

    Throwable cause = disconnected.get(CUT_OFF.toSeconds(), TimeUnit.SECONDS);
    assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
        .isEqualTo(Mqtt5DisconnectReasonCode.QUOTA_EXCEEDED);
    assertThat(rejectedOf("flood-4")).isEqualTo(BUDGET);
  }

  /**
   * The bound the budget is for: a device sending the largest payloads it may, as fast as it can,
   * adds at most the budget's worth of 4 KiB payloads, each kept with the hash and length of the
   * whole.
   */
  @Test
  void theRejectedStoreGrowsByAtMostTheBudgetOf4KiBPayloads() throws Exception {
    byte[] large = "x".repeat(60 * 1024).getBytes(StandardCharsets.UTF_8);
    CompletableFuture<Throwable> disconnected = new CompletableFuture<>();

    flood(connect5("flood-5", disconnected), large);

    disconnected.get(CUT_OFF.toSeconds(), TimeUnit.SECONDS);
    rejectedOf("flood-5");
    Map<String, Object> stored = fixture.db().rows("""
        SELECT count(*) AS rows, sum(octet_length(payload)) AS payload_bytes, min(payload_length) AS shortest,
               max(payload_length) AS longest, count(DISTINCT encode(payload_sha256, 'hex')) AS hashes,
               min(encode(payload_sha256, 'hex')) AS hash
        FROM rejected_messages WHERE device_id = 'flood-5'""").get(0);
    assertThat(stored).containsEntry("rows", (long) BUDGET)
        .containsEntry("payload_bytes", (long) BUDGET * 4096)
        .containsEntry("shortest", large.length).containsEntry("longest", large.length)
        .containsEntry("hashes", 1L).containsEntry("hash", sha256(large));
  }

  @Test
  void otherDevicesKeepPublishingWhileOneIsCutOff() throws Exception {
    Mqtt5BlockingClient neighbour = fixture.connect5(GW2, GW2_SECRET);
    CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
    long t0 = System.currentTimeMillis();

    flood(connect5("flood-6", disconnected), "not json".getBytes(StandardCharsets.UTF_8));
    int seq = 0;
    long end = System.nanoTime() + CUT_OFF.toNanos();
    while ((!disconnected.isDone() || seq < 50) && System.nanoTime() < end) {
      seq++;
      assertThat(Publish.qos1(neighbour, "v1/lots/L-2/status", IngestFixture.status(seq, t0 + seq, 100, seq % 100)))
          .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    }

    assertThat(disconnected).as("the flooding device cut off").isDone();
    assertThat(neighbour.getState().isConnected()).isTrue();
    assertThat(fixture.db().count("SELECT count(*) FROM lot_status_events WHERE device_id = ?", GW2)).isEqualTo(seq);
    assertThat(rejectedOf("flood-6")).isEqualTo(BUDGET);
  }

  private static Mqtt5BlockingClient connect5(String device, CompletableFuture<Throwable> disconnected) {
    Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(device)
        .serverHost("127.0.0.1").serverPort(fixture.port())
        .addDisconnectedListener(context -> {
          if (context.getSource() == MqttDisconnectSource.SERVER) {
            disconnected.complete(context.getCause());
          }
        })
        .buildBlocking();
    client.connectWith().simpleAuth().username(device).password(SECRET.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth().send();
    return client;
  }

  private static boolean connects(String device) {
    try {
      connect5(device, new CompletableFuture<>()).disconnect();
      return true;
    } catch (Mqtt5ConnAckException refused) {
      return false;
    }
  }

  /** QoS 1 publishes sent without waiting for any answer. */
  private static void flood(Mqtt5BlockingClient device, byte[] payload) {
    for (int i = 0; i < FLOOD; i++) {
      device.toAsync().publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    }
  }

  /**
   * The device's stored rejections, once the budget's worth is there: the device is cut off as its
   * first rejection over budget is judged, when those before it may still wait for their batch.
   */
  private static long rejectedOf(String device) throws InterruptedException {
    String count = "SELECT count(*) FROM rejected_messages WHERE device_id = ?";
    Eventually.within(Duration.ofSeconds(10), device + "'s rejections within budget stored",
        () -> fixture.db().count(count, device) >= BUDGET);
    return fixture.db().count(count, device);
  }

  private static double counter(String name, String tag, String value) {
    return fixture.meters.get(name).tag(tag, value).counter().count();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
