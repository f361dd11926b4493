package dev.smartparking.ingest.registry;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.Optional;

/**
 * The ids of registered covers, all in memory, so telling a forbidden cover from an unknown one
 * costs no query: a device publishing about covers it is not bound to must not cost one query per
 * message.
 */
public final class CoverRegistry {

  static final String ALL_COVERS = "SELECT id FROM covers ORDER BY id LIMIT $1";
  static final String COVER_BY_ID = "SELECT id FROM covers WHERE id = $1";

  private final PreloadedCache<String> covers;

  public CoverRegistry(Pool pool, int maxEntries, RegistryQueries queries) {
    this.covers = new PreloadedCache<>(pool, ALL_COVERS, COVER_BY_ID, (id, row) -> id, maxEntries, queries);
  }

  public Future<Boolean> exists(String id) {
    return covers.get(id).map(Optional::isPresent);
  }

  /** Reads every cover id again and swaps them in. */
  public Future<Void> reload() {
    return covers.reload().mapEmpty();
  }
}
