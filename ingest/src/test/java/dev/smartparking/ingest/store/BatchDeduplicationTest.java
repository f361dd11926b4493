package dev.smartparking.ingest.store;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.db.PgClients;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.ingest.Outcome;
import dev.smartparking.ingest.decode.LotStatusReport;
import dev.smartparking.ingest.decode.PassageReport;
import dev.smartparking.ingest.decode.Verdict;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The writer's optimistic statement stores every event or none; a batch holding an event already
 * stored, or two copies of one, is written again by the deduplicating statement, so each event is
 * stored once, the copies are told apart as duplicates, and state moves once per stored event.
 * Each list given to {@link #writeOneBatch} is one batch: written in one event-loop turn.
 */
class BatchDeduplicationTest {

  @RegisterExtension static final IngestFixture fixture = IngestFixture.standard();

  private SimpleMeterRegistry meters;
  private Pool pool;
  private Context context;
  private BatchWriter writer;

  @BeforeEach
  void writer() {
    meters = new SimpleMeterRegistry();
    pool = PgClients.pool(fixture.vertx(), fixture.config().database(), "test-writer", 1);
    context = fixture.vertx().getOrCreateContext();
    writer = new BatchWriter(pool, context, 1_000, 1, new IngestMetrics(meters));
  }

  @AfterEach
  void close() {
    pool.close().await();
  }

  @Test
  void twoCopiesInOneBatchAreStoredOnceTheFirstAccepted() {
    long ts = System.currentTimeMillis();
    LotStatusReport copy = new LotStatusReport(GW1, 100, ts, "L-1", 420, 33, null, ts);

    assertThat(writeOneBatch(List.of(copy, copy))).containsExactly(Outcome.ACCEPTED, Outcome.DUPLICATE);
    assertThat(fixture.db().count("SELECT count(*) FROM lot_status_events WHERE device_id = ? AND seq = 100", GW1))
        .isEqualTo(1);
    assertThat(fixture.db().count("SELECT free FROM lot_state WHERE lot_id = 'L-1'")).isEqualTo(33);
  }

  @Test
  void aBatchWithAStoredEventStoresTheOthersAndMovesStateOncePerStoredEvent() {
    long t0 = System.currentTimeMillis();
    PassageReport stored = passage(201, t0 + 1);
    writeOneBatch(List.of(new LotStatusReport(GW2, 200, t0, "L-2", 100, 50, null, t0), stored));
    double before = deduplicated();

    List<Outcome> outcomes = writeOneBatch(List.of(stored, passage(202, t0 + 2)));

    assertThat(outcomes).containsExactly(Outcome.DUPLICATE, Outcome.ACCEPTED);
    assertThat(deduplicated()).isEqualTo(before + 1);
    assertThat(fixture.db().count("SELECT count(*) FROM lot_passage_events WHERE device_id = ?", GW2)).isEqualTo(2);
    // 50 free, two entries stored: the first batch's and the new one, not the copy
    assertThat(fixture.db().count("SELECT free FROM lot_state WHERE lot_id = 'L-2'")).isEqualTo(48);
  }

  @Test
  void aBatchOfNewEventsIsWrittenOptimistically() {
    long ts = System.currentTimeMillis();
    double before = deduplicated();

    List<Outcome> outcomes = writeOneBatch(List.of(new LotStatusReport(GW1, 300, ts, "L-1", 420, 7, null, ts),
        new LotStatusReport(GW1, 301, ts + 1, "L-1", 420, 8, null, ts)));

    assertThat(outcomes).containsExactly(Outcome.ACCEPTED, Outcome.ACCEPTED);
    assertThat(deduplicated()).isEqualTo(before);
    assertThat(fixture.db().count("SELECT free FROM lot_state WHERE lot_id = 'L-1'")).isEqualTo(8);
  }

  private static PassageReport passage(long seq, long ts) {
    return new PassageReport(GW2, seq, ts, "L-2", true, "north", null, ts);
  }

  private double deduplicated() {
    return meters.get("smartparking.ingest.batch.deduplicated").counter().count();
  }

  /** The verdicts, written in one event-loop turn so they form one batch, and their outcomes once committed. */
  private List<Outcome> writeOneBatch(List<Verdict> verdicts) {
    Promise<List<Outcome>> outcomes = Promise.promise();
    context.runOnContext(v -> {
      List<Future<Outcome>> written = new ArrayList<>();
      verdicts.forEach(verdict -> written.add(writer.write(verdict)));
      Future.all(written).map(all -> written.stream().map(Future::result).toList()).onComplete(outcomes);
    });
    return outcomes.future().await();
  }
}
