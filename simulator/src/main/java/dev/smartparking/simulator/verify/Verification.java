package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.device.MqttVersion;
import dev.smartparking.simulator.http.ApiClient;
import dev.smartparking.simulator.http.ApiFailure;
import dev.smartparking.simulator.ledger.LedgerEntry;
import dev.smartparking.simulator.webhook.WebhookReceivers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares a run's ledger with what the platform's API reports: lots, accepted counts, the
 * rejected store, the answers themselves, and for cover readings the alarms they call for and
 * (when the run had webhook receivers) their delivery. Used by {@code verify} and at the end of runs
 * given {@code --verify}.
 */
public final class Verification {

  /** The longest sweep interval the issue allows a server: safe when the real one is not known. */
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(30);

  private final PlatformView platform;
  private final MqttVersion version;
  private final int shownPerCheck;
  private final Duration sweepInterval;

  public Verification(String api, String adminToken, String readerToken, MqttVersion version, int shownPerCheck) {
    this(api, adminToken, readerToken, version, shownPerCheck, DEFAULT_SWEEP_INTERVAL);
  }

  /** @param sweepInterval how often the server sweeps for silent covers: a longer silence must have raised one */
  public Verification(
      String api, String adminToken, String readerToken, MqttVersion version, int shownPerCheck, Duration sweepInterval) {
    this.platform = new PlatformView(new ApiClient(api, readerToken), new ApiClient(api, adminToken));
    this.version = version;
    this.shownPerCheck = shownPerCheck;
    this.sweepInterval = sweepInterval;
  }

  /**
   * The run's alarms, once every alarm's latest change has reached its unit's receiver (or {@code
   * settleTimeout} has passed); without receivers, at once.
   */
  public RunAlarms alarms(List<LedgerEntry> ledger, Optional<WebhookReceivers> receivers, Duration settleTimeout)
      throws ApiFailure {
    Map<String, CoverReadings> covers = CoverReadings.of(ledger);
    if (covers.isEmpty()) {
      return new RunAlarms(since(ledger), List.of(), Optional.empty());
    }
    return new AlarmReader(platform).read(covers.keySet(), since(ledger), receivers, settleTimeout);
  }

  /** Verifies with the run's alarms read now, without receivers: deliveries are not judged. */
  public VerifyResult verify(List<LedgerEntry> ledger) throws ApiFailure {
    return verify(ledger, alarms(ledger, Optional.empty(), Duration.ZERO));
  }

  public VerifyResult verify(List<LedgerEntry> ledger, RunAlarms alarms) throws ApiFailure {
    Differences differences = new Differences(shownPerCheck);
    int answers = AnswerCheck.check(ledger, version, differences);
    if (ledger.isEmpty()) {
      return new VerifyResult(0, 0, 0, answers, differences);
    }
    Instant since = since(ledger);
    int lots = LotCheck.check(ledger, platform.lots(), differences);
    int devices = CountCheck.check(ledger, platform.acceptedCounts(since), differences);
    int rejections = RejectedCheck.check(ledger, platform.rejected(since), differences);
    Map<String, CoverReadings> covers = CoverReadings.of(ledger);
    Optional<AlarmsJudged> alarmsJudged = Optional.empty();
    Optional<DeliveriesJudged> deliveriesJudged = Optional.empty();
    if (!covers.isEmpty()) {
      alarmsJudged = Optional.of(AlarmCheck.check(covers, alarms.alarms(), since, sweepInterval, differences));
      if (alarms.receipts().isPresent()) {
        deliveriesJudged = Optional.of(DeliveryCheck.check(covers, alarms, since, differences));
      }
    }
    return new VerifyResult(lots, devices, rejections, answers, alarmsJudged, deliveriesJudged, differences);
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
