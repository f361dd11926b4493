package dev.smartparking.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smartparking.ingest.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TopicParserTest {

  @Test
  void parsesLotStatusTopic() {
    assertThat(TopicParser.parse("v1/lots/L-410802-0001/status").topic())
        .isEqualTo(new Topic(Topic.Kind.LOT_STATUS, "L-410802-0001"));
  }

  @Test
  void parsesCoverTelemetryTopic() {
    assertThat(TopicParser.parse("v1/covers/C-1/telemetry").topic())
        .isEqualTo(new Topic(Topic.Kind.COVER_TELEMETRY, "C-1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1/lots/L-1\u0000/status", "v1/covers/C\u001b/telemetry", "v1/lots//status", "v2/lots/L-1/status", "v1/lots/L-1/status/extra", "v1/covers/C-1/status",
      "v1/lots/L-1", "", "v1/lots/L-1/telemetry",
      "v10/lots/L-1/status", "v1/lotsx/L-1/status", "v1/lots/L-1/statuses", "v1/covers/C-1/telemetryx"})
  void refusesTopicsOutsideTheProtocol(String topic) {
    assertThatThrownBy(() -> TopicParser.parse(topic).topic())
        .isInstanceOfSatisfying(DeviceFault.class, f -> assertThat(f.reason()).isEqualTo(Outcome.UNKNOWN_TOPIC));
  }

  @Test
  void namesTheKindOfATopicShapedLikeADeviceTopic() {
    assertThat(TopicParser.parse("v1/lots/L-1/passages").kind()).isEqualTo(Topic.Kind.LOT_PASSAGES);
    assertThat(TopicParser.parse("v1/lots/L-1/weather").kind()).isNull();
    assertThat(TopicParser.parse("v1/lots/L-1").kind()).isNull();
    // Counted as the kind its shape names, though refused for its id.
    assertThat(TopicParser.parse("v1/lots//status").kind()).isEqualTo(Topic.Kind.LOT_STATUS);
  }
}
