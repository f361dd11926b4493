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

class LotRegistryTest {

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

    // With its pool closed, only what it holds in memory can answer.
    Optional<RegisteredLot> l1 = lots.lot("L-1").await();
    Optional<RegisteredLot> l2 = lots.lot("L-2").await();

    assertThat(l1).hasValueSatisfying(lot -> assertThat(lot.countedByBays()).isFalse());
    assertThat(l2).map(RegisteredLot::id).hasValue("L-2");
  }
}
