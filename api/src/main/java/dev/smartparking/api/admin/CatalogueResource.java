package dev.smartparking.api.admin;

import dev.smartparking.api.contract.ContractBody;
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

  /** The code of every refused catalogue, whether the contract or a catalogue rule refuses it. */
  private static final String INVALID = "invalid_catalogue";

  private final CatalogueImport catalogueImport;
  private final long maxBodyBytes;

  public CatalogueResource(CatalogueImport catalogueImport, long maxBodyBytes) {
    this.catalogueImport = catalogueImport;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void post(RoutingContext ctx) {
    // A city's catalogue runs to tens of megabytes: parsed, checked against the contract and read
    // into entries on a worker, not an event loop.
    ContractBody.readLargeObject(ctx, maxBodyBytes,
            "the catalogue is larger than " + maxBodyBytes + " bytes (http.max-body-bytes)", INVALID,
            CatalogueParser::parse)
        .compose(catalogueImport::apply)
        .onSuccess(summary -> JsonResponses.ok(ctx, summary.toJson()))
        .onFailure(ctx::fail);
  }
}
