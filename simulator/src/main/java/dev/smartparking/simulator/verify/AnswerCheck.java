package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.device.MqttVersion;
import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.LedgerEntry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * Each message's answer against the one its expectation calls for: success for accepted data, the
 * reason's MQTT 5 code for a rejection (3.1.1 has no negative PUBACK, so any PUBACK there), a
 * refusing CONNACK for a wrong password, a closed connection for an oversized packet. An attempt
 * left unanswered because its connection dropped is judged by its retransmission: it is no
 * difference when a later attempt of the same (device, seq) was answered.
 */
final class AnswerCheck {

  public static final String REFUSED = "refused";
  public static final String CLOSED = "closed";

  /** The MQTT 5 PUBACK reason code the protocol gives each rejection reason. */
  static final Map<String, Integer> REASON_CODES =
      Map.of(
          "malformed", 0x99,
          "invalid", 0x99,
          "clock", 0x99,
          "unknown_topic", 0x90,
          "forbidden", 0x87,
          "unknown_entity", 0x87);

  private AnswerCheck() {}

  /** Returns how many answers were judged. */
  static int check(List<LedgerEntry> ledger, MqttVersion version, Differences differences) {
    Set<String> answered = new HashSet<>();
    for (LedgerEntry entry : ledger) {
      if (entry.answer() == Answer.ACKED && entry.seq() != null) {
        answered.add(entry.device() + "/" + entry.seq());
      }
    }
    for (LedgerEntry entry : ledger) {
      if (entry.answer() == Answer.UNANSWERED && entry.seq() != null
          && answered.contains(entry.device() + "/" + entry.seq())) {
        continue;
      }
      String wanted = wanted(entry.expect(), version);
      if (wanted == null) {
        differences.add(Check.ANSWERS, "%s: unknown expectation '%s'".formatted(Verification.describe(entry), entry.expect()));
      } else if (!agrees(entry, version)) {
        differences.add(
            Check.ANSWERS,
            "%s (%s): expected %s, got %s".formatted(Verification.describe(entry), entry.expect(), wanted, got(entry)));
      }
    }
    return ledger.size();
  }

  private static String got(LedgerEntry entry) {
    if (entry.answer() == Answer.ACKED && REFUSED.equals(entry.expect())) {
      return "an accepted connection";
    }
    return switch (entry.answer()) {
      case ACKED -> "PUBACK 0x%02X".formatted(entry.reasonCode());
      case REFUSED -> "a refused connection (0x%02X)".formatted(entry.reasonCode());
      case CLOSED -> "the connection closed";
      case UNANSWERED -> "no answer";
      case SENT_QOS0 -> "nothing (QoS 0)";
    };
  }

  private static boolean agrees(LedgerEntry entry, MqttVersion version) {
    if (entry.answer() == Answer.SENT_QOS0) {
      return true;
    }
    if (REFUSED.equals(entry.expect())) {
      return entry.answer() == Answer.REFUSED;
    }
    if (CLOSED.equals(entry.expect())) {
      return entry.answer() == Answer.CLOSED;
    }
    if (entry.answer() != Answer.ACKED) {
      return false;
    }
    if (entry.expectsAccepted()) {
      return entry.reasonCode() < 0x80;
    }
    return version == MqttVersion.V3_1_1 || entry.reasonCode() == REASON_CODES.get(entry.expect());
  }

  private static String wanted(String expect, MqttVersion version) {
    if (LedgerEntry.ACCEPTED.equals(expect)) {
      return "a success acknowledgement";
    }
    if (REFUSED.equals(expect)) {
      return "a refused connection";
    }
    if (CLOSED.equals(expect)) {
      return "the connection closed";
    }
    Integer code = REASON_CODES.get(expect);
    if (code == null) {
      return null;
    }
    return version == MqttVersion.V3_1_1 ? "an acknowledgement" : "PUBACK 0x%02X".formatted(code);
  }
}
