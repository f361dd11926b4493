package dev.smartparking.api.http;

import dev.smartparking.catalog.CatalogueException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the JSON error of API.md, {@code {"error": code, "message": text}},
 * with the status that fits. Never a stack trace: unexpected errors are logged, not shown.
 */
public final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
  /** SQLSTATE classes that mean the database is unavailable, not that the request was wrong. */
  private static final String CONNECTION_EXCEPTION = "08";
  private static final String INSUFFICIENT_RESOURCES = "53";
  private static final String OPERATOR_INTERVENTION = "57";

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
    } else if (failure != null && isStorageUnavailable(failure)) {
      LOG.warn("Storage unavailable for {} {}: {}", ctx.request().method(), ctx.request().path(), failure.toString());
      send(ctx, 503, "storage_unavailable", "the database cannot be reached; try again shortly");
    } else if (failure != null) {
      LOG.error("Unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, 500, "internal", "an unexpected error occurred; it has been logged");
    } else {
      int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
      send(ctx, status, statusCode(status), statusMessage(ctx, status));
    }
  }

  /**
   * Storage is unavailable when PostgreSQL says so (SQLSTATE classes 08 connection, 53
   * resources, 57 operator intervention) or when the client cannot reach it: a refused or
   * closed connection, or a timeout. Anything else is a bug and stays a 500.
   */
  public static boolean isStorageUnavailable(Throwable failure) {
    if (failure instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      return state.startsWith(CONNECTION_EXCEPTION) || state.startsWith(INSUFFICIENT_RESOURCES)
          || state.startsWith(OPERATOR_INTERVENTION);
    }
    return failure instanceof ConnectException
        || failure instanceof ClosedConnectionException
        || failure instanceof TimeoutException
        || failure.getClass().getSimpleName().endsWith("TimeoutException");
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
