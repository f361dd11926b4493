package dev.smartparking.simulator.realistic;

import dev.smartparking.simulator.device.TelemetryPayload;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A cover's sensor: a {@code telemetry} reading every catalogue report interval of simulated time
 * (so the interval divided by the speed-up in wall time), the first at a random point of the first
 * interval so that covers do not all report at once.
 */
public final class CoverSensor implements SimulatedDevice {

  /** Readings the server turns into alarms. */
  public enum Alarm {
    TILT,
    OPEN,
    WATER,
    GAS,
    BATTERY
  }

  private final CoverModel model;
  private final DeviceLink link;
  private final Optional<Rain> rain;
  private final CoverHazards hazards;
  private final RandomGenerator random;
  private final Duration interval;
  private final Set<Alarm> seen = EnumSet.noneOf(Alarm.class);
  private LocalDateTime nextReport;
  private double maxWaterCm = Double.NEGATIVE_INFINITY;

  public CoverSensor(
      CoverModel model, DeviceLink link, Optional<Rain> rain, CoverHazards hazards, LocalDateTime start, RandomGenerator random) {
    this.model = model;
    this.link = link;
    this.rain = rain;
    this.hazards = hazards;
    this.random = random;
    this.interval = Duration.ofSeconds(model.cover().reportIntervalS());
    this.nextReport = start.plus(Duration.ofMillis((long) (interval.toMillis() * random.nextDouble())));
  }

  @Override
  public DeviceLink link() {
    return link;
  }

  @Override
  public boolean dropsOut() {
    return false;
  }

  /** Alarm-worthy readings this sensor has sent. */
  public Set<Alarm> alarmsSeen() {
    return EnumSet.copyOf(seen);
  }

  public double maxWaterLevelCm() {
    return maxWaterCm;
  }

  @Override
  public void advance(LocalDateTime from, LocalDateTime to, long wallMillis) {
    LocalDateTime at = from;
    // Reports fall at their own simulated times; the weather is judged at each.
    while (!nextReport.isAfter(to)) {
      step(at, nextReport);
      at = nextReport;
      report(wallMillis);
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
    link.send(
        new Outbound(TopicKind.TELEMETRY, TelemetryPayload.topic(model.cover().id()), seq, ts, payload.bytes(), null));
    maxWaterCm = Math.max(maxWaterCm, reading.waterLevelCm());
    remember(reading.tilted(), Alarm.TILT);
    remember(reading.open(), Alarm.OPEN);
    remember(reading.flooding(), Alarm.WATER);
    remember(reading.gasPpm() > model.gasLimitPpm(), Alarm.GAS);
    remember(reading.lowBattery(), Alarm.BATTERY);
  }

  private void remember(boolean happened, Alarm alarm) {
    if (happened) {
      seen.add(alarm);
    }
  }
}
