package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.LedgerEntry;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Each device's accepted count on the server against the distinct seqs it had acknowledged as
 * accepted. Messages that went unanswered widen the range: the server may have committed them
 * before the acknowledgement was lost. A count below the range is a lost message, above it a
 * message counted twice (or one accepted that should not have been).
 */
final class CountCheck {

  private CountCheck() {}

  private static final class Seqs {
    final Set<Long> acked = new HashSet<>();
    final Set<Long> unanswered = new HashSet<>();
  }

  /** Returns how many devices were compared. */
  static int check(List<LedgerEntry> ledger, Map<String, Long> serverCounts, Differences differences) {
    Map<String, Seqs> byDevice = new TreeMap<>();
    for (LedgerEntry entry : ledger) {
      Seqs seqs = byDevice.computeIfAbsent(entry.device(), d -> new Seqs());
      if (entry.ackedAsAccepted()) {
        seqs.acked.add(entry.seq());
      } else if (entry.expectsAccepted() && entry.answer() != Answer.ACKED && entry.answer() != Answer.REFUSED) {
        seqs.unanswered.add(entry.seq());
      }
    }
    for (Map.Entry<String, Seqs> device : byDevice.entrySet()) {
      Seqs seqs = device.getValue();
      seqs.unanswered.removeAll(seqs.acked);
      long least = seqs.acked.size();
      long most = least + seqs.unanswered.size();
      long counted = serverCounts.getOrDefault(device.getKey(), 0L);
      if (counted < least || counted > most) {
        differences.add(
            Check.COUNTS,
            "device %s: the server counts %d accepted messages; the simulator had %d acknowledged%s (%s)"
                .formatted(
                    device.getKey(),
                    counted,
                    least,
                    seqs.unanswered.isEmpty() ? "" : " and " + seqs.unanswered.size() + " unanswered",
                    counted < least ? "lost " + (least - counted) : (counted - most) + " too many"));
      }
    }
    return byDevice.size();
  }
}
