package dev.smartparking.ingest.store;

import static dev.smartparking.ingest.store.BatchPart.bool;
import static dev.smartparking.ingest.store.BatchPart.int8;
import static dev.smartparking.ingest.store.BatchPart.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smartparking.config.ServerConfig;
import dev.smartparking.db.PgClients;
import dev.smartparking.ingest.decode.LotStatusReport;
import dev.smartparking.ingest.decode.TelemetryReport;
import dev.smartparking.ingest.decode.Verdict;
import io.vertx.sqlclient.Tuple;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the parts become one statement; what the statement does is tested over MQTT against PostgreSQL. */
class BatchStatementTest {

  private static final BatchPart<LotStatusReport> FIRST = new BatchPart<>("first",
      BatchPart.each(LotStatusReport.class),
      List.of(text("device_id", LotStatusReport::deviceId), int8("seq", LotStatusReport::seq)),
      "first_in AS (INSERT INTO t (d, s) SELECT d, s FROM unnest(:device_id, :seq) AS x (d, s) ORDER BY d, s\n"
          + "  ON CONFLICT DO NOTHING\n  RETURNING d, s, 1.0::float8 AS f)",
      "SELECT d AS device_id, s AS seq FROM first_in",
      null);
  private static final BatchPart<TelemetryReport> SECOND = new BatchPart<>("second",
      BatchPart.each(TelemetryReport.class),
      List.of(bool("open", TelemetryReport::open)),
      "second_in AS (SELECT o FROM unnest(:open) AS y (o))",
      null,
      "SELECT 'alarm.raised' AS event, 'open' AS type FROM second_in");

  @Test
  void placeholdersBecomeParametersNumberedInPartOrder() {
    String sql = new BatchStatement(List.of(FIRST, SECOND)).deduplicating();

    assertThat(sql).contains("unnest($1::text[], $2::int8[]) AS x", "unnest($3::bool[]) AS y",
        "1.0::float8", "first_in AS (", ",\nsecond_in AS (");
    assertThat(sql).contains("SELECT device_id, seq, NULL::text AS alarm_event, NULL::text AS alarm_type FROM ("
        + "SELECT d AS device_id, s AS seq FROM first_in)");
    assertThat(sql).contains("UNION ALL SELECT NULL::text, NULL::int8, event, type FROM (");
  }

  @Test
  void deduplicatingFormDropsStoredEventsAndAnswersThoseStored() {
    String sql = new BatchStatement(List.of(FIRST, SECOND)).deduplicating();

    assertThat(sql).contains("ORDER BY d, s\n  ON CONFLICT DO NOTHING\n  RETURNING", "FROM first_in) AS first_stored");
  }

  @Test
  void optimisticFormStoresEveryEventAndAnswersOnlyAlarmEvents() {
    String sql = new BatchStatement(List.of(FIRST, SECOND)).sql();

    assertThat(sql).doesNotContain("ON CONFLICT DO NOTHING", "first_stored")
        .contains("ORDER BY d, s\n  \n  RETURNING", "AS second_alarm_events");
  }

  @Test
  void optimisticFormOfAPartAnsweringNothingStillAnswers() {
    String sql = new BatchStatement(List.of(FIRST)).sql();

    assertThat(sql).endsWith("NULL::text AS alarm_type WHERE false");
  }

  @Test
  void partStoringMessagesWithoutDeduplicationFails() {
    BatchPart<LotStatusReport> careless = new BatchPart<>("careless", BatchPart.each(LotStatusReport.class),
        List.of(int8("seq", LotStatusReport::seq)),
        "careless_in AS (INSERT INTO t (s) SELECT * FROM unnest(:seq) RETURNING 'gw' AS device_id, s AS seq)",
        "SELECT device_id, seq FROM careless_in", null);

    assertThatThrownBy(() -> new BatchStatement(List.of(careless)))
        .hasMessage("careless: stores messages, so needs one ON CONFLICT DO NOTHING");
  }

  @Test
  void parametersAreEachPartsColumnsAsTypedArrays() {
    List<Verdict> batch = List.of(new LotStatusReport("gw-1", 7, 1_000, "L-1", 10, 3, null, 1_001),
        new TelemetryReport("cs-1", 8, 1_000, "C-1", null, true, null, null, null, null, 1_001),
        new LotStatusReport("gw-2", 9, 1_000, "L-2", 10, 3, null, 1_001));

    Tuple parameters = new BatchStatements(List.of(FIRST, SECOND)).bind(batch).parameters();

    assertThat(parameters.size()).isEqualTo(3);
    assertThat(parameters.getValue(0)).isEqualTo(new String[] {"gw-1", "gw-2"});
    assertThat(parameters.getValue(1)).isEqualTo(new Long[] {7L, 9L});
    assertThat(parameters.getValue(2)).isEqualTo(new Boolean[] {true});
  }

  @Test
  void placeholderThatNamesNoColumnFails() {
    BatchPart<LotStatusReport> typo = new BatchPart<>("typo", BatchPart.each(LotStatusReport.class),
        List.of(text("device_id", LotStatusReport::deviceId)),
        "t AS (SELECT * FROM unnest(:device_id, :sequence))", null, null);

    assertThatThrownBy(() -> new BatchStatement(List.of(typo)))
        .hasMessage("typo: :sequence names no column of the part");
  }

  @Test
  void columnNoPlaceholderUsesFails() {
    BatchPart<LotStatusReport> unused = new BatchPart<>("unused", BatchPart.each(LotStatusReport.class),
        List.of(text("device_id", LotStatusReport::deviceId), int8("seq", LotStatusReport::seq)),
        "t AS (SELECT * FROM unnest(:device_id))", null, null);

    assertThatThrownBy(() -> new BatchStatement(List.of(unused)))
        .hasMessage("unused: columns no placeholder uses: [seq]");
  }

  @Test
  void ingestStatementStaysWithinThePreparedStatementCache() {
    ServerConfig.Database database = new ServerConfig.Database("127.0.0.1", 5432, "db", "user", "", 1);

    // refused, and every batch would be parsed and planned again (PgClients)
    assertThat(PgClients.connectOptions(database).getPreparedStatementCacheSqlFilter())
        .accepts(allParts());
  }

  private static String allParts() {
    BitSet all = new BitSet();
    all.set(0, 6);
    return BatchStatements.INGEST.sql(all);
  }
}
