package dev.smartparking.api.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Who made a request, as its bearer token says: the role it grants, its label, the name that
 * goes into an alarm's {@code acknowledged_by}/{@code resolved_by} and an event's {@code by}
 * (API.md, Access), and the {@link Scope} of what it may see. {@link BearerAuth} puts it on every
 * request it lets through; a token issued at run time brings its own label and scope, a
 * configured one is city-wide and named after its role ({@code operator-token}).
 */
public record Caller(Role role, String label, Scope scope) {

  private static final String KEY = Caller.class.getName();

  /** The caller {@link BearerAuth#guard} let through; a route without it is a programming error. */
  public static Caller of(RoutingContext ctx) {
    Caller caller = ctx.get(KEY);
    if (caller == null) {
      throw new IllegalStateException("no caller on " + ctx.request().path() + ": the route lacks BearerAuth.guard");
    }
    return caller;
  }

  /** The scope of the request's caller. */
  public static Scope scopeOf(RoutingContext ctx) {
    return of(ctx).scope();
  }

  void putOn(RoutingContext ctx) {
    ctx.put(KEY, this);
  }
}
