package dev.smartparking.simulator.standin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Lot counts as docs/protocol.md says the server keeps them, from messages applied in arrival order:
 * a repeated (device, seq) changes nothing; a snapshot replaces the counts unless older than the
 * current one; a passage newer than the snapshot takes ('in') or frees a space within 0..total, and is
 * ignored before the first snapshot; a bay-counted lot's total is its bays that have reported, its
 * free count those not occupied, each bay at its newest report.
 */
public final class LotReplay {

  /** A lot's counts, as availability shows them. */
  public record Counts(long total, long free) {}

  private static final class Lot {
    Long snapshotTs;
    long total;
    long free;
    final Map<String, Long> bayTs = new HashMap<>();
    final Map<String, Boolean> bayOccupied = new HashMap<>();
  }

  private final Map<String, Lot> lots = new HashMap<>();
  private final Set<String> seen = new HashSet<>();

  public void apply(String device, String topic, String payloadText) {
    String[] parts = topic.split("/");
    if (parts.length != 4 || !parts[1].equals("lots")) {
      return;
    }
    JsonObject payload = new JsonObject(payloadText);
    if (!seen.add(device + "/" + payload.getLong("seq"))) {
      return;
    }
    Lot lot = lots.computeIfAbsent(parts[2], id -> new Lot());
    long ts = payload.getLong("ts");
    switch (parts[3]) {
      case "status" -> {
        if (lot.snapshotTs == null || ts >= lot.snapshotTs) {
          lot.snapshotTs = ts;
          lot.total = payload.getLong("total");
          lot.free = payload.getLong("free");
        }
      }
      case "passages" -> {
        if (lot.snapshotTs != null && ts > lot.snapshotTs) {
          long change = "in".equals(payload.getString("direction")) ? -1 : 1;
          lot.free = Math.max(0, Math.min(lot.total, lot.free + change));
        }
      }
      case "bays" -> {
        JsonArray bays = payload.getJsonArray("bays");
        for (int i = 0; i < bays.size(); i++) {
          JsonObject item = bays.getJsonObject(i);
          String bay = item.getString("bay");
          long observed = item.getLong("ts", ts);
          if (!lot.bayTs.containsKey(bay) || observed >= lot.bayTs.get(bay)) {
            lot.bayTs.put(bay, observed);
            lot.bayOccupied.put(bay, item.getBoolean("occupied"));
          }
        }
        lot.total = lot.bayOccupied.size();
        lot.free = lot.bayOccupied.values().stream().filter(occupied -> !occupied).count();
        lot.snapshotTs = lot.bayTs.values().stream().max(Long::compare).orElse(ts);
      }
      default -> {
        // Not a lot-changing topic.
      }
    }
  }

  /** The lot's counts, or null while it has none to show. */
  public Counts counts(String lotId) {
    Lot lot = lots.get(lotId);
    return lot == null || lot.snapshotTs == null ? null : new Counts(lot.total, lot.free);
  }
}
