package dev.smartparking.api.cover;

import dev.smartparking.metrics.CoverAlarmEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code smartparking_cover_alarm_events_total{event,type}} for the changes this API makes,
 * {@code acknowledged} and {@code resolved}; ingest and the sweep count {@code raised} and
 * {@code cleared} under the same name and labels. Registered up front, so every series exists
 * from the start at zero, and dashboards see a rate rather than nothing.
 */
public final class AlarmMetrics {

  private final Map<String, Counter> counters = new HashMap<>();

  public AlarmMetrics(MeterRegistry registry) {
    for (AlarmAction action : AlarmAction.values()) {
      for (String type : CoverAlarmEvents.TYPES) {
        counters.put(key(action, type), CoverAlarmEvents.counter(registry, action.status(), type));
      }
    }
  }

  void changed(AlarmAction action, String type) {
    Counter counter = counters.get(key(action, type));
    if (counter != null) {
      counter.increment();
    }
  }

  private static String key(AlarmAction action, String type) {
    return action.status() + "/" + type;
  }
}
