package dev.smartparking.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smartparking.simulator.device.BaysPayload.BayChange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The payloads as PROTOCOL.md shows them, parsed back with a JSON parser that is not ours. */
class PayloadEncodingTest {

  @Test
  void aPassageCarriesDirectionGateAndPlateAsUtf8() {
    byte[] bytes = new PassagePayload(1043, 1763870401500L, true, "E1", "豫H12345").bytes();

    JsonObject json = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
    assertThat(json.getMap())
        .containsExactlyInAnyOrderEntriesOf(
            new JsonObject("{\"seq\":1043,\"ts\":1763870401500,\"direction\":\"in\",\"gate\":\"E1\",\"plate\":\"豫H12345\"}").getMap());
    assertThat(PassagePayload.topic("L-410802-0001")).isEqualTo("v1/lots/L-410802-0001/passages");
  }

  @Test
  void aPassageWithoutGateOrPlateLeavesThemOut() {
    JsonObject json = new JsonObject(new PassagePayload(7, 1000, false, null, null).json());

    assertThat(json.fieldNames()).containsExactlyInAnyOrder("seq", "ts", "direction");
    assertThat(json.getString("direction")).isEqualTo("out");
  }

  @Test
  void baysCarryOneItemPerChangeWithoutTheirOwnTs() {
    String text = new BaysPayload(77, 1763870402000L, List.of(new BayChange("A-012", true), new BayChange("A-013", false))).json();

    JsonObject json = new JsonObject(text);
    assertThat(json.getLong("seq")).isEqualTo(77);
    assertThat(json.getLong("ts")).isEqualTo(1763870402000L);
    JsonArray bays = json.getJsonArray("bays");
    assertThat(bays.getJsonObject(0).getMap()).containsExactlyInAnyOrderEntriesOf(new JsonObject().put("bay", "A-012").put("occupied", true).getMap());
    assertThat(bays.getJsonObject(1).getBoolean("occupied")).isFalse();
    assertThat(BaysPayload.topic("S-1")).isEqualTo("v1/lots/S-1/bays");
  }

  @Test
  void aBaysMessageHoldsOneToFiveHundredDistinctBays() {
    List<BayChange> tooMany = IntStream.range(0, 501).mapToObj(i -> new BayChange("B" + i, true)).toList();

    assertThatThrownBy(() -> new BaysPayload(1, 1, List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BaysPayload(1, 1, tooMany)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BaysPayload(1, 1, List.of(new BayChange("B1", true), new BayChange("B1", false))))
        .hasMessageContaining("B1 twice");
  }

  @Test
  void telemetryCarriesEveryMeasurementWithIntegerBatteryAndRssi() {
    JsonObject json = new JsonObject(new TelemetryPayload(9, 1763870403000L, 2.54, false, -35.27, 0.0, 81, -97).json());

    assertThat(json.fieldNames())
        .containsExactlyInAnyOrder("seq", "ts", "tilt_deg", "open", "water_level_cm", "gas_ppm", "battery_pct", "rssi_dbm");
    assertThat(json.getDouble("tilt_deg")).isEqualTo(2.5);
    assertThat(json.getBoolean("open")).isFalse();
    assertThat(json.getDouble("water_level_cm")).isEqualTo(-35.3);
    assertThat(json.getValue("battery_pct")).isEqualTo(81);
    assertThat(json.getValue("rssi_dbm")).isEqualTo(-97);
    assertThat(TelemetryPayload.topic("C-1")).isEqualTo("v1/covers/C-1/telemetry");
  }

  @Test
  void telemetryOutsideTheProtocolsRangesIsRefusedBeforeSending() {
    assertThatThrownBy(() -> new TelemetryPayload(1, 1, 181, false, 0, 0, 50, -90)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TelemetryPayload(1, 1, 1, false, 0, 0, 101, -90)).isInstanceOf(IllegalArgumentException.class);
  }
}
