package dev.smartparking.simulator.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.city.CoverLimits;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {

  @TempDir Path dir;

  @Test
  void readsBackWhatWasRecorded() throws Exception {
    LedgerEntry status =
        new LedgerEntry(
            "gw-L-1", "v1/lots/L-1/status", 7L, 1_700_000_000_000L, 1, LedgerEntry.ACCEPTED, Answer.ACKED, 0,
            new LotTruth("L-1", 10, 3, false), LedgerEntry.sha256("{}"));
    LedgerEntry telemetry =
        new LedgerEntry(
            "cs-C-000001", "v1/covers/C-000001/telemetry", 8L, 1_700_000_000_100L, 1, LedgerEntry.ACCEPTED, Answer.ACKED, 0,
            null, LedgerEntry.sha256("{}"),
            new CoverTruth("C-000001", "U-03", new CoverLimits(10, 10.0, 20.0, 50.0, 15), 31.5, true, -12.3, 40.1, 17),
            1_700_000_000_142L);
    LedgerEntry malformed =
        new LedgerEntry(
            "gw-L-1", "v1/lots/L-1/status", null, null, 1, "malformed", Answer.ACKED, 0x99, null,
            LedgerEntry.sha256("not json"));
    Path file = dir.resolve("ledger.jsonl");
    try (Ledger ledger = Ledger.create(file)) {
      ledger.record(status);
      ledger.record(telemetry);
      ledger.record(malformed);
    }

    assertThat(Ledger.read(file)).containsExactly(status, telemetry, malformed);
  }

  @Test
  void onlySuccessfulAcknowledgementOfAnExpectedAcceptCountsAsAccepted() {
    LedgerEntry negative =
        new LedgerEntry("d", "t", 1L, 1L, 1, LedgerEntry.ACCEPTED, Answer.ACKED, 0x87, null, "x");
    LedgerEntry unanswered =
        new LedgerEntry("d", "t", 1L, 1L, 1, LedgerEntry.ACCEPTED, Answer.UNANSWERED, 0, null, "x");
    LedgerEntry acked = new LedgerEntry("d", "t", 1L, 1L, 1, LedgerEntry.ACCEPTED, Answer.ACKED, 0, null, "x");

    assertThat(List.of(negative, unanswered, acked)).filteredOn(LedgerEntry::ackedAsAccepted).containsExactly(acked);
  }
}
