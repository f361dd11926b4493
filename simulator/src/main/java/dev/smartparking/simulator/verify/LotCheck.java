package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.LedgerEntry;
import dev.smartparking.simulator.ledger.LotTruth;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each lot's state in the API against the simulator's truth after its newest acknowledged message
 * (greatest ts, then seq: the server keeps the snapshot with the newest ts).
 *
 * <p>A later message that went unanswered may have been committed before its acknowledgement was
 * lost, so its truth is accepted too.
 */
final class LotCheck {

  static final Comparator<LedgerEntry> NEWEST_LAST =
      Comparator.comparing(LedgerEntry::ts).thenComparing(LedgerEntry::seq);

  private LotCheck() {}

  /** Returns how many lots were compared. */
  static int check(List<LedgerEntry> ledger, Map<String, JsonObject> apiLots, Differences differences) {
    Map<String, List<LedgerEntry>> byLot = new TreeMap<>();
    for (LedgerEntry entry : ledger) {
      if (entry.lot() != null && entry.expectsAccepted() && entry.ts() != null && entry.seq() != null) {
        byLot.computeIfAbsent(entry.lot().lotId(), id -> new ArrayList<>()).add(entry);
      }
    }
    int compared = 0;
    for (Map.Entry<String, List<LedgerEntry>> lot : byLot.entrySet()) {
      LedgerEntry newest =
          lot.getValue().stream().filter(LedgerEntry::ackedAsAccepted).max(NEWEST_LAST).orElse(null);
      if (newest == null) {
        continue;
      }
      compared++;
      JsonObject reported = apiLots.get(lot.getKey());
      if (reported == null) {
        differences.add(
            Check.LOTS, "lot %s: the API does not list it; expected %s".formatted(lot.getKey(), text(newest.lot())));
        continue;
      }
      boolean matches = agrees(reported, newest.lot());
      for (LedgerEntry later : lot.getValue()) {
        if (!matches && mayHaveCommitted(later) && NEWEST_LAST.compare(later, newest) > 0) {
          matches = agrees(reported, later.lot());
        }
      }
      if (!matches) {
        differences.add(
            Check.LOTS,
            "lot %s: the API reports total %s free %s state %s; expected %s after %s seq %d"
                .formatted(
                    lot.getKey(),
                    reported.getValue("total"),
                    reported.getValue("free"),
                    reported.getString("state"),
                    text(newest.lot()),
                    newest.device(),
                    newest.seq()));
      }
    }
    return compared;
  }

  private static boolean mayHaveCommitted(LedgerEntry entry) {
    return entry.answer() == Answer.UNANSWERED
        || entry.answer() == Answer.CLOSED
        || entry.answer() == Answer.SENT_QOS0;
  }

  private static boolean agrees(JsonObject reported, LotTruth truth) {
    Long total = reported.getLong("total");
    Long free = reported.getLong("free");
    boolean closed = "closed".equals(reported.getString("state"));
    return total != null && free != null && total == truth.total() && free == truth.free() && closed == truth.closed();
  }

  private static String text(LotTruth truth) {
    return "total %d free %d %s".formatted(truth.total(), truth.free(), truth.closed() ? "closed" : "not closed");
  }
}
