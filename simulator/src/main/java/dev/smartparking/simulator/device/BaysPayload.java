package dev.smartparking.simulator.device;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code v1/lots/{lotId}/bays} payload: 1 to 500 bay changes, none twice. Items carry no ts of
 * their own, so each takes the message's.
 */
public record BaysPayload(long seq, long ts, List<BayChange> changes) {

  public static final int MAX_CHANGES = 500;

  /** One bay's new state. */
  public record BayChange(String bay, boolean occupied) {}

  public BaysPayload {
    changes = List.copyOf(changes);
    if (changes.isEmpty() || changes.size() > MAX_CHANGES) {
      throw new IllegalArgumentException("a bays message carries 1 to 500 changes, got " + changes.size());
    }
    Set<String> seen = new HashSet<>();
    for (BayChange change : changes) {
      if (!seen.add(change.bay())) {
        throw new IllegalArgumentException("bay " + change.bay() + " twice in one message");
      }
    }
  }

  public static String topic(String lotId) {
    return "v1/lots/" + lotId + "/bays";
  }

  public String json() {
    JsonArray bays = new JsonArray();
    for (BayChange change : changes) {
      bays.add(new JsonObject().put("bay", change.bay()).put("occupied", change.occupied()));
    }
    return new JsonObject().put("seq", seq).put("ts", ts).put("bays", bays).encode();
  }

  public byte[] bytes() {
    return json().getBytes(StandardCharsets.UTF_8);
  }
}
