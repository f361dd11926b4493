package dev.smartparking.api.occupancy;

import dev.smartparking.api.http.ApiException;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** What {@code GET /api/v1/lots/{lotId}/occupancy} asks for, checked; a bad parameter is a 400 naming it. */
record OccupancyRequest(String lotId, Step step, OffsetDateTime from, OffsetDateTime to) {

  static final Duration DEFAULT_SPAN = Duration.ofHours(24);
  static final long MAX_POINTS = 10_000;

  static OccupancyRequest of(RoutingContext ctx, Clock clock) {
    String lotId = ctx.pathParam("lotId");
    String stepText = ctx.queryParams().get("step");
    Step step = stepText == null ? Step.DEFAULT : Step.named(stepText).orElseThrow(() -> ApiException.badParameter(
        "step: '" + stepText + "' is not one of " + Step.NAMES));
    OffsetDateTime to = time(ctx, "to");
    OffsetDateTime from = time(ctx, "from");
    if (to == null) {
      to = from == null ? OffsetDateTime.now(clock) : from.plus(DEFAULT_SPAN);
    }
    if (from == null) {
      from = to.minus(DEFAULT_SPAN);
    }
    if (!to.isAfter(from)) {
      throw ApiException.badParameter("to: " + to + " is not later than from: " + from);
    }
    long points = points(from, to, step);
    if (points > MAX_POINTS) {
      throw ApiException.badParameter("step: " + step.text() + " from " + from + " to " + to + " makes " + points
          + " points, more than " + MAX_POINTS + "; take a longer step or a shorter span");
    }
    return new OccupancyRequest(lotId, step, from.withOffsetSameInstant(ZoneOffset.UTC),
        to.withOffsetSameInstant(ZoneOffset.UTC));
  }

  /** How many clock-aligned steps [from, to) touches at most: the points of a lot that changed every minute. */
  static long points(OffsetDateTime from, OffsetDateTime to, Step step) {
    long width = step.width().toMillis();
    long first = Math.floorDiv(from.toInstant().toEpochMilli(), width);
    long last = Math.floorDiv(to.toInstant().toEpochMilli() - 1, width);
    return last - first + 1;
  }

  /** An RFC 3339 time with its offset ({@code Z} or {@code +08:00}), or null when absent. */
  private static OffsetDateTime time(RoutingContext ctx, String name) {
    String text = ctx.queryParams().get(name);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      throw ApiException.badParameter(name + ": '" + text + "' is not an RFC 3339 time such as 2026-11-23T08:00:00Z");
    }
  }
}
