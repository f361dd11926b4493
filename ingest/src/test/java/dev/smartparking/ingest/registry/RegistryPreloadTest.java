package dev.smartparking.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.testkit.RowLock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.smartparking.db.PgClients;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The registries read whole at start-up answer from memory: with their pool closed, nothing else
 * could. Their cache also keeps an entry read on its own, but not a read that raced with a registry change.
 */
class RegistryPreloadTest {

  @RegisterExtension static final IngestFixture fixture = IngestFixture.standard();

  private static final String ALL_NAMES = "SELECT id, name FROM lots ORDER BY id LIMIT $1";
  private static final String NAME_BY_ID = "SELECT name FROM lots WHERE id = $1";
  /**
   * The same, waiting for advisory lock 1 after its snapshot is taken: a read that saw the registry
   * before a change and lands after it.
   */
  private static final String NAME_BY_ID_HELD = """
      WITH held AS (SELECT pg_advisory_xact_lock_shared(1))
      SELECT name FROM lots, held WHERE id = $1""";

  private Vertx vertx;
  private Pool pool;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    pool = PgClients.pool(vertx, fixture.config().database(), "test-registry", 2);
  }

  private static RegistryQueries queries() {
    return new IngestMetrics(new SimpleMeterRegistry()).registryQueries("test");
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void answersEveryLotFromMemoryOncePreloaded() {
    LotRegistry lots = new LotRegistry(pool, 1_000, queries());
    lots.reload().await();
    pool.close().await();

    Optional<RegisteredLot> l1 = lots.lot("L-1").await();
    Optional<RegisteredLot> l2 = lots.lot("L-2").await();

    assertThat(l1).hasValueSatisfying(lot -> assertThat(lot.countedByBays()).isFalse());
    assertThat(l2).map(RegisteredLot::id).hasValue("L-2");
  }

  @Test
  void answersEveryDeviceFromMemoryOncePreloaded() {
    DeviceRegistry devices = new DeviceRegistry(pool, 1_000, queries());
    devices.reload().await();
    pool.close().await();

    Optional<Device> gw1 = devices.device(IngestFixture.GW1).await();
    Optional<Device> gw2 = devices.device(IngestFixture.GW2).await();

    assertThat(gw1).hasValueSatisfying(device -> assertThat(device.lots()).containsExactly("L-1"));
    assertThat(gw2).map(Device::id).hasValue(IngestFixture.GW2);
  }

  @Test
  void keepsAnEntryReadOnItsOwn() {
    PreloadedCache<String> names = new PreloadedCache<>(pool, ALL_NAMES, NAME_BY_ID,
        (id, row) -> row.getString("name"), 10, queries());

    Optional<String> read = names.get("L-2").await();
    pool.close().await();

    assertThat(read).hasValue("lot L-2");
    assertThat(names.get("L-2").await()).hasValue("lot L-2");
    // Never read, and with the pool closed it cannot be.
    assertThatThrownBy(() -> names.get("L-1").await());
  }

  @Test
  void keepsWhatTheReloadAfterAChangeReadOverAReadThatRacedWithIt() throws Exception {
    fixture.db().execute("UPDATE lots SET name = 'before' WHERE id = 'L-1'");
    PreloadedCache<String> names = new PreloadedCache<>(pool, ALL_NAMES, NAME_BY_ID_HELD,
        (id, row) -> row.getString("name"), 10, queries());
    Future<Optional<String>> raced;
    // Not a row lock, but the same hold: the read waits on it until the change and its reload are done.
    try (RowLock lock = RowLock.take(fixture.db(), "SELECT pg_advisory_xact_lock(1)")) {
      raced = names.get("L-1");
      lock.awaitWaiters(1);
      fixture.db().execute("UPDATE lots SET name = 'after' WHERE id = 'L-1'");
      names.reload().await();
      lock.release();
    }

    assertThat(raced.await()).as("the raced read saw the registry before the change").hasValue("before");
    pool.close().await();
    assertThat(names.get("L-1").await()).hasValue("after");
  }
}
