package dev.smartparking.api.http;

import dev.smartparking.api.token.IssuedTokens;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.secret.SecretDigest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks {@code Authorization: Bearer} tokens: first against the configured token of each role
 * (SHA-256 digests compared in constant time; an unset token disables its role), then against the
 * tokens issued at run time ({@link IssuedTokens}). A request let through carries its
 * {@link Caller}: the role granted, the token's label and its scope. Configured tokens are
 * city-wide with fixed labels, {@code reader-token}, {@code operator-token} and
 * {@code admin-token} (what an alarm's {@code acknowledged_by} shows for them). Bad tokens are
 * limited per client address ({@link FailedAuthLimit}, 429 with {@code Retry-After}).
 */
public final class BearerAuth {

  private static final String PREFIX = "Bearer ";

  private final Map<Role, byte[]> tokenDigests = new EnumMap<>(Role.class);
  private final IssuedTokens issued;
  private final FailedAuthLimit limit = new FailedAuthLimit(System::nanoTime);
  private final Counter missing;
  private final Counter invalid;
  private final Counter limited;
  private final Handler<RoutingContext> requestCheck;

  /** {@code requestCheck} runs on every guarded route once the token passed (the contract's check). */
  public BearerAuth(ServerConfig.Http http, IssuedTokens issued, MeterRegistry meters,
      Handler<RoutingContext> requestCheck) {
    this.issued = issued;
    this.requestCheck = requestCheck;
    put(Role.READER, http.readerToken());
    put(Role.OPERATOR, http.operatorToken());
    put(Role.ADMIN, http.adminToken());
    missing = failures(meters, "missing");
    invalid = failures(meters, "invalid");
    limited = failures(meters, "rate_limited");
  }

  private static Counter failures(MeterRegistry meters, String reason) {
    return Counter.builder("smartparking.api.auth.failures")
        .description("requests refused for their bearer token: none, not valid, or from an address that sent too many bad ones")
        .tag("reason", reason)
        .register(meters);
  }

  private void put(Role role, String token) {
    if (token != null && !token.isEmpty()) {
      tokenDigests.put(role, SecretDigest.of(token));
    }
  }

  /**
   * Guards {@code route}: only tokens granting {@code required} pass, then the request check;
   * the route's {@link Reach} is recorded on it (a city-wide route refuses scoped tokens). A bad
   * token is a 401 before any parameter is looked at. Returns the route for its handlers.
   */
  public Route guard(Route route, Role required, Reach reach) {
    if (reach == Reach.OPEN) {
      throw new IllegalArgumentException("an open route takes no token: mark it with Reach.OPEN only");
    }
    return route.putMetadata(Reach.KEY, reach).handler(require(required, reach)).handler(requestCheck);
  }

  private Handler<RoutingContext> require(Role required, Reach reach) {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
        missing.increment();
        ErrorResponses.send(ctx, 401, "unauthorized", "an Authorization: Bearer <token> header is required");
        return;
      }
      String address = clientAddress(ctx);
      long retryAfter = limit.retryAfterSeconds(address);
      if (retryAfter > 0) {
        limited.increment();
        ctx.response().putHeader("Retry-After", Long.toString(retryAfter));
        ErrorResponses.send(ctx, 429, "rate_limited",
            "too many requests with bad tokens from this address; try again in " + retryAfter + " s");
        return;
      }
      Caller caller = callerOf(header.substring(PREFIX.length()).trim());
      if (caller == null) {
        limit.failed(address);
        invalid.increment();
        ErrorResponses.send(ctx, 401, "unauthorized", "the bearer token is not valid");
      } else if (!caller.role().includes(required)) {
        ErrorResponses.send(ctx, 403, "forbidden",
            "the " + name(caller.role()) + " role may not do this; " + name(required) + " is required");
      } else if (reach == Reach.CITY_WIDE && !caller.scope().cityWide()) {
        ErrorResponses.send(ctx, 403, "forbidden",
            "a token scoped to " + caller.scope() + " may not use this city-wide resource");
      } else {
        caller.putOn(ctx);
        ctx.next();
      }
    };
  }

  private static String clientAddress(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null ? "" : remote.hostAddress();
  }

  private Caller callerOf(String token) {
    byte[] digest = SecretDigest.of(token);
    Role granted = null;
    // Every role is checked, so timing does not tell which one matched.
    for (Map.Entry<Role, byte[]> entry : tokenDigests.entrySet()) {
      if (MessageDigest.isEqual(digest, entry.getValue()) && (granted == null || entry.getKey().includes(granted))) {
        granted = entry.getKey();
      }
    }
    return granted != null ? configuredCaller(granted) : issued.find(digest);
  }

  /** A configured token is city-wide and named after the role it holds: there is one per role. */
  static Caller configuredCaller(Role role) {
    return new Caller(role, name(role) + "-token", Scope.CITY);
  }

  private static String name(Role role) {
    return role.name().toLowerCase(Locale.ROOT);
  }
}
