package dev.smartparking.ingest.registry;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * One kind of registry entry held in memory by id, all read at start-up and again after every
 * registry change ({@link #reload()}), so a lookup costs no query. Once a reload has read the whole
 * table, an id not in memory does not exist and is answered so without a query: a flood of
 * unknown ids costs nothing. While a reload is under way such an id waits for it instead, as it
 * may be what the change registered. Before the first whole read (or when the table outgrew the
 * bound) an id not in memory is read on its own and kept.
 */
final class PreloadedCache<V> {

  /** What one reload replaced: the entries before it and after it, for a caller that acts on what changed. */
  record Reload<V>(Map<String, V> before, Map<String, V> after) {}

  private final Pool pool;
  private final String allQuery;
  private final String oneQuery;
  private final BiFunction<String, Row, V> fromRow;
  private final int maxEntries;
  private final RegistryQueries queries;
  private volatile Map<String, V> entries = new ConcurrentHashMap<>();
  /** The last reload read every row: an id not in {@link #entries} is not registered. */
  private volatile boolean complete;
  /** Bumped when a reload starts, so a read on its own that raced with it is not kept. */
  private final AtomicLong generation = new AtomicLong();
  /** The reload under way, or null: an id not in memory meanwhile is answered by it. */
  private volatile Future<Reload<V>> reloading;
  /** The generation of the reload swapped in last; an older one landing later is dropped. Guarded by this. */
  private long swapped;

  /**
   * {@code allQuery} reads every entry, its {@code id} column included, up to {@code $1} rows;
   * {@code oneQuery} reads the entry of id {@code $1}; {@code fromRow} makes an entry of an id and
   * a row of either.
   */
  PreloadedCache(Pool pool, String allQuery, String oneQuery, BiFunction<String, Row, V> fromRow, int maxEntries,
      RegistryQueries queries) {
    this.pool = pool;
    this.allQuery = allQuery;
    this.oneQuery = oneQuery;
    this.fromRow = fromRow;
    this.maxEntries = maxEntries;
    this.queries = queries;
  }

  /** The entry, or empty when the registry has none of that id. */
  Future<Optional<V>> get(String id) {
    Map<String, V> current = entries;
    V cached = current.get(id);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    if (complete) {
      Future<Reload<V>> underWay = reloading;
      return underWay == null
          ? Future.succeededFuture(Optional.empty())
          : underWay.transform(done -> Future.succeededFuture(Optional.ofNullable(entries.get(id))));
    }
    long readGeneration = generation.get();
    queries.lookups().increment();
    return pool.preparedQuery(oneQuery).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      V entry = fromRow.apply(id, rows.iterator().next());
      // Past the bound an entry is read each time it is asked for rather than evicting others.
      if (generation.get() == readGeneration && current.size() < maxEntries) {
        current.put(id, entry);
      }
      return Optional.of(entry);
    });
  }

  /** The entry in memory now, without a query; null when there is none. */
  V cached(String id) {
    return entries.get(id);
  }

  /** Whether an id with no entry in memory is known not to exist. */
  boolean complete() {
    return complete;
  }

  /**
   * Reads every entry (up to the bound) into a fresh map and swaps it in whole: lookups meanwhile
   * are answered from the previous one, never by a query each.
   */
  Future<Reload<V>> reload() {
    long readGeneration = generation.incrementAndGet();
    Future<Reload<V>> reload = pool.preparedQuery(allQuery).execute(Tuple.of(maxEntries)).map(rows -> {
      Map<String, V> fresh = new ConcurrentHashMap<>(Math.max(16, rows.size() * 4 / 3 + 1));
      for (Row row : rows) {
        String id = row.getString("id");
        fresh.put(id, fromRow.apply(id, row));
      }
      synchronized (this) {
        Map<String, V> before = entries;
        if (readGeneration < swapped) {
          return new Reload<>(before, before);
        }
        swapped = readGeneration;
        entries = fresh;
        complete = rows.size() < maxEntries;
        return new Reload<>(before, fresh);
      }
    });
    reloading = reload;
    // Counted once under way, so a caller that saw the count rise finds the reload to wait for.
    queries.reloads().increment();
    return reload.andThen(done -> {
      synchronized (this) {
        if (reloading == reload) {
          reloading = null;
        }
      }
    });
  }
}
