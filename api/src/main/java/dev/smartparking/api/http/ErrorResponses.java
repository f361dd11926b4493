package dev.smartparking.api.http;

import dev.smartparking.catalog.CatalogueException;
import dev.smartparking.db.StorageFault;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the JSON error of API.md, {@code {"error": code, "message": text}},
 * with the status that fits. Never a stack trace: unexpected errors are logged, not shown.
 */
public final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  public static void send(RoutingContext ctx, int status, String code, String message) {
    if (ctx.response().ended()) {
      return;
    }
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }

  /** The router's failure handler. */
  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException e) {
      send(ctx, e.status(), e.code(), e.getMessage());
    } else if (failure instanceof CatalogueException e) {
      send(ctx, 400, "invalid_catalogue", e.getMessage());
    } else if (failure != null && StorageFault.of(failure) == StorageFault.CANCELLED) {
      // Most likely this API's own statement timeout: the same query would be cut again.
      LOG.warn("Query cancelled for {} {}: {}", ctx.request().method(), ctx.request().path(), failure.toString());
      send(ctx, 503, "query_timeout", "the query ran longer than the server allows and was cancelled; "
          + "ask for less (a shorter time span, a filter) or try again later");
    } else if (failure != null && StorageFault.of(failure).isTransient()) {
      LOG.warn("Storage unavailable for {} {}: {}", ctx.request().method(), ctx.request().path(), failure.toString());
      send(ctx, 503, "storage_unavailable", "the database cannot serve this now; try again shortly");
    } else if (failure != null) {
      LOG.error("Unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, 500, "internal", "an unexpected error occurred; it has been logged");
    } else {
      int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
      send(ctx, status, statusCode(status), statusMessage(ctx, status));
    }
  }

  private static String statusCode(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "payload_too_large";
      default -> "error";
    };
  }

  private static String statusMessage(RoutingContext ctx, int status) {
    return switch (status) {
      case 404 -> "no resource at " + ctx.request().path();
      case 405 -> ctx.request().method() + " is not allowed on " + ctx.request().path();
      case 413 -> "the request body is larger than the server accepts";
      default -> "the request could not be served";
    };
  }
}
