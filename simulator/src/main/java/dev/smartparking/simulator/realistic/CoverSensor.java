package dev.smartparking.simulator.realistic;

import dev.smartparking.simulator.city.AlarmType;
import dev.smartparking.simulator.city.Cover;
import dev.smartparking.simulator.device.TelemetryPayload;
import dev.smartparking.simulator.ledger.CoverTruth;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A cover's sensor: a {@code telemetry} reading every {@code interval} of simulated time, the first
 * at a random point of the first interval so that covers do not all report at once; none while its
 * planned {@link Silence} lasts.
 */
public final class CoverSensor implements SimulatedDevice {

  private final CoverModel model;
  private final DeviceLink link;
  private final Optional<Rain> rain;
  private final CoverHazards hazards;
  private final RandomGenerator random;
  private final Duration interval;
  private final Optional<Silence> silence;
  private final Set<AlarmType> seen = EnumSet.noneOf(AlarmType.class);
  private LocalDateTime nextReport;
  private double maxWaterCm = Double.NEGATIVE_INFINITY;
  private int skipped;

  /**
   * @param interval simulated time between two readings: the cover's report interval as the server
   *     knows it (wall seconds), times the run's speed-up
   */
  public CoverSensor(
      CoverModel model,
      DeviceLink link,
      Optional<Rain> rain,
      CoverHazards hazards,
      LocalDateTime start,
      Duration interval,
      Optional<Silence> silence,
      RandomGenerator random) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("a report interval must be positive");
    }
    this.model = model;
    this.link = link;
    this.rain = rain;
    this.hazards = hazards;
    this.random = random;
    this.interval = interval;
    this.silence = silence;
    this.nextReport = start.plus(Duration.ofNanos((long) (interval.toNanos() * random.nextDouble())));
  }

  @Override
  public DeviceLink link() {
    return link;
  }

  @Override
  public boolean dropsOut() {
    return false;
  }

  public Cover cover() {
    return model.cover();
  }

  /** Alarm-worthy readings this sensor has sent, by the cover's own thresholds. */
  public Set<AlarmType> alarmsSeen() {
    return EnumSet.copyOf(seen);
  }

  public double maxWaterLevelCm() {
    return maxWaterCm;
  }

  public Optional<Silence> silence() {
    return silence;
  }

  /** Readings left out because the sensor was silent. */
  public int skipped() {
    return skipped;
  }

  @Override
  public void advance(LocalDateTime from, LocalDateTime to, long wallMillis) {
    LocalDateTime at = from;
    // Reports fall at their own simulated times; the weather is judged at each.
    while (!nextReport.isAfter(to)) {
      step(at, nextReport);
      at = nextReport;
      if (silence.isPresent() && silence.get().covers(nextReport)) {
        skipped++;
      } else {
        report(wallMillis);
      }
      nextReport = nextReport.plus(interval);
    }
    step(at, to);
  }

  private void step(LocalDateTime from, LocalDateTime to) {
    double minutes = Duration.between(from, to).toNanos() / 60e9;
    model.advance(minutes, rain.map(r -> r.at(to)).orElse(false), hazards, random);
  }

  private void report(long wallMillis) {
    CoverReading reading = model.read(random);
    long seq = link.nextSeq();
    long ts = link.nextTs(wallMillis);
    TelemetryPayload payload =
        new TelemetryPayload(
            seq, ts, reading.tiltDeg(), reading.open(), reading.waterLevelCm(), reading.gasPpm(), reading.batteryPct(), reading.rssiDbm());
    Cover cover = model.cover();
    CoverTruth truth =
        new CoverTruth(
            cover.id(),
            cover.unitId(),
            cover.limits(),
            reading.tiltDeg(),
            reading.open(),
            reading.waterLevelCm(),
            reading.gasPpm(),
            reading.batteryPct());
    link.send(new Outbound(TopicKind.TELEMETRY, TelemetryPayload.topic(cover.id()), seq, ts, payload.bytes(), null, truth));
    maxWaterCm = Math.max(maxWaterCm, reading.waterLevelCm());
    seen.addAll(reading.breaches(cover.limits()));
  }
}
