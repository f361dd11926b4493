package dev.smartparking.api.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes successful JSON answers, with times as RFC 3339 UTC as API.md requires; answers of the
 * read routes with an {@code ETag}, and 304 without a body to a request that names it.
 */
public final class JsonResponses {

  private static final DateTimeFormatter RFC_3339_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
  private static final DateTimeFormatter RFC_3339_MILLIS_UTC = RFC_3339_MILLIS.withZone(ZoneOffset.UTC);
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json; charset=utf-8");
  // Clients may keep an answer but must ask again before using it: it changes any second.
  private static final CharSequence REVALIDATE = HttpHeaders.createOptimized("no-cache");

  private JsonResponses() {}

  public static void ok(RoutingContext ctx, JsonObject body) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end(body.encode());
  }

  /** The answer with its ETag, or 304 and no body when the request's {@code If-None-Match} names it. */
  public static void ok(RoutingContext ctx, EncodedAnswer answer) {
    HttpServerResponse response = ctx.response();
    MultiMap headers = response.headers();
    headers.add(HttpHeaders.ETAG, answer.etag()).add(HttpHeaders.CACHE_CONTROL, REVALIDATE);
    if (answer.matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
      response.setStatusCode(304).end();
    } else {
      headers.add(HttpHeaders.CONTENT_TYPE, JSON);
      response.end(answer.body());
    }
  }

  /** RFC 3339 in UTC with milliseconds, or null. */
  public static String timestamp(OffsetDateTime time) {
    return time == null ? null : RFC_3339_MILLIS.format(time.withOffsetSameInstant(ZoneOffset.UTC));
  }

  /**
   * RFC 3339 in UTC with milliseconds, or null: the formatter's text, written by hand for years
   * 1–9999 because lot answers write two per lot and the formatter costs about 0.7 µs each.
   */
  public static String timestamp(Instant time) {
    if (time == null) {
      return null;
    }
    LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), time.getNano(), ZoneOffset.UTC);
    if (t.getYear() < 1 || t.getYear() > 9999) {
      return RFC_3339_MILLIS_UTC.format(time);
    }
    char[] text = "0000-00-00T00:00:00.000Z".toCharArray();
    digits(text, 0, 4, t.getYear());
    digits(text, 5, 2, t.getMonthValue());
    digits(text, 8, 2, t.getDayOfMonth());
    digits(text, 11, 2, t.getHour());
    digits(text, 14, 2, t.getMinute());
    digits(text, 17, 2, t.getSecond());
    digits(text, 20, 3, t.getNano() / 1_000_000);
    return new String(text);
  }

  private static void digits(char[] text, int at, int width, int value) {
    for (int i = at + width - 1; i >= at; i--, value /= 10) {
      text[i] = (char) ('0' + value % 10);
    }
  }
}
