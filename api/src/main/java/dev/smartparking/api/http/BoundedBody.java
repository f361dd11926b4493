package dev.smartparking.api.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request's body after its token was checked (so nobody unauthenticated gets a body
 * read), refusing with a 413 as soon as it is larger than allowed. The route pauses the request
 * before the token check, or a body arriving with the headers would be lost; this resumes it.
 */
public final class BoundedBody {

  private BoundedBody() {}

  /** The body, or a 413 {@code payload_too_large} whose message is {@code tooLarge}. */
  public static Future<Buffer> read(RoutingContext ctx, long maxBytes, String tooLarge) {
    String length = ctx.request().getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBytes) {
      return Future.failedFuture(new ApiException(413, "payload_too_large", tooLarge));
    }
    Buffer body = Buffer.buffer();
    Promise<Buffer> read = Promise.promise();
    ctx.request()
        .handler(chunk -> {
          if (body.length() + chunk.length() > maxBytes) {
            read.tryFail(new ApiException(413, "payload_too_large", tooLarge));
          } else {
            body.appendBuffer(chunk);
          }
        })
        .exceptionHandler(read::tryFail)
        .endHandler(v -> read.tryComplete(body))
        .resume();
    return read.future();
  }
}
