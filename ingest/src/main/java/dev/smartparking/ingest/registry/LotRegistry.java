package dev.smartparking.ingest.registry;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Lots as ingest sees them (counting mode, bays), read once and cached until the registry changes. */
public final class LotRegistry {

  static final String LOT_BY_ID = """
      SELECT l.counting, ARRAY(SELECT bay_id FROM bays WHERE lot_id = l.id) AS bays
      FROM lots l WHERE l.id = $1""";

  private final Pool pool;
  private final int maxEntries;
  private final Map<String, RegisteredLot> lots = new ConcurrentHashMap<>();
  /** Bumped on every invalidation, so a read that raced with a registry change is not cached. */
  private final AtomicLong generation = new AtomicLong();

  public LotRegistry(Pool pool, int maxEntries) {
    this.pool = pool;
    this.maxEntries = maxEntries;
  }

  public Future<Optional<RegisteredLot>> lot(String id) {
    RegisteredLot cached = lots.get(id);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    long readGeneration = generation.get();
    return pool.preparedQuery(LOT_BY_ID).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      RegisteredLot lot = new RegisteredLot(id, row.getString("counting").equals("bays"),
          Set.copyOf(Arrays.asList(row.getArrayOfStrings("bays"))));
      if (lots.size() >= maxEntries) {
        lots.clear();
      }
      if (generation.get() == readGeneration) {
        lots.put(id, lot);
      }
      return Optional.of(lot);
    });
  }

  public void invalidate() {
    generation.incrementAndGet();
    lots.clear();
  }
}
