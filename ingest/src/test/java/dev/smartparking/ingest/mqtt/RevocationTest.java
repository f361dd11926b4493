package dev.smartparking.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.smartparking.catalog.Catalogue;
import dev.smartparking.ingest.Ingest;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A catalogue import that rotates a device's secret, disables it or changes its bindings closes
 * the device's live session within 2 s, on every ingest process on the database, while the device
 * publishes; an import that changes nothing of it leaves it connected. Each test has devices of its own.
 */
class RevocationTest {

  private static final Duration REVOKED_WITHIN = Duration.ofSeconds(2);
  private static final String SECRET = "revocation-secret-0123456";
  private static final String ROTATED = "rotated-secret-0123456789";

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard();

  private static Ingest another;

  @BeforeAll
  static void secondProcess() {
    another = fixture.startAnotherIngest();
  }

  @Test
  void secretRotationClosesALivePublishingSession() throws Exception {
    register(device("rev-rotate", "L-1", SECRET, null));
    try (Publishing publishing = Publishing.start(fixture.connect5("rev-rotate", SECRET), "L-1")) {
      awaitPublishing(publishing);

      register(device("rev-rotate", "L-1", ROTATED, null));

      Eventually.within(REVOKED_WITHIN, "session closed after the secret rotated", () -> !publishing.connected());
    }
    assertRefused("rev-rotate", SECRET, Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    fixture.connect5("rev-rotate", ROTATED).disconnect();
  }

  @Test
  void secretRotationClosesTheSessionOnAnotherProcess() throws Exception {
    register(device("rev-rotate-2", "L-1", SECRET, null));
    try (Publishing publishing = Publishing.start(fixture.connect5(another.mqttPort(), "rev-rotate-2", SECRET), "L-1")) {
      awaitPublishing(publishing);

      register(device("rev-rotate-2", "L-1", ROTATED, null));

      Eventually.within(REVOKED_WITHIN, "session on the other process closed after the secret rotated",
          () -> !publishing.connected());
    }
    assertThatThrownBy(() -> fixture.connect5(another.mqttPort(), "rev-rotate-2", SECRET))
        .isInstanceOf(Mqtt5ConnAckException.class);
  }

  @Test
  void disablingClosesLiveSessionsOnBothProcesses() throws Exception {
    register(device("rev-off-1", "L-1", SECRET, null), device("rev-off-2", "L-1", SECRET, null));
    try (Publishing here = Publishing.start(fixture.connect5("rev-off-1", SECRET), "L-1");
        Publishing there = Publishing.start(fixture.connect5(another.mqttPort(), "rev-off-2", SECRET), "L-1")) {
      awaitPublishing(here);
      awaitPublishing(there);

      register(device("rev-off-1", "L-1", SECRET, false), device("rev-off-2", "L-1", SECRET, false));

      Eventually.within(REVOKED_WITHIN, "both disabled devices disconnected",
          () -> !here.connected() && !there.connected());
    }
    assertRefused("rev-off-1", SECRET, Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
  }

  @Test
  void reEnablingLetsTheDeviceConnectAgain() {
    register(device("rev-back", "L-1", SECRET, false));
    assertRefused("rev-back", SECRET, Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);

    register(device("rev-back", "L-1", SECRET, true));

    Eventually.within(Duration.ofSeconds(5), "re-enabled device connects", () -> connects("rev-back", SECRET));
  }

  @Test
  void changedBindingClosesTheLiveSession() throws Exception {
    register(device("rev-bind", "L-1", SECRET, null));
    try (Publishing publishing = Publishing.start(fixture.connect5("rev-bind", SECRET), "L-1")) {
      awaitPublishing(publishing);

      register(device("rev-bind", "L-2", SECRET, null));

      Eventually.within(REVOKED_WITHIN, "session closed after its bindings changed", () -> !publishing.connected());
    }
  }

  @Test
  void anImportThatLeavesTheDeviceAsItWasKeepsItsSession() throws Exception {
    register(device("rev-same", "L-1", SECRET, null));
    try (Publishing publishing = Publishing.start(fixture.connect5("rev-same", SECRET), "L-1")) {
      awaitPublishing(publishing);

      register(device("rev-same", "L-1", SECRET, true), device("rev-other", "L-2", SECRET, null));
      long before = publishing.acknowledged();
      // The import's reload has landed everywhere once a device it registered can connect.
      Eventually.within(Duration.ofSeconds(5), "the import's device connects", () -> connects("rev-other", SECRET));
      Eventually.within(Duration.ofSeconds(5), "publishing goes on", () -> publishing.acknowledged() > before + 5);

      assertThat(publishing.connected()).isTrue();
    }
  }

  private static Catalogue.Device device(String id, String lot, String secret, Boolean enabled) {
    return new Catalogue.Device(id, "lot_gateway", List.of(lot), List.of(), secret, false, enabled);
  }

  private static void register(Catalogue.Device... devices) {
    fixture.importCatalogue(new Catalogue(List.of(), List.of(), List.of(), List.of(), List.of(devices)));
    // Both processes read the registry again on the import's notification; a device new to them
    // connects once they have.
  }

  private static void awaitPublishing(Publishing publishing) {
    Eventually.within(Duration.ofSeconds(5), "device publishing", () -> publishing.acknowledged() > 3);
  }

  private static boolean connects(String device, String secret) {
    try {
      fixture.connect5(device, secret).disconnect();
      return true;
    } catch (Mqtt5ConnAckException refused) {
      return false;
    }
  }

  private static void assertRefused(String device, String secret, Mqtt5ConnAckReasonCode code) {
    assertThatThrownBy(() -> fixture.connect5(device, secret))
        .isInstanceOfSatisfying(Mqtt5ConnAckException.class,
            e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(code));
  }
}
