package dev.smartparking.api.http;

import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/** The {@code lotId} path parameter, checked against the catalogue's id rule before any lookup. */
public final class LotIdParameter {

  private static final Pattern LOT_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,64}");

  private LotIdParameter() {}

  /** The lot id of the request; fails with a 400 naming {@code lotId} when it cannot be one. */
  public static String of(RoutingContext ctx) {
    String lotId = ctx.pathParam("lotId");
    if (!LOT_ID.matcher(lotId).matches()) {
      throw ApiException.badParameter("lotId: '" + lotId + "' is not a lot id (1-64 letters, digits, . _ : -)");
    }
    return lotId;
  }
}
