package dev.smartparking.api.http;

import io.vertx.ext.web.RoutingContext;

/** The {@code lotId} path parameter, checked against the catalogue's id rule before any lookup. */
public final class LotIdParameter {

  private LotIdParameter() {}

  /** The lot id of the request; fails with a 400 naming {@code lotId} when it cannot be one. */
  public static String of(RoutingContext ctx) {
    String lotId = ctx.pathParam("lotId");
    if (!QueryParameters.IDENTIFIER.matcher(lotId).matches()) {
      throw ApiException.badParameter(
          "lotId: '" + lotId + "' is not a lot id (" + QueryParameters.IDENTIFIER_RULE + ")");
    }
    return lotId;
  }
}
