package dev.smartparking.api.cover.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code smartparking_cover_alarm_stream_subscribers}: open alarm streams of this process, live
 * or catching up; {@code smartparking_cover_alarm_stream_drops_total}: subscribers dropped for not
 * keeping up.
 */
public final class AlarmStreamMetrics {

  private final AtomicInteger subscribers = new AtomicInteger();
  private final Counter drops;

  public AlarmStreamMetrics(MeterRegistry registry) {
    Gauge.builder("smartparking.cover.alarm.stream.subscribers", subscribers, AtomicInteger::get)
        .description("Open alarm event streams (GET /api/v1/covers/alarms/stream) of this process")
        .register(registry);
    drops = Counter.builder("smartparking.cover.alarm.stream.drops")
        .description("Alarm stream subscribers dropped because their connection did not keep up")
        .register(registry);
  }

  void opened() {
    subscribers.incrementAndGet();
  }

  void closed() {
    subscribers.decrementAndGet();
  }

  void dropped() {
    drops.increment();
  }
}
