package dev.smartparking.ingest.registry;

import dev.smartparking.catalog.CatalogueImport;
import dev.smartparking.ingest.decode.Topic;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
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
 * Devices and entities as ingest sees them, cached in memory: every device is read at start-up and
 * again after every {@link CatalogueImport#CHANGE_CHANNEL} notification ({@link #invalidate()}),
 * so a city-wide reconnect costs a hash per device and no query (read one by one at first CONNECT,
 * a cold start of 50,000 devices at 2,000 CONNECTs/s outran the registry pool). A device not in
 * memory (registered a moment ago) is read on its own and cached.
 */
public final class DeviceRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

  static final String DEVICE_BY_ID = """
      SELECT d.kind, d.secret_sha256, d.enabled,
             ARRAY(SELECT lot_id FROM device_lots WHERE device_id = d.id) AS lots,
             ARRAY(SELECT cover_id FROM device_covers WHERE device_id = d.id) AS covers
      FROM devices d WHERE d.id = $1""";
  static final String ALL_DEVICES = """
      SELECT d.id, d.kind, d.secret_sha256, d.enabled,
             ARRAY(SELECT lot_id FROM device_lots WHERE device_id = d.id) AS lots,
             ARRAY(SELECT cover_id FROM device_covers WHERE device_id = d.id) AS covers
      FROM devices d ORDER BY d.id LIMIT $1""";
  static final String LOT_EXISTS = "SELECT 1 FROM lots WHERE id = $1";
  static final String COVER_EXISTS = "SELECT 1 FROM covers WHERE id = $1";

  private final Pool pool;
  private final int maxEntries;
  private final Map<String, Device> devices = new ConcurrentHashMap<>();
  /** Bumped on every invalidation, so a read that raced with a registry change is not cached. */
  private final AtomicLong generation = new AtomicLong();

  public DeviceRegistry(Pool pool, int maxEntries) {
    this.pool = pool;
    this.maxEntries = maxEntries;
  }

  /** The device, or empty when no device has that id. */
  public Future<Optional<Device>> device(String id) {
    Device cached = devices.get(id);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    long readGeneration = generation.get();
    return pool.preparedQuery(DEVICE_BY_ID).execute(Tuple.of(id)).map(rows -> load(id, rows, readGeneration));
  }

  private Optional<Device> load(String id, RowSet<Row> rows, long readGeneration) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Device device = device(id, rows.iterator().next());
    if (devices.size() >= maxEntries) {
      // A crude bound, enough against a flood of distinct ids; a full reload costs one query per device.
      devices.clear();
    }
    if (generation.get() == readGeneration) {
      devices.put(id, device);
    }
    return Optional.of(device);
  }

  /** Whether the lot or cover a topic names is registered at all (asked only when a device is not bound to it). */
  public Future<Boolean> exists(Topic topic) {
    String sql = topic.kind().entity() == Topic.Entity.LOT ? LOT_EXISTS : COVER_EXISTS;
    return pool.preparedQuery(sql).execute(Tuple.of(topic.entityId())).map(rows -> rows.size() > 0);
  }

  /** Reads every device (up to the cache's bound); what a registry change made stale is replaced. */
  public Future<Void> preload() {
    long readGeneration = generation.get();
    return pool.preparedQuery(ALL_DEVICES).execute(Tuple.of(maxEntries)).map(rows -> {
      if (generation.get() == readGeneration) {
        for (Row row : rows) {
          String id = row.getString("id");
          devices.put(id, device(id, row));
        }
      }
      return null;
    });
  }

  /**
   * Forgets every device at once, so no stale secret or binding is judged by, then reads them all
   * again; until that lands, a device is read on its own at its next CONNECT.
   */
  public void invalidate() {
    generation.incrementAndGet();
    devices.clear();
    preload().onFailure(e -> LOG.warn("Could not read the devices after a registry change; reading each on demand: {}",
        e.getMessage()));
  }

  private static Device device(String id, Row row) {
    Buffer hash = row.getBuffer("secret_sha256");
    return new Device(id, row.getString("kind"), hash.getBytes(), row.getBoolean("enabled"),
        Set.copyOf(Arrays.asList(row.getArrayOfStrings("lots"))),
        Set.copyOf(Arrays.asList(row.getArrayOfStrings("covers"))));
  }
}
