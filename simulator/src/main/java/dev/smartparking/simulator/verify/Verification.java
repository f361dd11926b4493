package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.device.MqttVersion;
import dev.smartparking.simulator.http.ApiClient;
import dev.smartparking.simulator.http.ApiFailure;
import dev.smartparking.simulator.ledger.LedgerEntry;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Compares a run's ledger with what the platform's API reports: lots, accepted counts, the
 * rejected store and the answers themselves. Used by {@code verify} and at the end of runs given
 * {@code --verify}.
 */
public final class Verification {

  private final PlatformView platform;
  private final MqttVersion version;
  private final int shownPerCheck;

  public Verification(String api, String adminToken, String readerToken, MqttVersion version, int shownPerCheck) {
    this.platform = new PlatformView(new ApiClient(api, readerToken), new ApiClient(api, adminToken));
    this.version = version;
    this.shownPerCheck = shownPerCheck;
  }

  public VerifyResult verify(List<LedgerEntry> ledger) throws ApiFailure {
    Differences differences = new Differences(shownPerCheck);
    int answers = AnswerCheck.check(ledger, version, differences);
    if (ledger.isEmpty()) {
      return new VerifyResult(0, 0, 0, answers, differences);
    }
    Instant since = since(ledger);
    int lots = LotCheck.check(ledger, platform.lots(), differences);
    int devices = CountCheck.check(ledger, platform.acceptedCounts(since), differences);
    int rejections = RejectedCheck.check(ledger, platform.rejected(since), differences);
    return new VerifyResult(lots, devices, rejections, answers, differences);
  }

  /** Only the answers, which need no API: what a run can judge by itself. */
  public static Differences checkAnswers(List<LedgerEntry> ledger, MqttVersion version, int shownPerCheck) {
    Differences differences = new Differences(shownPerCheck);
    AnswerCheck.check(ledger, version, differences);
    return differences;
  }

  /**
   * The run's window starts at its earliest device ts: runs send a valid snapshot first, and ts is
   * the wall clock of sending, so every message of the run was received at or after it.
   */
  static Instant since(List<LedgerEntry> ledger) {
    long earliest =
        ledger.stream().map(LedgerEntry::ts).filter(Objects::nonNull).mapToLong(Long::longValue).min().orElse(0L);
    return Instant.ofEpochMilli(earliest);
  }

  /** One message, for a difference line: device, seq and topic (a connection attempt has no topic). */
  static String describe(LedgerEntry entry) {
    return entry.topic() == null
        ? "device %s connecting".formatted(entry.device())
        : "device %s seq %s on %s".formatted(entry.device(), entry.seq(), entry.topic());
  }
}
