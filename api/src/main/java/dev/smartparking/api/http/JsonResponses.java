package dev.smartparking.api.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Writes successful JSON answers, with times as RFC 3339 UTC as API.md requires. */
public final class JsonResponses {

  private static final DateTimeFormatter RFC_3339_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

  private JsonResponses() {}

  public static void ok(RoutingContext ctx, JsonObject body) {
    ctx.response()
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.encode());
  }

  /** RFC 3339 in UTC with milliseconds, or null. */
  public static String timestamp(OffsetDateTime time) {
    return time == null ? null : RFC_3339_MILLIS.format(time.withOffsetSameInstant(ZoneOffset.UTC));
  }
}
