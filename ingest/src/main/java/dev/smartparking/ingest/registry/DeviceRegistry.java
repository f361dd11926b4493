package dev.smartparking.ingest.registry;

import dev.smartparking.catalog.CatalogueImport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Devices as ingest sees them, cached in memory: every device is read at start-up and again after
 * every {@link CatalogueImport#CHANGE_CHANNEL} notification ({@link #reload()}), so a city-wide
 * reconnect costs a hash per device and no query (read one by one at first CONNECT, a cold start
 * of 50,000 devices at 2,000 CONNECTs/s outran the registry pool), and an unknown id costs none
 * either. Each reload tells its revocation listeners which devices lost what they were granted
 * (secret changed, disabled, bindings changed, gone), so their live sessions are closed.
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

  private final PreloadedCache<Device> devices;
  private final List<Consumer<Set<String>>> revocationListeners = new CopyOnWriteArrayList<>();

  public DeviceRegistry(Pool pool, int maxEntries, RegistryQueries queries) {
    this.devices = new PreloadedCache<>(pool, ALL_DEVICES, DEVICE_BY_ID, DeviceRegistry::device, maxEntries, queries);
  }

  /** The device, or empty when no device has that id. */
  public Future<Optional<Device>> device(String id) {
    return devices.get(id);
  }

  /** {@code listener} gets the ids of the devices each reload revoked, when there are any. */
  public void onRevoked(Consumer<Set<String>> listener) {
    revocationListeners.add(listener);
  }

  /**
   * Whether a session authenticated as {@code device} may go on by what is in memory now, for a
   * session that started while a reload was being swapped in and so may have missed its revocation.
   */
  public boolean stillGrants(Device device) {
    Device now = devices.cached(device.id());
    return now == null ? !devices.complete() : device.grantsAsMuchAs(now);
  }

  /**
   * Reads every device again and swaps them in; devices whose secret, state or bindings changed
   * (or that are gone) are told to the revocation listeners.
   */
  public Future<Void> reload() {
    return devices.reload()
        .onSuccess(reload -> {
          Set<String> revoked = revoked(reload.before(), reload.after());
          if (!revoked.isEmpty()) {
            revocationListeners.forEach(listener -> listener.accept(revoked));
          }
        })
        .onFailure(e -> LOG.warn("Could not read the devices after a registry change; keeping those in memory: {}",
            e.getMessage()))
        .mapEmpty();
  }

  private static Set<String> revoked(Map<String, Device> before, Map<String, Device> after) {
    if (before == after) {
      return Set.of();
    }
    Set<String> revoked = new HashSet<>();
    before.forEach((id, was) -> {
      if (!was.grantsAsMuchAs(after.get(id))) {
        revoked.add(id);
      }
    });
    return revoked;
  }

  private static Device device(String id, Row row) {
    Buffer hash = row.getBuffer("secret_sha256");
    return new Device(id, row.getString("kind"), hash.getBytes(), row.getBoolean("enabled"),
        Set.copyOf(Arrays.asList(row.getArrayOfStrings("lots"))),
        Set.copyOf(Arrays.asList(row.getArrayOfStrings("covers"))));
  }
}
