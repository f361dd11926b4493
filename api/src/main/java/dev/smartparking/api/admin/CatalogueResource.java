package dev.smartparking.api.admin;

import dev.smartparking.api.http.BoundedBody;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.catalog.CatalogueImport;
import dev.smartparking.catalog.CatalogueParser;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/admin/catalogue}: imports a city catalogue (docs/catalogue.md) in one
 * transaction. Runs after the admin token was checked, so nobody else gets a body read, and
 * reads the body itself with its size bounded.
 */
public final class CatalogueResource {

  private final CatalogueImport catalogueImport;
  private final long maxBodyBytes;

  public CatalogueResource(CatalogueImport catalogueImport, long maxBodyBytes) {
    this.catalogueImport = catalogueImport;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void post(RoutingContext ctx) {
    BoundedBody.read(ctx, maxBodyBytes, "the catalogue is larger than " + maxBodyBytes + " bytes (http.max-body-bytes)")
        // A city's catalogue runs to tens of megabytes: parsed on a worker, not an event loop.
        .compose(body -> ctx.vertx().executeBlocking(() -> CatalogueParser.parse(body), false))
        .compose(catalogueImport::apply)
        .onSuccess(summary -> JsonResponses.ok(ctx, summary.toJson()))
        .onFailure(ctx::fail);
  }
}
