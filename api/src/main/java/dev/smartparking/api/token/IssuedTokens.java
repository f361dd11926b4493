package dev.smartparking.api.token;

import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.Role;
import dev.smartparking.api.http.Scope;
import dev.smartparking.db.ChannelListener;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens issued at run time (api_tokens, V16), held in memory by every API process and read
 * again whenever the table changes (a NOTIFY on {@link #CHANNEL}) or the listening connection
 * comes back. Each read builds a fresh map and swaps it in whole, so a lookup never meets a
 * half-loaded or emptied table. Until the first read succeeds no issued token is known (401),
 * which fails closed.
 */
public final class IssuedTokens extends VerticleBase {

  public static final String CHANNEL = "api_tokens";
  static final String ALL = "SELECT digest, role, label, unit_id, district_code FROM api_tokens";
  private static final Logger LOG = LoggerFactory.getLogger(IssuedTokens.class);
  private static final HexFormat HEX = HexFormat.of();

  private final Pool pool;
  private final PgConnectOptions listenOn;
  /** Reads are numbered as they start: an older read finishing late never replaces a newer one. */
  private final AtomicLong reads = new AtomicLong();
  private long applied;
  private volatile Map<String, Caller> byDigest = Map.of();
  private ChannelListener listener;

  public IssuedTokens(Pool pool, PgConnectOptions listenOn) {
    this.pool = pool;
    this.listenOn = listenOn;
  }

  @Override
  public Future<?> start() {
    listener = new ChannelListener(vertx, listenOn, "API token changes")
        .on(CHANNEL, () -> reload().onFailure(e -> LOG.warn("Cannot read API tokens: {}", e.toString())),
            payload -> reload().onFailure(e -> LOG.warn("Cannot read API tokens: {}", e.toString())));
    listener.listen();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return listener.close();
  }

  /**
   * The caller of the token whose SHA-256 is {@code digest}, or null. A map lookup, not a
   * constant-time comparison: the digest of a 256-bit random token cannot be steered byte by byte,
   * so timing tells nothing about a stored one.
   */
  public Caller find(byte[] digest) {
    return byDigest.get(HEX.formatHex(digest));
  }

  /** How many tokens are in force here. */
  public int size() {
    return byDigest.size();
  }

  /** Reads the table again and swaps the result in; issuing and revoking wait for it before answering. */
  public Future<Void> reload() {
    long read = reads.incrementAndGet();
    return pool.query(ALL).execute().map(rows -> {
      Map<String, Caller> fresh = new HashMap<>();
      for (Row row : rows) {
        fresh.put(HEX.formatHex(row.getBuffer("digest").getBytes()), caller(row));
      }
      swap(read, fresh);
      return null;
    });
  }

  private synchronized void swap(long read, Map<String, Caller> fresh) {
    if (read > applied) {
      applied = read;
      byDigest = Map.copyOf(fresh);
    }
  }

  private static Caller caller(Row row) {
    return new Caller(Role.valueOf(row.getString("role").toUpperCase(Locale.ROOT)), row.getString("label"),
        new Scope(row.getString("unit_id"), row.getString("district_code")));
  }
}
