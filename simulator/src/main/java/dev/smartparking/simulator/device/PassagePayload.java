package dev.smartparking.simulator.device;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/** A {@code v1/lots/{lotId}/passages} payload: one vehicle through one of the lot's gates. */
public record PassagePayload(long seq, long ts, boolean in, String gate, String plate) {

  public static String topic(String lotId) {
    return "v1/lots/" + lotId + "/passages";
  }

  public String json() {
    JsonObject json = new JsonObject().put("seq", seq).put("ts", ts).put("direction", in ? "in" : "out");
    // Both optional in the protocol: left out rather than sent as null.
    if (gate != null) {
      json.put("gate", gate);
    }
    if (plate != null) {
      json.put("plate", plate);
    }
    return json.encode();
  }

  public byte[] bytes() {
    return json().getBytes(StandardCharsets.UTF_8);
  }
}
