package dev.smartparking.api.report;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One ledger answered as JSON or as CSV from the same rows: the CSV has the JSON rows' values in
 * the order of {@code columns}, row for row, so the two cannot disagree.
 *
 * @param envelope the JSON answer's other members (the period, the district)
 * @param rowsKey the member that holds the rows in JSON
 * @param columns the rows' keys, in the CSV's column order
 * @param fileName the CSV's name when saved (Content-Disposition)
 */
record Ledger(JsonObject envelope, String rowsKey, List<String> columns, List<JsonObject> rows, String fileName) {

  /** Excel takes a CSV without it for the local code page and garbles Chinese names. */
  private static final String UTF8_BOM = "\uFEFF";

  void send(RoutingContext ctx, ReportFormat format) {
    if (format == ReportFormat.CSV) {
      ctx.response()
          .putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + ".csv\"")
          .end(Buffer.buffer(csv().getBytes(StandardCharsets.UTF_8)));
    } else {
      JsonObject body = envelope.copy().put(rowsKey, new JsonArray(List.copyOf(rows)));
      ctx.response()
          .putHeader("Content-Type", "application/json; charset=utf-8")
          .end(body.encode());
    }
  }

  String csv() {
    StringBuilder out = new StringBuilder(UTF8_BOM);
    line(out, columns.stream().map(c -> (Object) c).toList());
    for (JsonObject row : rows) {
      line(out, columns.stream().map(row::getValue).toList());
    }
    return out.toString();
  }

  /** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; null is empty. */
  private static void line(StringBuilder out, List<Object> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object value = values.get(i);
      String text = value == null ? "" : value.toString();
      if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
        out.append('"').append(text.replace("\"", "\"\"")).append('"');
      } else {
        out.append(text);
      }
    }
    out.append("\r\n");
  }
}
