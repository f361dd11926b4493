package dev.smartparking.api.ngsi;

import dev.smartparking.api.http.ApiException;
import dev.smartparking.db.StorageFault;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure handler of the NGSI-LD path: every error as {@code application/problem+json}
 * (RFC 7807) with the ETSI error type, as NGSI-LD clients expect, instead of the {@code {"error",
 * "message"}} of the rest of the API. Never a stack trace.
 */
final class NgsiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(NgsiErrors.class);

  private NgsiErrors() {}

  static void handle(RoutingContext ctx) {
    send(ctx, problemOf(ctx));
  }

  static void send(RoutingContext ctx, NgsiProblem problem) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", "application/problem+json")
        .end(new JsonObject().put("type", problem.type()).put("title", problem.title())
            .put("status", problem.status()).put("detail", problem.getMessage()).encode());
  }

  private static NgsiProblem problemOf(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof NgsiProblem problem) {
      return problem;
    }
    if (failure instanceof ApiException e) {
      // The lot view before its first load (503), or a shared parameter check (400).
      return switch (e.status()) {
        case 400 -> NgsiProblem.badRequest(e.getMessage());
        case 404 -> NgsiProblem.notFound(e.getMessage());
        default -> new NgsiProblem(e.status(), "InternalError", e.getMessage());
      };
    }
    if (failure != null && StorageFault.of(failure).isTransient()) {
      LOG.warn("Storage unavailable for {} {}: {}", ctx.request().method(), ctx.request().path(), failure.toString());
      return new NgsiProblem(503, "InternalError", "the database cannot serve this now; try again shortly");
    }
    if (failure != null) {
      LOG.error("Unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      return new NgsiProblem(500, "InternalError", "an unexpected error occurred; it has been logged");
    }
    return ctx.statusCode() == 404
        ? NgsiProblem.notFound("no resource at " + ctx.request().path())
        : new NgsiProblem(ctx.statusCode() < 400 ? 500 : ctx.statusCode(), "InternalError",
            "the request could not be served");
  }
}
