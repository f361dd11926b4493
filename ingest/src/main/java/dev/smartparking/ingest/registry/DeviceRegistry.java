package dev.smartparking.ingest.registry;

import dev.smartparking.catalog.CatalogueImport;
import dev.smartparking.ingest.decode.Topic;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
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
  private final PreloadedCache<Device> devices;

  public DeviceRegistry(Pool pool, int maxEntries) {
    this.pool = pool;
    this.devices = new PreloadedCache<>(pool, ALL_DEVICES, DEVICE_BY_ID, DeviceRegistry::device, maxEntries);
  }

  /** The device, or empty when no device has that id. */
  public Future<Optional<Device>> device(String id) {
    return devices.get(id);
  }

  /** Whether the lot or cover a topic names is registered at all (asked only when a device is not bound to it). */
  public Future<Boolean> exists(Topic topic) {
    String sql = topic.kind().entity() == Topic.Entity.LOT ? LOT_EXISTS : COVER_EXISTS;
    return pool.preparedQuery(sql).execute(Tuple.of(topic.entityId())).map(rows -> rows.size() > 0);
  }

  /** Reads every device (up to the cache's bound); what a registry change made stale is replaced. */
  public Future<Void> preload() {
    return devices.preload();
  }

  /**
   * Forgets every device at once, so no stale secret or binding is judged by, then reads them all
   * again; until that lands, a device is read on its own at its next CONNECT.
   */
  public Future<Void> invalidate() {
    return devices.invalidate().onFailure(e -> LOG.warn(
        "Could not read the devices after a registry change; reading each on demand: {}", e.getMessage()));
  }

  private static Device device(String id, Row row) {
    Buffer hash = row.getBuffer("secret_sha256");
    return new Device(id, row.getString("kind"), hash.getBytes(), row.getBoolean("enabled"),
        Set.copyOf(Arrays.asList(row.getArrayOfStrings("lots"))),
        Set.copyOf(Arrays.asList(row.getArrayOfStrings("covers"))));
  }
}
