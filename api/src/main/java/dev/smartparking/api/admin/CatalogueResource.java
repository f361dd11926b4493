package dev.smartparking.api.admin;

import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.catalog.CatalogueImport;
import dev.smartparking.catalog.CatalogueParser;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/v1/admin/catalogue}: imports a city catalogue (docs/catalogue.md) in one transaction. */
public final class CatalogueResource {

  private final CatalogueImport catalogueImport;

  public CatalogueResource(CatalogueImport catalogueImport) {
    this.catalogueImport = catalogueImport;
  }

  public void post(RoutingContext ctx) {
    Future.succeededFuture(ctx.body().buffer())
        .map(CatalogueParser::parse)
        .compose(catalogueImport::apply)
        .onSuccess(summary -> JsonResponses.ok(ctx, summary.toJson()))
        .onFailure(ctx::fail);
  }
}
