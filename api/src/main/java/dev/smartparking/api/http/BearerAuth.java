package dev.smartparking.api.http;

import dev.smartparking.config.ServerConfig;
import dev.smartparking.secret.SecretDigest;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.Map;

/**
 * Checks {@code Authorization: Bearer} tokens against the configured token of each role.
 * Tokens are compared as SHA-256 digests in constant time; an unset token disables its role.
 * A request let through carries its {@link Caller}: the role granted and the token's label.
 * Configured tokens have fixed labels, {@code reader-token}, {@code operator-token} and
 * {@code admin-token} (what an alarm's {@code acknowledged_by} shows for them).
 */
public final class BearerAuth {

  private static final String PREFIX = "Bearer ";

  private final Map<Role, byte[]> tokenDigests = new EnumMap<>(Role.class);

  public BearerAuth(ServerConfig.Http http) {
    put(Role.READER, http.readerToken());
    put(Role.OPERATOR, http.operatorToken());
    put(Role.ADMIN, http.adminToken());
  }

  private void put(Role role, String token) {
    if (token != null && !token.isEmpty()) {
      tokenDigests.put(role, SecretDigest.of(token));
    }
  }

  /** A route handler letting through only requests whose token grants {@code required}. */
  public Handler<RoutingContext> require(Role required) {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
        ErrorResponses.send(ctx, 401, "unauthorized", "an Authorization: Bearer <token> header is required");
        return;
      }
      Role granted = roleOf(header.substring(PREFIX.length()).trim());
      if (granted == null) {
        ErrorResponses.send(ctx, 401, "unauthorized", "the bearer token is not valid");
      } else if (!granted.includes(required)) {
        ErrorResponses.send(ctx, 403, "forbidden",
            "the " + name(granted) + " role may not do this; " + name(required) + " is required");
      } else {
        configuredCaller(granted).putOn(ctx);
        ctx.next();
      }
    };
  }

  private Role roleOf(String token) {
    byte[] digest = SecretDigest.of(token);
    Role granted = null;
    // Every role is checked, so timing does not tell which one matched.
    for (Map.Entry<Role, byte[]> entry : tokenDigests.entrySet()) {
      if (MessageDigest.isEqual(digest, entry.getValue()) && (granted == null || entry.getKey().includes(granted))) {
        granted = entry.getKey();
      }
    }
    return granted;
  }

  /** A configured token is named after the role it holds: there is one per role. */
  static Caller configuredCaller(Role role) {
    return new Caller(role, name(role) + "-token");
  }

  private static String name(Role role) {
    return role.name().toLowerCase(java.util.Locale.ROOT);
  }
}
