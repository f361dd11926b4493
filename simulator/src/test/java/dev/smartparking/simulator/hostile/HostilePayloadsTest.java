package dev.smartparking.simulator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each generator makes exactly the kind of message it claims, judged by a JSON parser that is not ours. */
class HostilePayloadsTest {

  private static final HostilePayloads.Target TARGET = new HostilePayloads.Target("L-1", 120, 40, "L-2");
  private static final long SEQ = 1_764_000_000_000_000L;
  private static final long NOW = 1_764_000_000_000L;
  private static final Pattern PROTOCOL_TOPIC =
      Pattern.compile("v1/(lots/[^/]+/(status|passages|bays)|covers/[^/]+/telemetry)");

  private static HostileMessage make(HostileKind kind, int variant) {
    return HostilePayloads.hostile(kind, variant, TARGET, SEQ, NOW);
  }

  private static JsonObject json(HostileMessage message) {
    return new JsonObject(new String(message.payload(), StandardCharsets.UTF_8));
  }

  /** A correct snapshot of the target lot with this seq and ts. */
  private static JsonObject good(long ts) {
    return new JsonObject().put("seq", SEQ).put("ts", ts).put("total", 120).put("free", 40);
  }

  @Test
  void validSnapshotsCarryExactlyTheProtocolsStatusFields() {
    JsonObject open = json(HostilePayloads.valid("L-1", SEQ, NOW, 120, 40, false));
    JsonObject closed = json(HostilePayloads.valid("L-1", SEQ, NOW, 120, 40, true));

    assertThat(open).isEqualTo(good(NOW));
    assertThat(closed).isEqualTo(good(NOW).put("closed", true));
    assertThat(HostilePayloads.valid("L-1", SEQ, NOW, 120, 40, false).topic()).isEqualTo("v1/lots/L-1/status");
  }

  @Test
  void malformedOnesAreNotJsonObjects() {
    Set<String> variants = new HashSet<>();
    for (int v = 0; v < HostilePayloads.variants(HostileKind.MALFORMED); v++) {
      HostileMessage message = make(HostileKind.MALFORMED, v);
      variants.add(message.variant());
      assertThatThrownBy(() -> json(message)).as(message.variant()).isInstanceOf(DecodeException.class);
      assertThat(message.topic()).isEqualTo("v1/lots/L-1/status");
      assertThat(message.seq()).as("the server cannot read a seq").isNull();
    }
    assertThat(variants).containsExactlyInAnyOrder("not_json", "truncated", "not_utf8", "array");
  }

  @Test
  void theNonUtf8OneIsNotUtf8Text() {
    HostileMessage message = make(HostileKind.MALFORMED, 2);

    assertThat(message.variant()).isEqualTo("not_utf8");
    assertThatThrownBy(() -> StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(message.payload())))
        .isInstanceOf(CharacterCodingException.class);
  }

  @Test
  void invalidOnesAreJsonObjectsWithExactlyOneBadField() {
    Set<String> variants = new HashSet<>();
    for (int v = 0; v < HostilePayloads.variants(HostileKind.INVALID); v++) {
      HostileMessage message = make(HostileKind.INVALID, v);
      variants.add(message.variant());
      JsonObject payload = json(message);
      JsonObject good = good(NOW);
      Set<String> differing = new HashSet<>(payload.fieldNames());
      differing.addAll(good.fieldNames());
      differing.removeIf(field -> payload.containsKey(field) && good.containsKey(field) && payload.getValue(field).equals(good.getValue(field)));
      assertThat(differing).as(message.variant()).hasSize(1);
      assertThat(message.topic()).isEqualTo("v1/lots/L-1/status");
    }
    assertThat(variants)
        .containsExactlyInAnyOrder(
            "free_above_total", "missing_free", "negative_seq", "string_ts", "negative_free", "closed_not_boolean");
  }

  @Test
  void unknownTopicOnesPutAGoodPayloadOnATopicTheProtocolDoesNotHave() {
    for (int v = 0; v < HostilePayloads.variants(HostileKind.UNKNOWN_TOPIC); v++) {
      HostileMessage message = make(HostileKind.UNKNOWN_TOPIC, v);
      assertThat(PROTOCOL_TOPIC.matcher(message.topic()).matches()).as(message.topic()).isFalse();
      assertThat(message.topic()).doesNotContain("+", "#").contains("L-1");
      assertThat(json(message)).isEqualTo(good(NOW));
    }
  }

  @Test
  void forbiddenOnesPutAGoodPayloadOnAnotherRegisteredLotsTopic() {
    HostileMessage message = make(HostileKind.FORBIDDEN, 0);

    assertThat(message.topic()).isEqualTo("v1/lots/L-2/status");
    assertThat(json(message)).isEqualTo(good(NOW));
  }

  @Test
  void unknownEntityOnesPutAGoodPayloadOnALotThatIsNotRegistered() {
    HostileMessage message = make(HostileKind.UNKNOWN_ENTITY, 0);

    assertThat(PROTOCOL_TOPIC.matcher(message.topic()).matches()).isTrue();
    assertThat(message.topic()).isNotIn("v1/lots/L-1/status", "v1/lots/L-2/status");
    assertThat(json(message)).isEqualTo(good(NOW));
  }

  @Test
  void clockOnesAreGoodButTenMinutesAhead() {
    HostileMessage message = make(HostileKind.CLOCK, 0);

    assertThat(json(message)).isEqualTo(good(NOW + 600_000));
    assertThat(message.ts()).isEqualTo(NOW + 600_000);
  }

  @Test
  void oversizedOnesAreJsonObjectsOverSixtyFourKibibytes() {
    HostileMessage message = make(HostileKind.OVERSIZED, 0);

    assertThat(message.payload().length).isGreaterThan(64 * 1024);
    assertThat(json(message).getLong("seq")).isEqualTo(SEQ);
  }
}
