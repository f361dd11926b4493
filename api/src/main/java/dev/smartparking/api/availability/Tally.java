package dev.smartparking.api.availability;

import dev.smartparking.api.http.JsonResponses;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The figures of one district or of the whole city, moved lot by lot: a changed lot is taken
 * out as it was and put back as it is. Only a lot that counts (is reporting) adds to total and
 * free. Used on the view's context only.
 */
final class Tally {

  private long lots;
  private long lotsReporting;
  private long total;
  private long free;
  private Instant updatedAt;

  void add(LotNow lot, boolean counts) {
    lots++;
    if (counts) {
      lotsReporting++;
      total += lot.total();
      free += lot.free();
    }
    // last_seen_at of a lot only moves forward, so the newest one seen stays the maximum;
    // a lot leaving the district (a registry change) rebuilds every tally from scratch.
    if (lot.lastSeenAt() != null && (updatedAt == null || lot.lastSeenAt().isAfter(updatedAt))) {
      updatedAt = lot.lastSeenAt();
    }
  }

  void remove(LotNow lot, boolean counted) {
    lots--;
    if (counted) {
      lotsReporting--;
      total -= lot.total();
      free -= lot.free();
    }
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("updated_at", JsonResponses.timestamp(updatedAt))
        .put("total", total)
        .put("free", free)
        .put("occupancy_rate", total == 0 ? null : Math.round(1000.0 * (total - free) / total) / 1000.0)
        .put("lots", lots)
        .put("lots_reporting", lotsReporting);
  }
}
