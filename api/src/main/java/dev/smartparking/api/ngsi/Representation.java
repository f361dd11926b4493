package dev.smartparking.api.ngsi;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Locale;

/**
 * How an NGSI-LD answer carries its JSON-LD context, as the request's {@code Accept} asks:
 * {@code application/ld+json} puts {@code @context} in each entity, {@code application/json} (or
 * no preference) leaves it out and points to it with a {@code Link} header. Both name the
 * context document this server serves, so a consumer needs no internet to expand the terms.
 */
enum Representation {
  JSON("application/json"),
  JSON_LD("application/ld+json");

  static final String CONTEXT_PATH = "/ngsi-ld/v1/context.jsonld";

  private final String contentType;

  Representation(String contentType) {
    this.contentType = contentType;
  }

  /** The first of {@code application/ld+json}, {@code application/json} or a wildcard the Accept header lists. */
  static Representation of(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    if (accept == null || accept.isBlank()) {
      return JSON;
    }
    for (String range : accept.split(",")) {
      String mediaType = range.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      switch (mediaType) {
        case "application/ld+json":
          return JSON_LD;
        case "application/json", "application/*", "*/*":
          return JSON;
        default:
          break;
      }
    }
    throw new NgsiProblem(406, "NotAcceptable", "Accept: '" + accept
        + "' names neither application/json nor application/ld+json");
  }

  /** The absolute URL of the context document on the server this request reached. */
  static String contextUrl(RoutingContext ctx) {
    String uri = ctx.request().absoluteURI();
    return uri == null ? CONTEXT_PATH : URI.create(uri).resolve(CONTEXT_PATH).toString();
  }

  /** Sends an empty list of entities. */
  void sendNone(RoutingContext ctx) {
    send(ctx, Buffer.buffer("[]"));
  }

  /** The {@code @context} member each entity of this representation carries, or null: a Link header carries it. */
  Buffer contextMember(RoutingContext ctx) {
    return this == JSON_LD ? ParkingEntities.contextMember(contextUrl(ctx)) : null;
  }

  /** Sends entities written as JSON, each with its {@link #contextMember} where this representation puts it. */
  void send(RoutingContext ctx, Buffer body) {
    if (this == JSON) {
      ctx.response().putHeader("Link",
          "<" + contextUrl(ctx) + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(body);
  }
}
