package dev.smartparking.ingest.registry;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lots as ingest sees them (counting mode, bays), all read into memory at start-up and again after
 * every registry change, so the first message about each lot costs no query: with tens of thousands
 * of lots, one query per lot's first message queued up behind the registry pool until lookups
 * timed out. An id not in memory after a whole read is not a lot, and is answered without a query.
 */
public final class LotRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(LotRegistry.class);

  static final String LOT_BY_ID = """
      SELECT l.counting, ARRAY(SELECT bay_id FROM bays WHERE lot_id = l.id) AS bays
      FROM lots l WHERE l.id = $1""";

  static final String ALL_LOTS = """
      SELECT l.id, l.counting, ARRAY(SELECT bay_id FROM bays WHERE lot_id = l.id) AS bays
      FROM lots l ORDER BY l.id LIMIT $1""";

  private final PreloadedCache<RegisteredLot> lots;

  public LotRegistry(Pool pool, int maxEntries, RegistryQueries queries) {
    this.lots = new PreloadedCache<>(pool, ALL_LOTS, LOT_BY_ID, LotRegistry::lot, maxEntries, queries);
  }

  public Future<Optional<RegisteredLot>> lot(String id) {
    return lots.get(id);
  }

  /** Reads every lot again and swaps them in; until that lands, lookups are answered from the previous read. */
  public Future<Void> reload() {
    return lots.reload()
        .onFailure(e -> LOG.warn("Could not read the lots after a registry change; keeping those in memory: {}",
            e.getMessage()))
        .mapEmpty();
  }

  private static RegisteredLot lot(String id, Row row) {
    return new RegisteredLot(id, row.getString("counting").equals("bays"),
        Set.copyOf(Arrays.asList(row.getArrayOfStrings("bays"))));
  }
}
