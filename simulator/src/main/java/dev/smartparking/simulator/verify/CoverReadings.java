package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.CoverTruth;
import dev.smartparking.simulator.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One cover's readings from a ledger: those the server acknowledged as accepted, once per seq, in ts
 * order (then seq), the order the server judges them in.
 *
 * @param uncertain some reading went unanswered and was never answered later: the server may or may
 *     not have it, so its alarms cannot be judged exactly
 */
record CoverReadings(String coverId, String unitId, List<LedgerEntry> readings, boolean uncertain) {

  /** Every cover the ledger has readings of, by id. */
  static Map<String, CoverReadings> of(List<LedgerEntry> ledger) {
    Map<String, List<LedgerEntry>> acked = new TreeMap<>();
    Map<String, Set<Long>> ackedSeqs = new TreeMap<>();
    Map<String, Set<Long>> unanswered = new TreeMap<>();
    for (LedgerEntry entry : ledger) {
      CoverTruth cover = entry.cover();
      if (cover == null || entry.seq() == null || entry.ts() == null) {
        continue;
      }
      acked.computeIfAbsent(cover.coverId(), id -> new ArrayList<>());
      if (entry.ackedAsAccepted()) {
        if (ackedSeqs.computeIfAbsent(cover.coverId(), id -> new HashSet<>()).add(entry.seq())) {
          acked.get(cover.coverId()).add(entry);
        }
      } else if (entry.expectsAccepted() && entry.answer() != Answer.ACKED) {
        unanswered.computeIfAbsent(cover.coverId(), id -> new HashSet<>()).add(entry.seq());
      }
    }
    Map<String, CoverReadings> covers = new TreeMap<>();
    acked.forEach(
        (id, entries) -> {
          entries.sort(LotCheck.NEWEST_LAST);
          Set<Long> open = new HashSet<>(unanswered.getOrDefault(id, Set.of()));
          open.removeAll(ackedSeqs.getOrDefault(id, Set.of()));
          String unit = entries.isEmpty() ? null : entries.get(entries.size() - 1).cover().unitId();
          covers.put(id, new CoverReadings(id, unit, List.copyOf(entries), !open.isEmpty()));
        });
    return covers;
  }

  /** The thresholds of the newest reading: what the cover was provisioned with for the run. */
  CoverTruth newest() {
    return readings.get(readings.size() - 1).cover();
  }
}
