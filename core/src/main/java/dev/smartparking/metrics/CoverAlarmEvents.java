package dev.smartparking.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * {@code smartparking_cover_alarm_events_total{event, type}}: alarm changes, counted by the process
 * that made them (ingest: raised and cleared; the API: acknowledged and resolved; the silent
 * sweep: silent raised). One definition, so every writer registers the same name, tags and
 * description in a shared registry.
 */
public final class CoverAlarmEvents {

  public static final String NAME = "smartparking.cover.alarm.events";

  /** The alarm types of API.md, as the schema's check constraint lists them (V7). */
  public static final List<String> TYPES = List.of("tilt", "open", "water", "gas", "battery", "silent");

  /**
   * The NOTIFY channel V7's trigger raises on every commit of events: the dispatcher and the
   * stream wake on it.
   */
  public static final String CHANNEL = "cover_alarm_events";

  private CoverAlarmEvents() {}

  /**
   * The counter of one kind of change: {@code event} is {@code raised}, {@code cleared},
   * {@code acknowledged} or {@code resolved} (the event name without "alarm."), {@code type} an
   * alarm type. Registering again returns the same counter.
   */
  public static Counter counter(MeterRegistry registry, String event, String type) {
    return Counter.builder(NAME)
        .description("Alarm changes (events) made by this process, by event and alarm type")
        .tag("event", event)
        .tag("type", type)
        .register(registry);
  }
}
