package dev.smartparking.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.smartparking.catalog.Catalogue;
import dev.smartparking.ingest.Ingest;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A second CONNECT of a device on another ingest process closes its session on the first; the newer one stays. */
class TakeoverAcrossProcessesTest {

  private static final String SECRET = "takeover-secret-0123456";

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard();

  private static Ingest another;
  /**
   * No figure is promised for a takeover (the issue bounds revocation at 2 s, not this): a deadline,
   * wide enough for a busy 2-core CI machine running the whole suite, where 2 s once fell short.
   */
  private static final Duration TAKEOVER = Duration.ofSeconds(10);

  @BeforeAll
  static void secondProcess() {
    another = fixture.startAnotherIngest();
    fixture.importCatalogue(new Catalogue(List.of(), List.of(), List.of(), List.of(), List.of(
        new Catalogue.Device("to-1", "lot_gateway", List.of("L-1"), List.of(), SECRET, false),
        new Catalogue.Device("to-2", "lot_gateway", List.of("L-1"), List.of(), SECRET, false))));
  }

  @Test
  void connectOnAnotherProcessClosesTheSessionOnTheFirst() throws Exception {
    try (Publishing first = Publishing.start(fixture.connect5("to-1", SECRET), "L-1")) {
      Eventually.within(Duration.ofSeconds(5), "first session publishing", () -> first.acknowledged() > 3);

      Mqtt5BlockingClient second = fixture.connect5(another.mqttPort(), "to-1", SECRET);

      Eventually.within(TAKEOVER, "first session closed", () -> !first.connected());
      assertStaysConnectedAndPublishes(second);
    }
  }

  @Test
  void theNewerSessionWinsWhicheverProcessCameFirst() throws Exception {
    Mqtt5BlockingClient first = fixture.connect5(another.mqttPort(), "to-2", SECRET);
    // The later-announced session wins (docs/protocol.md): the first's announcement, which commits
    // its presence row and notification together, has gone round before the second CONNECT.
    Eventually.within(TAKEOVER, "first session announced",
        () -> fixture.db().count("SELECT count(*) FROM device_presence WHERE device_id = 'to-2' "
            + "AND process_id IS NOT NULL") == 1);

    Mqtt5BlockingClient second = fixture.connect5("to-2", SECRET);

    Eventually.within(TAKEOVER, "first session closed", () -> !first.getState().isConnected());
    assertStaysConnectedAndPublishes(second);
  }

  /** Connected still after its own announcement went round both processes, and acknowledged. */
  private static void assertStaysConnectedAndPublishes(Mqtt5BlockingClient client) {
    client.publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_LEAST_ONCE)
        .payload(IngestFixture.status(System.currentTimeMillis() * 1000, System.currentTimeMillis(), 420, 7)).send();
    assertThat(client.getState().isConnected()).isTrue();
    client.disconnect();
  }
}
