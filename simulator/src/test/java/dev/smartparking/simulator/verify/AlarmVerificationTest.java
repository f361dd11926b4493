package dev.smartparking.simulator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.city.CoverLimits;
import dev.smartparking.simulator.city.Unit;
import dev.smartparking.simulator.device.MqttVersion;
import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.CoverTruth;
import dev.smartparking.simulator.ledger.LedgerEntry;
import dev.smartparking.simulator.standin.FakeBroker;
import dev.smartparking.simulator.standin.FakeCityPlatform;
import dev.smartparking.simulator.webhook.WebhookReceivers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Verify's alarm and delivery checks against a stand-in server that raises, clears, sweeps and
 * delivers as the design says, and then against the same stand-in made wrong in one way at a time:
 * each check must fail when the server side is wrong.
 *
 * <p>The stand-in's clock is the test's: readings, sweeps and silences happen at set times, so
 * nothing waits for time to pass; only the deliveries travel, over real HTTP to the receivers.
 */
class AlarmVerificationTest {

  private static final List<Unit> UNITS =
      List.of(new Unit("U-01", "温县住建局", Optional.of("410825")), new Unit("U-02", "武陟县城管局", Optional.of("410823")));
  private static final CoverLimits QUICK = CoverLimits.DEFAULTS.withReportIntervalS(5);
  private static final CoverLimits STRICT_GAS = new CoverLimits(600, 10.0, 15.0, 30.0, 20);
  private static final Map<String, CoverLimits> LIMITS =
      Map.of("C-1", CoverLimits.DEFAULTS, "C-2", STRICT_GAS, "C-3", CoverLimits.DEFAULTS, "C-4", QUICK);
  private static final Map<String, String> UNIT_OF = Map.of("C-1", "U-01", "C-2", "U-02", "C-3", "U-01", "C-4", "U-02");

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    Instant now = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }
  }

  private final TestClock clock = new TestClock();
  private final List<LedgerEntry> ledger = new ArrayList<>();
  private final Map<String, Long> seqs = new HashMap<>();
  private FakeBroker broker;
  private FakeCityPlatform platform;
  private WebhookReceivers receivers;

  @BeforeEach
  void start() throws Exception {
    broker = new FakeBroker();
    platform = new FakeCityPlatform(broker);
    platform.pageSize = 2;
    broker.acks = FakeBroker.Acks.STORE;
    broker.alarms.clock = clock;
    broker.alarms.autoSweep = false;
    receivers = WebhookReceivers.start(UNITS, 0, 7);
  }

  @AfterEach
  void stop() throws Exception {
    receivers.close();
    platform.close();
    broker.close();
  }

  /** Registers the four covers and the two units with their receivers' webhooks, as provisioning would. */
  private void provision() {
    JsonArray units = new JsonArray();
    receivers.webhooks().forEach((id, hook) ->
        units.add(new JsonObject().put("id", id).put("name", id).put("webhook", new JsonObject().put("url", hook.url()).put("secret", hook.secret()))));
    JsonArray covers = new JsonArray();
    JsonArray devices = new JsonArray();
    for (String cover : List.of("C-1", "C-2", "C-3", "C-4")) {
      CoverLimits limits = LIMITS.get(cover);
      covers.add(
          new JsonObject().put("id", cover).put("unit", UNIT_OF.get(cover)).put("district", "410825")
              .put("report_interval_s", limits.reportIntervalS()).put("gas_limit_ppm", limits.gasLimitPpm())
              .put("tilt_limit_deg", limits.tiltLimitDeg()).put("water_margin_cm", limits.waterMarginCm())
              .put("battery_min_pct", limits.batteryMinPct()));
      devices.add(new JsonObject().put("id", "cs-" + cover).put("kind", "cover_sensor").put("covers", new JsonArray().add(cover)));
    }
    JsonObject catalogue =
        new JsonObject().put("units", units).put("lots", new JsonArray()).put("covers", covers).put("devices", devices);
    platform.catalogue = catalogue;
    broker.store.register(catalogue);
    broker.alarms.register(catalogue);
  }

  /** A reading 10 s after the previous event of the test, stored by the stand-in and acknowledged 20 ms later. */
  private LedgerEntry reading(String cover, double tilt, double gas) {
    clock.advance(Duration.ofSeconds(10));
    String device = "cs-" + cover;
    long seq = seqs.merge(device, 1L, Long::sum);
    long ts = clock.instant().toEpochMilli();
    JsonObject payload =
        new JsonObject().put("seq", seq).put("ts", ts).put("tilt_deg", tilt).put("open", false).put("water_level_cm", -150.0)
            .put("gas_ppm", gas).put("battery_pct", 80).put("rssi_dbm", -90);
    String topic = "v1/covers/" + cover + "/telemetry";
    broker.received.add(new FakeBroker.Received(device, topic, 1, payload.encode()));
    broker.alarms.reading(device, cover, payload);
    LedgerEntry entry =
        new LedgerEntry(
            device, topic, seq, ts, 1, LedgerEntry.ACCEPTED, Answer.ACKED, 0, null, LedgerEntry.sha256(payload.encode()),
            new CoverTruth(cover, UNIT_OF.get(cover), LIMITS.get(cover), tilt, false, -150.0, gas, 80), ts + 20);
    ledger.add(entry);
    return entry;
  }

  private LedgerEntry quiet(String cover) {
    return reading(cover, 1.0, 2.0);
  }

  private void sweepAfter(Duration wait) {
    clock.advance(wait);
    broker.alarms.sweep();
  }

  /**
   * The episodes: C-1 tilts and comes back (tilt raised, cleared), C-2 leaks gas over its own 10 ppm
   * limit (raised, still active), C-3 stays quiet, C-4 (reporting every 5 s) falls silent for 20 s
   * and comes back (silent raised by the sweep, cleared by the reading).
   */
  private void episodes() {
    provision();
    quiet("C-1");
    quiet("C-2");
    quiet("C-3");
    quiet("C-4");
    sweepAfter(Duration.ofSeconds(6)); // C-4 heard from 6 s ago: not silent yet (2 × 5 s)
    sweepAfter(Duration.ofSeconds(6)); // 12 s: silent
    reading("C-1", 31.0, 2.0);
    reading("C-2", 1.0, 14.0);
    reading("C-1", 30.8, 2.0);
    quiet("C-4");
    quiet("C-1");
    quiet("C-3");
  }

  /** Verifies once deliveries settled: at once when they do, after a generous deadline (a loaded machine) when not. */
  private VerifyResult verify() throws Exception {
    return verify(Duration.ofSeconds(20));
  }

  /**
   * For a server that never lets deliveries settle (an event lost, signed wrongly, an alarm resolved
   * without its event): a shorter wait, still long enough for the good deliveries.
   */
  private VerifyResult verifyNeverSettling() throws Exception {
    return verify(Duration.ofSeconds(8));
  }

  private VerifyResult verify(Duration settle) throws Exception {
    Verification verification =
        new Verification(platform.api(), FakeCityPlatform.ADMIN_TOKEN, FakeCityPlatform.READER_TOKEN, MqttVersion.V5, 20, Duration.ofSeconds(1));
    RunAlarms alarms = verification.alarms(ledger, Optional.of(receivers), settle);
    return verification.verify(ledger, alarms);
  }

  @Test
  void passesWhenEveryEpisodeRaisedItsAlarmAndEveryEventReachedItsUnitSigned() throws Exception {
    episodes();

    VerifyResult result = verify();

    assertThat(result.differences().all()).isEmpty();
    assertThat(result.alarms()).contains(new AlarmsJudged(4, 3, 5, 0));
    assertThat(result.deliveries()).contains(new DeliveriesJudged(5, 5, 0, 0));
  }

  @Test
  void failsWhenAnEpisodeRaisedNoAlarm() throws Exception {
    broker.alarms.neverRaise = (cover, type) -> cover.equals("C-1") && type.equals("tilt");
    episodes();

    VerifyResult result = verify();

    LedgerEntry tilted = ledger.stream().filter(e -> e.cover().tiltDeg() == 31.0).findFirst().orElseThrow();
    assertThat(result.differences().shown(Check.ALARMS))
        .containsExactly(
            "cover C-1 tilt: reading seq %d at %s (tilt_deg 31.0, tilt_limit_deg 15.0) raised no alarm"
                .formatted(tilted.seq(), Instant.ofEpochMilli(tilted.ts())));
  }

  @Test
  void failsOnAnAlarmNoReadingCallsFor() throws Exception {
    episodes();
    broker.alarms.raiseWithoutCause("C-3", "open", new JsonObject().put("seq", 2).put("ts", clock.instant().toString()).put("open", true));

    VerifyResult result = verify();

    assertThat(result.differences().shown(Check.ALARMS))
        .singleElement()
        .asString()
        .startsWith("alarm A-000004 (open on C-3) (E-000006 alarm.raised at ")
        .endsWith("has no cause: none of the cover's 2 acknowledged readings meets open = true");
  }

  @Test
  void failsOnAnAlarmOfTheWrongType() throws Exception {
    episodes();
    broker.alarms.retype("C-1", "tilt", "gas");

    VerifyResult result = verify();

    long seq = ledger.stream().filter(e -> e.cover().tiltDeg() == 31.0).findFirst().orElseThrow().seq();
    assertThat(result.differences().shown(Check.ALARMS))
        .containsExactly(
            ("alarm A-000002 (gas on C-1) was raised as gas for reading seq %d, which meets tilt (tilt_deg 31.0, tilt_limit_deg 15.0),"
                    + " not gas (gas_ppm 2.0, gas_limit_ppm 25.0)")
                .formatted(seq));
  }

  @Test
  void failsWhenASecondEpisodeRaisesANewAlarmInsteadOfTheClearedOneAgain() throws Exception {
    broker.alarms.raiseAnewInsteadOfReactivating = true;
    episodes();
    reading("C-1", 29.0, 2.0);

    VerifyResult result = verifyNeverSettling();

    assertThat(result.differences().shown(Check.ALARMS))
        .singleElement()
        .asString()
        .matches("cover C-1 tilt: E-\\d+ alarm.raised at \\S+ is on A-000004; the unresolved alarm A-000002 should have become active again");
  }

  @Test
  void failsWhenAnEventNeverReachesItsUnit() throws Exception {
    broker.alarms.loseDeliveryOf = event -> event.getJsonObject("alarm").getString("type").equals("gas");
    episodes();

    VerifyResult result = verifyNeverSettling();

    assertThat(result.differences().shown(Check.DELIVERIES))
        .containsExactly(
            "event E-000003 (alarm.raised of alarm A-000003 (gas on C-2)) was never delivered to U-02's receiver"
                + " (deliveries had not settled when verify gave up waiting)");
    assertThat(result.deliveries()).contains(new DeliveriesJudged(5, 4, 0, 0));
  }

  @Test
  void failsWhenDeliveriesAreSignedWithAnotherSecret() throws Exception {
    broker.alarms.wrongSecret = "not-the-units-secret-0123";
    episodes();

    VerifyResult result = verifyNeverSettling();

    assertThat(result.differences().shown(Check.DELIVERIES))
        .isNotEmpty()
        .anySatisfy(d -> assertThat(d).matches("\\d+ deliveries to U-01's receiver refused for their signature; the first, of event E-\\d+: the signature does not match .*"))
        .anySatisfy(d -> assertThat(d).matches("\\d+ deliveries to U-02's receiver refused for their signature; .*"))
        .anySatisfy(d -> assertThat(d).contains("was never delivered").endsWith("(deliveries had not settled when verify gave up waiting)"));
  }

  @Test
  void failsWhenAReadingsAlarmIsMadeOutsideItsTransaction() throws Exception {
    broker.alarms.judgedLate = Duration.ofSeconds(5);
    episodes();

    VerifyResult result = verify();

    long seq = ledger.stream().filter(e -> e.cover().tiltDeg() == 31.0).findFirst().orElseThrow().seq();
    assertThat(result.differences().shown(Check.ALARMS))
        .anySatisfy(d -> assertThat(d).matches(
            "cover C-1 tilt: E-\\d+ alarm.raised at \\S+ happened long after its reading seq %d was sent \\(\\S+\\) and acknowledged \\(\\S+\\)".formatted(seq)));
  }

  @Test
  void failsWhenAnAlarmsEventsArriveOutOfOrder() throws Exception {
    broker.alarms.paused = true;
    episodes();
    broker.alarms.newestFirst = true;
    broker.alarms.paused = false;

    VerifyResult result = verify();

    assertThat(result.differences().shown(Check.DELIVERIES))
        .contains(
            "alarm A-000002: event E-000005 arrived before E-000002; events of one alarm are delivered in order",
            "alarm A-000001: event E-000004 arrived before E-000001; events of one alarm are delivered in order");
  }

  @Test
  void duplicatesOnTheWireAreCountedNotFailed() throws Exception {
    broker.alarms.deliverTwice = true;
    episodes();

    VerifyResult result = verify();

    assertThat(result.differences().all()).isEmpty();
    assertThat(result.deliveries()).contains(new DeliveriesJudged(5, 5, 5, 0));
  }

  @Test
  void failsWhenASilenceLongerThanTwoIntervalsAndASweepRaisedNothing() throws Exception {
    broker.alarms.neverRaise = (cover, type) -> type.equals("silent");
    episodes();

    VerifyResult result = verify();

    assertThat(result.differences().shown(Check.ALARMS))
        .singleElement()
        .asString()
        .startsWith("cover C-4 silent: no reading from seq 1 (acknowledged ")
        .endsWith("52.0 s, longer than 2 × 5 s + the 1 s sweep + 2 s, yet no silent alarm was raised");
  }

  @Test
  void failsOnASilentAlarmRaisedWhileTheCoverWasReporting() throws Exception {
    episodes();
    clock.advance(Duration.ofSeconds(5));
    broker.alarms.raiseWithoutCause("C-1", "silent", null);

    VerifyResult result = verify();

    assertThat(result.differences().shown(Check.ALARMS))
        .singleElement()
        .asString()
        .matches("cover C-1 silent: E-\\d+ alarm.raised at \\S+ has no cause: reading seq 4 was sent at \\S+ and acknowledged at \\S+, less than 2 × 600 s before");
  }

  @Test
  void withoutReceiversOnlyTheAlarmsAreJudged() throws Exception {
    episodes();

    VerifyResult result =
        new Verification(platform.api(), FakeCityPlatform.ADMIN_TOKEN, FakeCityPlatform.READER_TOKEN, MqttVersion.V5, 20, Duration.ofSeconds(1))
            .verify(ledger);

    assertThat(result.passed()).as(result.differences().all().toString()).isTrue();
    assertThat(result.alarms()).isPresent();
    assertThat(result.deliveries()).isEmpty();
  }
}
