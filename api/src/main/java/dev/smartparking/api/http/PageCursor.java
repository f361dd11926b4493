package dev.smartparking.api.http;

import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;

/**
 * The opaque {@code cursor} of a keyset-paged list: the sort key of the last row of a page,
 * as a JSON array in URL-safe Base64. Clients pass {@code next_cursor} back unchanged; the
 * next page starts strictly after that key, so rows added meanwhile cause no gap or repeat.
 */
public final class PageCursor {

  public static final String PARAMETER = "cursor";

  private PageCursor() {}

  public static String encode(JsonArray key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.encode().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The key read from the {@code cursor} parameter by {@code read}, or null when it is absent.
   * Whatever fails while decoding or reading it (Base64, JSON, a missing or mistyped element)
   * means the client did not pass back a cursor of this list.
   */
  public static <K> K decode(QueryParameters params, Function<JsonArray, K> read) {
    String value = params.string(PARAMETER);
    if (value == null) {
      return null;
    }
    try {
      K key = read.apply(new JsonArray(new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8)));
      if (key != null) {
        return key;
      }
    } catch (RuntimeException e) {
      // one answer below for every way a cursor can be wrong
    }
    throw ApiException.badParameter(PARAMETER + ": not a cursor this list handed out; pass next_cursor back unchanged");
  }
}
