package dev.smartparking.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smartparking.ingest.decode.LotStatusReport;
import dev.smartparking.ingest.decode.PassageReport;
import dev.smartparking.ingest.decode.TelemetryReport;
import dev.smartparking.ingest.decode.Verdict;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which parts the statement of a batch holds: those with rows, what they read, and the rowless parts
 * that move the state they store. What the statements do is tested over MQTT against PostgreSQL.
 */
class BatchStatementsTest {

  private static final BatchStatements INGEST = BatchStatements.INGEST;

  @Test
  void snapshotsAloneBringTheLotStateAndThePassagesItReads() {
    assertThat(partsFor("status")).containsExactly("status", "passage", "lot_state");
  }

  @Test
  void passagesAloneBringTheLotStateAndTheSnapshotsItReads() {
    assertThat(partsFor("passage")).containsExactly("status", "passage", "lot_state");
  }

  @Test
  void baysBringTheLotStateTheyReadAndWhatItReads() {
    assertThat(partsFor("bay")).containsExactly("status", "passage", "lot_state", "bay");
  }

  @Test
  void coverReadingsStandAlone() {
    assertThat(partsFor("cover")).containsExactly("cover");
  }

  @Test
  void rejectionsStandAlone() {
    assertThat(partsFor("rejected")).containsExactly("rejected");
  }

  @Test
  void aStatusOnlyStatementRunsNoCoverOrBaySql() {
    String sql = INGEST.bind(List.of(status(1))).sql();

    assertThat(sql).contains("INSERT INTO lot_status_events", "INSERT INTO lot_state")
        .doesNotContain("cover_telemetry_events", "lock_unresolved_cover_alarms", "bay_events", "rejected_messages");
  }

  @Test
  void aMixedBatchBindsEachIncludedPartsColumnsInStatementOrder() {
    List<Verdict> batch = List.of(
        new TelemetryReport("cs-1", 8, 1_000, "C-1", null, true, null, null, null, null, 1_001),
        status(7),
        new PassageReport("gw-2", 9, 1_000, "L-2", true, "north", null, 1_001));

    BatchStatements.Bound bound = INGEST.bind(batch);

    // status (8 columns), passage (8), lot_state (none), cover (11); no rejected, no bay
    assertThat(bound.parameters().size()).isEqualTo(27);
    assertThat(bound.parameters().getValue(0)).isEqualTo(new String[] {"gw-1"});
    assertThat(bound.parameters().getValue(8)).isEqualTo(new String[] {"gw-2"});
    assertThat(bound.parameters().getValue(16)).isEqualTo(new String[] {"cs-1"});
    assertThat(bound.sql()).contains("unnest($1::text[]", "unnest($9::text[]", "unnest($17::text[]");
  }

  @Test
  void sameKindsShareOneStatement() {
    assertThat(INGEST.bind(List.of(status(1))).sql()).isSameAs(INGEST.bind(List.of(status(2), status(3))).sql());
  }

  @Test
  void statementOfRejectionsOnlyStillAnswers() {
    BitSet rejected = new BitSet();
    rejected.set(INGEST.indexOf("rejected"));

    assertThat(INGEST.sql(rejected)).endsWith("WHERE false");
  }

  @Test
  void cteNamesAreFoundOutsideComments() {
    assertThat(BatchStatements.cteNames("""
        a_in AS (
          -- not_a_cte AS (
          SELECT 1 FROM unnest(:x) AS t (x)
        ), b_out AS (SELECT 2)"""))
        .containsExactly("a_in", "b_out");
  }

  @Test
  void twoPartsDefiningOneCteNameFail() {
    BatchPart<LotStatusReport> first = new BatchPart<>("first", BatchPart.each(LotStatusReport.class),
        List.of(BatchPart.int8("seq", LotStatusReport::seq)), "same AS (SELECT * FROM unnest(:seq))", null, null);
    BatchPart<LotStatusReport> second = new BatchPart<>("second", BatchPart.each(LotStatusReport.class),
        List.of(BatchPart.int8("seq", LotStatusReport::seq)), "same AS (SELECT * FROM unnest(:seq))", null, null);

    assertThatThrownBy(() -> new BatchStatements(List.of(first, second)))
        .hasMessage("second: a CTE named same is already defined");
  }

  private static LotStatusReport status(long seq) {
    return new LotStatusReport("gw-1", seq, 1_000, "L-1", 10, 3, null, 1_001);
  }

  private static List<String> partsFor(String part) {
    BitSet present = new BitSet();
    present.set(INGEST.indexOf(part));
    return INGEST.names(INGEST.included(present));
  }
}
