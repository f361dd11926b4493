package dev.smartparking.api.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Who made a request, as its bearer token says: the role it grants and its label, the name that
 * goes into an alarm's {@code acknowledged_by}/{@code resolved_by} and an event's {@code by}
 * (API.md, Access). {@link BearerAuth} puts it on every request it lets through; a token issued at
 * run time brings its own label, a configured one is named after its role ({@code operator-token}).
 */
public record Caller(Role role, String label) {

  private static final String KEY = Caller.class.getName();

  /** The caller {@link BearerAuth#require} let through; a route without it is a programming error. */
  public static Caller of(RoutingContext ctx) {
    Caller caller = ctx.get(KEY);
    if (caller == null) {
      throw new IllegalStateException("no caller on " + ctx.request().path() + ": the route lacks BearerAuth.require");
    }
    return caller;
  }

  void putOn(RoutingContext ctx) {
    ctx.put(KEY, this);
  }
}
