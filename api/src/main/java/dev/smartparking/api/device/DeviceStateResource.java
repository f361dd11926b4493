package dev.smartparking.api.device;

import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.catalog.CatalogueImport;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * {@code POST /api/v1/admin/devices/{deviceId}/disable} and {@code /enable} (admin): sets whether a
 * device may connect, and tells every ingest process as an import does ({@link
 * CatalogueImport#CHANGE_CHANNEL}): disabling is a revocation, its live session closes within
 * seconds wherever it is. Answers the device as it now stands.
 */
public final class DeviceStateResource {

  static final String SET_ENABLED = """
      WITH changed AS (UPDATE devices SET enabled = $2 WHERE id = $1 RETURNING id)
      SELECT pg_notify('""" + CatalogueImport.CHANGE_CHANNEL + "', ''), id FROM changed";
  static final String DEVICE = DeviceView.FROM + "WHERE d.id = $1";

  private final Pool pool;

  public DeviceStateResource(Pool pool) {
    this.pool = pool;
  }

  public Handler<RoutingContext> enable() {
    return ctx -> set(ctx, true);
  }

  public Handler<RoutingContext> disable() {
    return ctx -> set(ctx, false);
  }

  private void set(RoutingContext ctx, boolean enabled) {
    String deviceId = ctx.pathParam("deviceId");
    pool.preparedQuery(SET_ENABLED).execute(Tuple.of(deviceId, enabled))
        .compose(rows -> rows.size() > 0
            ? pool.preparedQuery(DEVICE).execute(Tuple.of(deviceId))
            : Future.failedFuture(ApiException.notFound("no device '" + deviceId + "'")))
        .map(rows -> DeviceView.json(rows.iterator().next()))
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }
}
