package dev.smartparking.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.smartparking.catalog.Catalogue;
import dev.smartparking.ingest.IngestFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code v1/covers/{id}/telemetry}: every reading kept as history, the latest of each measurement as state. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelemetryIngestTest {

  private static final String TELEMETRY = "v1/covers/C-1/telemetry";
  private static final String SECRET = "cs-1-secret-0123456789";

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard();

  private Mqtt5BlockingClient client;
  private long seq;
  private long now;

  @BeforeAll
  void start() {
    fixture.importCatalogue(new Catalogue(List.of(), List.of(new Catalogue.Unit("U-1", "解放区城管局", "410802")),
        List.of(),
        List.of(new Catalogue.Cover("C-1", "U-1", "410802", 35.24, 113.24, 600, 25.0),
            new Catalogue.Cover("C-2", "U-1", "410802", 35.25, 113.25, 600, 25.0)),
        List.of(new Catalogue.Device("cs-1", "cover_sensor", List.of(), List.of("C-1"), SECRET, false))));
    client = fixture.connect5("cs-1", SECRET);
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
  void fullReadingBecomesTheCoverState() {
    assertThat(reading(now, "\"tilt_deg\":2.5,\"open\":false,\"water_level_cm\":35,\"gas_ppm\":0.0,"
        + "\"battery_pct\":81,\"rssi_dbm\":-97")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);

    assertThat(fixture.db().rows(
            "SELECT tilt_deg, open, water_level_cm, gas_ppm, battery_pct, rssi_dbm FROM cover_state "
                + "WHERE cover_id = 'C-1'"))
        .containsExactly(Map.of("tilt_deg", 2.5f, "open", false, "water_level_cm", 35.0f, "gas_ppm", 0.0f,
            "battery_pct", 81, "rssi_dbm", -97));
  }

  @Test
  void partialReadingKeepsTheOtherMeasurements() {
    reading(now - 1_000, "\"tilt_deg\":2.5,\"battery_pct\":81");

    reading(now, "\"battery_pct\":79");

    assertThat(fixture.db().rows("SELECT tilt_deg, battery_pct FROM cover_state WHERE cover_id = 'C-1'"))
        .containsExactly(Map.of("tilt_deg", 2.5f, "battery_pct", 79));
    assertThat(fixture.db().count("SELECT count(*) FROM cover_telemetry_events")).isEqualTo(2);
  }

  @Test
  void olderReadingDoesNotOverwriteNewerValues() {
    reading(now, "\"water_level_cm\":40");

    reading(now - 600_000, "\"water_level_cm\":10,\"gas_ppm\":3.5");

    assertThat(fixture.db().rows("SELECT water_level_cm, gas_ppm FROM cover_state WHERE cover_id = 'C-1'"))
        .containsExactly(Map.of("water_level_cm", 40.0f, "gas_ppm", 3.5f));
  }

  @Test
  void lateReadingReplacesAMeasurementThatIsOlderStill() {
    reading(now - 2_000, "\"tilt_deg\":2.5");
    reading(now, "\"battery_pct\":80");

    reading(now - 1_000, "\"tilt_deg\":4.0,\"battery_pct\":95");

    assertThat(fixture.db().rows("SELECT tilt_deg, battery_pct FROM cover_state WHERE cover_id = 'C-1'"))
        .containsExactly(Map.of("tilt_deg", 4.0f, "battery_pct", 80));
  }

  @Test
  void eachMeasurementKeepsTheTimeOfItsOwnReading() {
    reading(now - 2_000, "\"tilt_deg\":2.5");
    reading(now, "\"battery_pct\":80");

    assertThat(fixture.db().rows("SELECT (extract(epoch FROM tilt_observed_at) * 1000)::int8 AS tilt, "
            + "(extract(epoch FROM battery_observed_at) * 1000)::int8 AS battery, gas_observed_at "
            + "FROM cover_state WHERE cover_id = 'C-1'"))
        .singleElement()
        .satisfies(row -> {
          assertThat(row.get("tilt")).isEqualTo(now - 2_000);
          assertThat(row.get("battery")).isEqualTo(now);
          assertThat(row.get("gas_observed_at")).isNull();
        });
  }

  @Test
  void registeredCoverHasItsStateRowUnknownUntilItsFirstReading() {
    fixture.importCatalogue(new Catalogue(List.of(), List.of(), List.of(),
        List.of(new Catalogue.Cover("C-3", "U-1", "410802", 35.26, 113.26, 600, 25.0)), List.of()));

    // ingest locks this row to judge the cover's first readings (docs/storage.md)
    assertThat(fixture.db().rows("SELECT observed_at, last_seen_at FROM cover_state WHERE cover_id = 'C-3'"))
        .singleElement().satisfies(row -> assertThat(row.values()).containsOnlyNulls());
  }

  @Test
  void batteryAboveHundredIsInvalid() {
    assertThat(reading(now, "\"battery_pct\":101")).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);

    assertThat(fixture.db().rows("SELECT reason, detail FROM rejected_messages"))
        .containsExactly(Map.of("reason", "invalid", "detail", "battery_pct: 101 is outside 0..100"));
  }

  @Test
  void readingAboutAnotherCoverIsForbidden() {
    Publish.qos1(client, "v1/covers/C-2/telemetry", "{\"seq\":" + ++seq + ",\"ts\":" + now + ",\"open\":true}");

    assertThat(fixture.db().rows("SELECT reason FROM rejected_messages"))
        .containsExactly(Map.of("reason", "forbidden"));
    assertThat(fixture.db().count("SELECT count(*) FROM cover_state WHERE last_seen_at IS NOT NULL")).isZero();
  }

  private Mqtt5PubAckReasonCode reading(long ts, String measurements) {
    return Publish.qos1(client, TELEMETRY, "{\"seq\":" + ++seq + ",\"ts\":" + ts + "," + measurements + "}");
  }
}
