package dev.smartparking.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.db.PgClients;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registries read whole at start-up answer from memory: with their pool closed, nothing else could. */
class RegistryPreloadTest {

  @RegisterExtension static final IngestFixture fixture = IngestFixture.standard();

  private Vertx vertx;
  private Pool pool;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    pool = PgClients.pool(vertx, fixture.config().database(), "test-registry", 1);
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void answersEveryLotFromMemoryOncePreloaded() {
    LotRegistry lots = new LotRegistry(pool, 1_000);
    lots.preload().await();
    pool.close().await();

    Optional<RegisteredLot> l1 = lots.lot("L-1").await();
    Optional<RegisteredLot> l2 = lots.lot("L-2").await();

    assertThat(l1).hasValueSatisfying(lot -> assertThat(lot.countedByBays()).isFalse());
    assertThat(l2).map(RegisteredLot::id).hasValue("L-2");
  }

  @Test
  void answersEveryDeviceFromMemoryOncePreloaded() {
    DeviceRegistry devices = new DeviceRegistry(pool, 1_000);
    devices.preload().await();
    pool.close().await();

    Optional<Device> gw1 = devices.device(IngestFixture.GW1).await();
    Optional<Device> gw2 = devices.device(IngestFixture.GW2).await();

    assertThat(gw1).hasValueSatisfying(device -> assertThat(device.lots()).containsExactly("L-1"));
    assertThat(gw2).map(Device::id).hasValue(IngestFixture.GW2);
  }
}
