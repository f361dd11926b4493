package dev.smartparking.simulator.standin;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The server's judgement of a lot gateway's message as docs/protocol.md states it, for the status
 * topic: topic, then binding (forbidden if the lot exists, unknown_entity if not), then payload,
 * then clock. Passages, bays and telemetry are valid topics the stand-in does not model.
 */
public final class StatusRules {

  public static final Duration MAX_CLOCK_AHEAD = Duration.ofMinutes(5);
  public static final int MAX_TOTAL = 100_000;

  /** Either {@code accepted}, or a rejection {@code reason} with its {@code detail}. */
  public record Verdict(String reason, String detail, FakeStore.Accepted accepted) {
    static Verdict reject(String reason, String detail) {
      return new Verdict(reason, detail, null);
    }
  }

  /** A topic of the protocol that the stand-in cannot judge. */
  public static final class NotModelled extends RuntimeException {
    NotModelled(String topic) {
      super("the stand-in does not model " + topic);
    }
  }

  private final FakeStore store;

  public StatusRules(FakeStore store) {
    this.store = store;
  }

  public Verdict judge(String device, String topic, byte[] payload, long nowMillis) {
    String[] parts = topic.split("/", -1);
    boolean lotTopic = parts.length == 4 && parts[0].equals("v1") && parts[1].equals("lots") && !parts[2].isEmpty();
    boolean coverTopic = parts.length == 4 && parts[0].equals("v1") && parts[1].equals("covers") && !parts[2].isEmpty();
    if (coverTopic && parts[3].equals("telemetry")) {
      throw new NotModelled(topic);
    }
    if (!lotTopic || !(parts[3].equals("status") || parts[3].equals("passages") || parts[3].equals("bays"))) {
      return Verdict.reject("unknown_topic", "no such topic: " + topic);
    }
    String lotId = parts[2];
    if (!store.reportsOn(device, lotId)) {
      return store.lotExists(lotId)
          ? Verdict.reject("forbidden", device + " may not publish about lot " + lotId)
          : Verdict.reject("unknown_entity", "unknown lot " + lotId);
    }
    if (!parts[3].equals("status")) {
      throw new NotModelled(topic);
    }
    JsonObject json;
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(payload))
              .toString();
      json = new JsonObject(text);
    } catch (CharacterCodingException | DecodeException | ClassCastException e) {
      return Verdict.reject("malformed", "not a JSON object: " + e.getMessage());
    }
    if (!"status".equals(store.counting(lotId))) {
      return Verdict.reject("invalid", "lot " + lotId + " is counted by bays");
    }
    String fault = fault(json);
    if (fault != null) {
      return Verdict.reject("invalid", fault);
    }
    long ts = json.getLong("ts");
    if (ts - nowMillis > MAX_CLOCK_AHEAD.toMillis()) {
      return Verdict.reject("clock", "ts is " + (ts - nowMillis) / 1000 + " s ahead");
    }
    return new Verdict(
        null,
        null,
        new FakeStore.Accepted(
            device,
            json.getLong("seq"),
            ts,
            topic,
            lotId,
            json.getInteger("total"),
            json.getInteger("free"),
            json.getBoolean("closed", false)));
  }

  private static String fault(JsonObject json) {
    String seq = integerFault(json, "seq", 0, 1L << 53);
    String ts = integerFault(json, "ts", 0, Long.MAX_VALUE);
    String total = integerFault(json, "total", 0, MAX_TOTAL);
    String first = seq != null ? seq : ts != null ? ts : total;
    if (first != null) {
      return first;
    }
    String free = integerFault(json, "free", 0, json.getLong("total"));
    if (free != null) {
      return free;
    }
    Object closed = json.getValue("closed");
    if (closed != null && !(closed instanceof Boolean)) {
      return "closed: expected true or false";
    }
    return null;
  }

  private static String integerFault(JsonObject json, String field, long min, long max) {
    Object value = json.getValue(field);
    if (value == null) {
      return field + ": missing";
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      return field + ": expected an integer";
    }
    long number = ((Number) value).longValue();
    return number < min || number > max ? field + ": " + number + " is outside " + min + ".." + max : null;
  }
}
