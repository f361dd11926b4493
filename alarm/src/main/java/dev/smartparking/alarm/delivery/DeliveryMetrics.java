package dev.smartparking.alarm.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * {@code smartparking_alarm_deliveries_total{unit, result}} (every attempt, and gave_up when one
 * is given up) and {@code smartparking_alarm_delivery_lag_seconds}, from an event to the 2xx of
 * its delivery. The unit label is bounded by the catalogue's units (23 in Jiaozuo).
 */
public final class DeliveryMetrics {

  private final MeterRegistry registry;
  private final Timer lag;

  public DeliveryMetrics(MeterRegistry registry) {
    this.registry = registry;
    // Buckets around the aim of one second, up to retries that took hours.
    lag = Timer.builder("smartparking.alarm.delivery.lag")
        .description("Time from an alarm event to the 2xx answer of its webhook delivery")
        .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(24))
        .register(registry);
  }

  void attempted(String unit, AttemptResult result) {
    counter(unit, result.tag()).increment();
  }

  void gaveUp(String unit) {
    counter(unit, AttemptResult.GAVE_UP).increment();
  }

  void delivered(double lagSeconds) {
    lag.record(Duration.ofNanos((long) (Math.max(lagSeconds, 0) * 1e9)));
  }

  private Counter counter(String unit, String result) {
    return Counter.builder("smartparking.alarm.deliveries")
        .description("Webhook delivery attempts by unit and result; gave_up when a delivery is given up")
        .tag("unit", unit)
        .tag("result", result)
        .register(registry);
  }
}
