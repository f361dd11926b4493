package dev.smartparking.api.admin;

import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.catalog.CatalogueImport;
import dev.smartparking.catalog.CatalogueParser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
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
    body(ctx)
        .map(CatalogueParser::parse)
        .compose(catalogueImport::apply)
        .onSuccess(summary -> JsonResponses.ok(ctx, summary.toJson()))
        .onFailure(ctx::fail);
  }

  private Future<Buffer> body(RoutingContext ctx) {
    String length = ctx.request().getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBodyBytes) {
      return Future.failedFuture(tooLarge());
    }
    Buffer body = Buffer.buffer();
    io.vertx.core.Promise<Buffer> read = io.vertx.core.Promise.promise();
    ctx.request()
        .handler(chunk -> {
          if (body.length() + chunk.length() > maxBodyBytes) {
            read.tryFail(tooLarge());
          } else {
            body.appendBuffer(chunk);
          }
        })
        .exceptionHandler(read::tryFail)
        .endHandler(v -> read.tryComplete(body))
        .resume();
    return read.future();
  }

  private ApiException tooLarge() {
    return new ApiException(413, "payload_too_large", "the catalogue is larger than " + maxBodyBytes
        + " bytes (http.max-body-bytes)");
  }
}
