package dev.smartparking.api.report;

import dev.smartparking.api.http.QueryParameters;
import io.vertx.ext.web.RoutingContext;

/** JSON or CSV: {@code ?format=} decides, else an {@code Accept} header that asks for {@code text/csv}. */
enum ReportFormat {
  JSON,
  CSV;

  static ReportFormat of(RoutingContext ctx, QueryParameters params) {
    String format = params.string("format");
    if (format != null) {
      return format.equals("csv") ? CSV : JSON;
    }
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.toLowerCase().contains("text/csv") ? CSV : JSON;
  }
}
