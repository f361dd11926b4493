package dev.smartparking.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatusPayloadTest {

  @Test
  void statusPayloadIsValidJsonWithRequiredFields() {
    StatusPayload payload = new StatusPayload(1_763_870_400_123_000L, 1_763_870_400_123L, 420, 37);

    JsonObject json = new JsonObject(new String(payload.bytes(), StandardCharsets.UTF_8));

    assertThat(json.fieldNames()).containsExactlyInAnyOrder("seq", "ts", "total", "free");
    assertThat(json.getValue("seq")).isEqualTo(1_763_870_400_123_000L);
    assertThat(json.getValue("ts")).isEqualTo(1_763_870_400_123L);
    assertThat(json.getValue("total")).isEqualTo(420);
    assertThat(json.getValue("free")).isEqualTo(37);
  }

  @Test
  void wallClockSeqStaysExactForParsersThatReadNumbersAsDoubles() {
    long seq = SequenceNumbers.fromWallClock(System.currentTimeMillis()).next();
    String json = new StatusPayload(seq, System.currentTimeMillis(), 10, 5).json();

    double asDouble = new JsonObject(json).getDouble("seq");

    assertThat(seq).isLessThan(1L << 53);
    assertThat((long) asDouble).isEqualTo(seq);
  }

  @Test
  void snapshotsOutsideTheProtocolsRangesAreRefused() {
    assertThatThrownBy(() -> new StatusPayload(1, 1, 10, 11)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StatusPayload(1, 1, 10, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StatusPayload(1, 1, 100_001, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StatusPayload(-1, 1, 10, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void topicNamesTheLot() {
    assertThat(StatusPayload.topic("L-410802-0001")).isEqualTo("v1/lots/L-410802-0001/status");
  }
}
