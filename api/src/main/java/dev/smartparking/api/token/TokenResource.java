package dev.smartparking.api.token;

import dev.smartparking.api.contract.ContractBody;
import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.PrefixedId;
import dev.smartparking.secret.SecretDigest;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * {@code POST /api/v1/admin/tokens} issues a token (201, the token shown this once, only its
 * SHA-256 stored), {@code GET} lists those in force (never a token), {@code DELETE .../{id}}
 * revokes one (204). Issuing and revoking answer only once this process has read the table
 * again, so the change holds here from the answer on; other processes follow on the NOTIFY.
 */
public final class TokenResource {

  /** Checks the unit or district exists in the same statement: none inserted means it does not. */
  static final String ISSUE = """
      INSERT INTO api_tokens (digest, role, label, unit_id, district_code)
      SELECT $1, $2, $3, $4, $5
      WHERE ($4::text IS NULL OR EXISTS (SELECT 1 FROM units WHERE id = $4))
        AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM districts WHERE code = $5))
      RETURNING prefixed_id('T', id) AS id""";
  static final String LIST = """
      SELECT prefixed_id('T', id) AS id, role, label, unit_id, district_code, rfc3339(issued_at) AS issued_at
      FROM api_tokens
      ORDER BY id""";
  static final String REVOKE = "DELETE FROM api_tokens WHERE id = $1";
  static final int MAX_BODY_BYTES = 4096;
  /** 256 random bits. */
  private static final int TOKEN_BYTES = 32;

  private final Pool pool;
  private final IssuedTokens tokens;
  private final TokenMetrics metrics;
  private final SecureRandom random = new SecureRandom();

  public TokenResource(Pool pool, IssuedTokens tokens, MeterRegistry meters) {
    this.pool = pool;
    this.tokens = tokens;
    this.metrics = new TokenMetrics(meters, tokens);
  }

  public void issue(RoutingContext ctx) {
    ContractBody.readObject(ctx, MAX_BODY_BYTES, "the body is larger than " + MAX_BODY_BYTES + " bytes",
            "bad_parameter")
        .map(TokenRequest::of)
        .compose(request -> {
          String token = newToken();
          return pool.preparedQuery(ISSUE)
              .execute(Tuple.of(Buffer.buffer(SecretDigest.of(token)), request.role().name().toLowerCase(Locale.ROOT),
                  request.label(), request.scope().unit(), request.scope().district()))
              .map(rows -> {
                if (rows.size() == 0) {
                  throw request.scope().unit() != null
                      ? ApiException.badParameter("unit: no unit '" + request.scope().unit() + "'")
                      : ApiException.badParameter("district: no district '" + request.scope().district() + "'");
                }
                return view(rows.iterator().next().getString("id"), request).put("token", token);
              });
        })
        .compose(body -> tokens.reload().map(body))
        .onSuccess(body -> {
          metrics.issued();
          ctx.response().setStatusCode(201);
          JsonResponses.ok(ctx, body);
        })
        .onFailure(ctx::fail);
  }

  public void list(RoutingContext ctx) {
    pool.query(LIST).execute()
        .map(rows -> {
          JsonArray list = new JsonArray();
          for (Row row : rows) {
            JsonObject token = new JsonObject().put("id", row.getString("id")).put("role", row.getString("role"))
                .put("label", row.getString("label"));
            putScope(token, row.getString("unit_id"), row.getString("district_code"));
            list.add(token.put("issued_at", row.getString("issued_at")));
          }
          return new JsonObject().put("tokens", list);
        })
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  public void revoke(RoutingContext ctx) {
    String tokenId = ctx.pathParam("tokenId");
    long id = PrefixedId.TOKEN.pathParameter(tokenId);
    pool.preparedQuery(REVOKE).execute(Tuple.of(id))
        .map(rows -> {
          if (rows.rowCount() == 0) {
            throw ApiException.notFound("no token '" + tokenId + "' in force");
          }
          return null;
        })
        .compose(v -> tokens.reload())
        .onSuccess(v -> {
          metrics.revoked();
          ctx.response().setStatusCode(204).end();
        })
        .onFailure(ctx::fail);
  }

  private String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static JsonObject view(String id, TokenRequest request) {
    JsonObject token = new JsonObject().put("id", id).put("role", request.role().name().toLowerCase(Locale.ROOT))
        .put("label", request.label());
    putScope(token, request.scope().unit(), request.scope().district());
    return token;
  }

  /** Only the scope a token has: {@code unit} or {@code district}, neither for a city-wide one. */
  private static void putScope(JsonObject token, String unit, String district) {
    if (unit != null) {
      token.put("unit", unit);
    }
    if (district != null) {
      token.put("district", district);
    }
  }
}
