package dev.smartparking.api.lot;

import dev.smartparking.api.availability.AvailabilityView;
import dev.smartparking.api.availability.LotNow;
import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.EncodedAnswer;
import dev.smartparking.api.http.JsonResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/lots/{lotId}}: one lot now, with its state open, closed, offline or unknown,
 * from the lots in memory, with an ETag.
 */
public final class LotResource {

  private final AvailabilityView lots;
  private final LotView view;

  public LotResource(AvailabilityView lots, LotView view) {
    this.lots = lots;
    this.view = view;
  }

  public void get(RoutingContext ctx) {
    String lotId = ctx.pathParam("lotId");
    LotNow lot = lots.lots().get(lotId);
    if (lot == null || !LotView.sees(Caller.scopeOf(ctx), lot)) {
      throw ApiException.notFound("no lot '" + lotId + "'");
    }
    Buffer body = Buffer.buffer(lot.details() == null ? 320 : 320 + lot.details().length);
    view.writeWithDetails(body, lot);
    JsonResponses.ok(ctx, EncodedAnswer.of(body));
  }
}
