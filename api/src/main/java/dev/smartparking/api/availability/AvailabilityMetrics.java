package dev.smartparking.api.availability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The city's figures as gauges per district (a bounded label: a city has tens of districts, never
 * a lot id), read from what the view last published, and the lag from a lot's report to the
 * moment the view shows it.
 */
public final class AvailabilityMetrics {

  private final MeterRegistry registry;
  private final Clock clock;
  private final Timer visibleLag;
  private final Map<String, JsonObject> districts = new ConcurrentHashMap<>();

  public AvailabilityMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    // Buckets around the target: a change visible within a second, tolerable within a few.
    visibleLag = Timer.builder("smartparking.availability.visible.lag")
        .description("Time from a lot's last report (lot_state.last_seen_at) to the availability view applying it")
        .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30))
        .register(registry);
  }

  /** A changed lot applied by the view; the report's time is the server's, so clocks agree. */
  void applied(Instant lastSeenAt) {
    if (lastSeenAt != null) {
      Duration lag = Duration.between(lastSeenAt, clock.instant());
      visibleLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }
  }

  /** The availability answer the view just published ({@code GET /api/v1/availability}'s shape). */
  void published(JsonObject availability) {
    for (Object row : availability.getJsonArray("districts")) {
      JsonObject district = (JsonObject) row;
      String code = district.getString("code");
      if (districts.put(code, district) == null) {
        register(code);
      }
    }
  }

  private void register(String code) {
    gauge("smartparking.district.spaces.free", code, "Free spaces of the district's reporting lots",
        d -> d.getLong("free"));
    // Not ".total": Micrometer keeps that suffix for counters and would drop it from a gauge.
    gauge("smartparking.district.spaces", code, "Spaces, free or taken, of the district's reporting lots",
        d -> d.getLong("total"));
    gauge("smartparking.district.lots.registered", code, "Lots registered in the district",
        d -> d.getLong("lots"));
    gauge("smartparking.district.lots.reporting", code, "Lots of the district reporting within lots.offline-after",
        d -> d.getLong("lots_reporting"));
  }

  private void gauge(String name, String code, String description, ToDoubleFunction<JsonObject> figure) {
    Gauge.builder(name, districts, all -> figure.applyAsDouble(all.get(code)))
        .description(description)
        .tag("district", code)
        .register(registry);
  }
}
