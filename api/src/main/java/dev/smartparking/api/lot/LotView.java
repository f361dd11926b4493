package dev.smartparking.api.lot;

import dev.smartparking.api.availability.LotNow;
import dev.smartparking.api.availability.ReportingRule;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.Scope;
import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;

/**
 * A lot as every lot resource answers it (API.md, {@code GET /api/v1/lots/{lotId}}), made from
 * the lot in memory; its state is judged at the moment of answering. Also the one copy of
 * {@link Scope}'s lot rule for lots in memory.
 */
final class LotView {

  private final ReportingRule rule;

  LotView(ReportingRule rule) {
    this.rule = rule;
  }

  JsonObject toJson(LotNow lot) {
    return new JsonObject()
        .put("id", lot.id())
        .put("name", lot.name())
        .put("district", lot.district())
        .put("location", new JsonObject().put("lat", lot.lat()).put("lon", lot.lon()))
        .put("capacity", lot.capacity())
        .put("total", lot.total() != null ? lot.total() : lot.capacity())
        .put("free", lot.free())
        .put("state", rule.state(lot.lastSeenAt(), lot.closed()))
        .put("updated_at", JsonResponses.timestamp(lot.observedAt()))
        .put("last_seen_at", JsonResponses.timestamp(lot.lastSeenAt()));
  }

  /** {@link Scope#lotCondition} for a lot in memory: in the scope's district, and never for a unit's token. */
  static boolean sees(Scope scope, LotNow lot) {
    return scope.seesLotsOf(lot.district());
  }

  /**
   * The lots a list shows: those the scope sees with at least {@code minFree} free spaces when
   * asked; a lot that never reported has no free count, so it never meets {@code min_free}.
   */
  static Predicate<LotNow> shown(Scope scope, Integer minFree) {
    return lot -> sees(scope, lot) && (minFree == null || lot.free() != null && lot.free() >= minFree);
  }
}
