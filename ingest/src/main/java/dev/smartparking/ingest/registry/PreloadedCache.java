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
 * One kind of registry entry held in memory by id: all read at start-up ({@link #preload()}) and
 * again after every registry change ({@link #invalidate()}), so a lookup costs no query. An id not
 * in memory (registered a moment ago) is read on its own and kept.
 */
final class PreloadedCache<V> {

  private final Pool pool;
  private final String allQuery;
  private final String oneQuery;
  private final BiFunction<String, Row, V> fromRow;
  private final int maxEntries;
  private final Map<String, V> entries = new ConcurrentHashMap<>();
  /** Bumped on every invalidation, so a read that raced with a registry change is not kept. */
  private final AtomicLong generation = new AtomicLong();

  /**
   * {@code allQuery} reads every entry, its {@code id} column included, up to {@code $1} rows;
   * {@code oneQuery} reads the entry of id {@code $1}; {@code fromRow} makes an entry of an id and
   * a row of either.
   */
  PreloadedCache(Pool pool, String allQuery, String oneQuery, BiFunction<String, Row, V> fromRow, int maxEntries) {
    this.pool = pool;
    this.allQuery = allQuery;
    this.oneQuery = oneQuery;
    this.fromRow = fromRow;
    this.maxEntries = maxEntries;
  }

  /** The entry, or empty when the registry has none of that id. */
  Future<Optional<V>> get(String id) {
    V cached = entries.get(id);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    long readGeneration = generation.get();
    return pool.preparedQuery(oneQuery).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      V entry = fromRow.apply(id, rows.iterator().next());
      if (entries.size() >= maxEntries) {
        // A crude bound, enough against a flood of distinct ids; a full reload costs one query per entry.
        entries.clear();
      }
      if (generation.get() == readGeneration) {
        entries.put(id, entry);
      }
      return Optional.of(entry);
    });
  }

  /** Reads every entry (up to the bound); what a registry change made stale is replaced. */
  Future<Void> preload() {
    long readGeneration = generation.get();
    return pool.preparedQuery(allQuery).execute(Tuple.of(maxEntries)).map(rows -> {
      if (generation.get() == readGeneration) {
        for (Row row : rows) {
          String id = row.getString("id");
          entries.put(id, fromRow.apply(id, row));
        }
      }
      return null;
    });
  }

  /**
   * Forgets every entry at once, so nothing stale is judged by, then reads them all again (the
   * returned future); until that lands, an entry is read on its own when next asked for.
   */
  Future<Void> invalidate() {
    generation.incrementAndGet();
    entries.clear();
    return preload();
  }
}
