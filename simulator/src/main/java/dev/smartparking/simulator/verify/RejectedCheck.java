package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.LedgerEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rejected store against the ledger's messages that called for a rejection: each acknowledged
 * one must match a row by device, reason and payload hash (as a multiset: one payload may be sent
 * twice), and every row of a ledger device must match a message that called for it.
 */
final class RejectedCheck {

  private record Key(String device, String reason, String payloadSha256) {}

  private RejectedCheck() {}

  /** Returns how many acknowledged rejections were looked for. */
  static int check(List<LedgerEntry> ledger, List<RejectedRow> rows, Differences differences) {
    Map<Key, Deque<LedgerEntry>> acked = new HashMap<>();
    Map<Key, Deque<LedgerEntry>> unanswered = new HashMap<>();
    int lookedFor = 0;
    for (LedgerEntry entry : ledger) {
      if (!callsForRow(entry)) {
        continue;
      }
      Key key = new Key(entry.device(), entry.expect(), entry.payloadSha256());
      if (entry.answer() == Answer.ACKED) {
        acked.computeIfAbsent(key, k -> new ArrayDeque<>()).add(entry);
        lookedFor++;
      } else {
        // Possibly stored before the acknowledgement was lost: allowed, not required.
        unanswered.computeIfAbsent(key, k -> new ArrayDeque<>()).add(entry);
      }
    }
    Set<String> devices = ledger.stream().map(LedgerEntry::device).collect(Collectors.toSet());
    List<RejectedRow> unmatched = new ArrayList<>();
    for (RejectedRow row : rows) {
      if (!devices.contains(row.deviceId())) {
        continue;
      }
      Key key = new Key(row.deviceId(), row.reason(), row.payloadSha256());
      if (!take(acked, key) && !take(unanswered, key)) {
        unmatched.add(row);
      }
    }
    for (Deque<LedgerEntry> missing : acked.values()) {
      for (LedgerEntry entry : missing) {
        RejectedRow elsewhere = takeSamePayload(unmatched, entry);
        differences.add(
            Check.REJECTED,
            elsewhere == null
                ? "%s: not in the rejected store (expected reason %s)".formatted(Verification.describe(entry), entry.expect())
                : "%s: stored under reason %s, expected %s"
                    .formatted(Verification.describe(entry), elsewhere.reason(), entry.expect()));
      }
    }
    for (RejectedRow row : unmatched) {
      differences.add(
          Check.REJECTED,
          "device %s: rejected as %s on %s at %s (payload sha256 %s), but no message of the run called for it"
              .formatted(row.deviceId(), row.reason(), row.topic(), row.receivedAt(), row.payloadSha256()));
    }
    return lookedFor;
  }

  /** A message the server must store as rejected: a rejection reason, and not refused or cut off. */
  static boolean callsForRow(LedgerEntry entry) {
    return AnswerCheck.REASON_CODES.containsKey(entry.expect()) && entry.answer() != Answer.REFUSED;
  }

  private static boolean take(Map<Key, Deque<LedgerEntry>> entries, Key key) {
    Deque<LedgerEntry> left = entries.get(key);
    if (left == null || left.isEmpty()) {
      return false;
    }
    left.removeFirst();
    return true;
  }

  private static RejectedRow takeSamePayload(List<RejectedRow> rows, LedgerEntry entry) {
    for (Iterator<RejectedRow> it = rows.iterator(); it.hasNext(); ) {
      RejectedRow row = it.next();
      if (row.deviceId().equals(entry.device()) && row.payloadSha256().equals(entry.payloadSha256())) {
        it.remove();
        return row;
      }
    }
    return null;
  }
}
