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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lots as ingest sees them (counting mode, bays), all read into memory at start-up and again after
 * every registry change, so the first message about each lot costs no query: with tens of thousands
 * of lots, one query per lot's first message queued up behind the registry pool until lookups
 * timed out. A lot not in memory (registered a moment ago) is read on its own and cached.
 */
public final class LotRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(LotRegistry.class);

  static final String LOT_BY_ID = """
      SELECT l.counting, ARRAY(SELECT bay_id FROM bays WHERE lot_id = l.id) AS bays
      FROM lots l WHERE l.id = $1""";

  static final String ALL_LOTS = """
      SELECT l.id, l.counting, ARRAY(SELECT bay_id FROM bays WHERE lot_id = l.id) AS bays
      FROM lots l ORDER BY l.id LIMIT $1""";

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
      RegisteredLot lot = lot(id, rows.iterator().next());
      if (lots.size() >= maxEntries) {
        lots.clear();
      }
      if (generation.get() == readGeneration) {
        lots.put(id, lot);
      }
      return Optional.of(lot);
    });
  }

  /** Reads every lot (up to the cache's bound); what a registry change made stale is replaced. */
  public Future<Void> preload() {
    long readGeneration = generation.get();
    return pool.preparedQuery(ALL_LOTS).execute(Tuple.of(maxEntries)).map(rows -> {
      if (generation.get() == readGeneration) {
        for (Row row : rows) {
          String id = row.getString("id");
          lots.put(id, lot(id, row));
        }
      }
      return null;
    });
  }

  /**
   * Forgets every lot at once, so nothing stale is judged by, then reads them all again; until that
   * lands, a lot is read on its own at its next message.
   */
  public void invalidate() {
    generation.incrementAndGet();
    lots.clear();
    preload().onFailure(e -> LOG.warn("Could not read the lots after a registry change; reading each on demand: {}",
        e.getMessage()));
  }

  private static RegisteredLot lot(String id, Row row) {
    return new RegisteredLot(id, row.getString("counting").equals("bays"),
        Set.copyOf(Arrays.asList(row.getArrayOfStrings("bays"))));
  }
}
