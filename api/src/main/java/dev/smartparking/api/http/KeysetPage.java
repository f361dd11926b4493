package dev.smartparking.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.function.Function;

/**
 * One page of a keyset-paged list, {@code {"<items>": [...], "next_cursor": "..." | null}}.
 * The query asks for one row more than {@code limit}: that row only tells that a next page
 * exists, whose cursor is the key of the last row shown.
 */
public final class KeysetPage {

  private KeysetPage() {}

  public static JsonObject of(RowSet<Row> rows, int limit, String items, Function<Row, JsonObject> toJson,
      Function<Row, JsonArray> key) {
    JsonArray page = new JsonArray();
    String nextCursor = null;
    for (Row row : rows) {
      if (page.size() == limit) {
        break;
      }
      page.add(toJson.apply(row));
      if (page.size() == limit && rows.size() > limit) {
        nextCursor = PageCursor.encode(key.apply(row));
      }
    }
    return new JsonObject().put(items, page).put("next_cursor", nextCursor);
  }
}
