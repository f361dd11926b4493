package dev.smartparking.api.sse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code <name>_subscribers}: open streams of one route in this process, live or catching up;
 * {@code <name>_drops_total}: subscribers dropped for not keeping up. No label per subscriber.
 */
public final class StreamMetrics {

  private final AtomicInteger subscribers = new AtomicInteger();
  private final Counter drops;

  /** {@code name} like {@code smartparking.cover.alarm.stream}; {@code route} as the descriptions name it. */
  public StreamMetrics(MeterRegistry registry, String name, String route) {
    Gauge.builder(name + ".subscribers", subscribers, AtomicInteger::get)
        .description("Open event streams (" + route + ") of this process")
        .register(registry);
    drops = Counter.builder(name + ".drops")
        .description("Subscribers of " + route + " dropped because their connection did not keep up")
        .register(registry);
  }

  /** The alarm stream's: {@code smartparking_cover_alarm_stream_subscribers}, {@code ..._drops_total}. */
  public static StreamMetrics alarms(MeterRegistry registry) {
    return new StreamMetrics(registry, "smartparking.cover.alarm.stream", "GET /api/v1/covers/alarms/stream");
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
