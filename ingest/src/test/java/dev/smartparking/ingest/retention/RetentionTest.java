package dev.smartparking.ingest.retention;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static dev.smartparking.ingest.IngestFixture.GW2;
import static dev.smartparking.ingest.IngestFixture.GW2_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import dev.smartparking.partition.PartitionedTable;
import dev.smartparking.partition.TimePartitions;
import dev.smartparking.testkit.RowLock;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retention in the ingest process (docs/storage.md, Retention) on a real PostgreSQL, passes every
 * second, while a device publishes over MQTT: old partitions go, ingest never waits for them, a
 * long query on an old partition holds only the drop back, and one process works at a time.
 */
class RetentionTest {

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard().with("retention.interval", "PT1S");

  /** PROTOCOL.md's PUBACK is sent after the commit; retention must not add a wait a device would notice. */
  private static final Duration LONGEST_PUBACK = Duration.ofSeconds(1);
  private static final Duration EVENTS_WINDOW = Duration.ofDays(90);
  private static final List<PartitionedTable> EVENT_TABLES = List.of(PartitionedTable.LOT_STATUS_EVENTS,
      PartitionedTable.LOT_PASSAGE_EVENTS, PartitionedTable.BAY_EVENTS, PartitionedTable.COVER_TELEMETRY_EVENTS);
  /** Rows the test writes straight into a partition, as ingest would have on that day. */
  private static final int ROWS_PER_PARTITION = 300;
  private static final String OTHER_PROCESS_PASS = "SELECT pg_advisory_xact_lock(" + RetentionPass.PASS_LOCK + ")";

  @Test
  void hundredDaysOfPartitionsAreBroughtToTheWindowWhileADevicePublishes() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    double droppedBefore = dropped();
    List<String> expired = new ArrayList<>();
    try (PublishingDevice device = PublishingDevice.start(fixture, GW1, GW1_SECRET, "L-1")) {
      Eventually.within(Duration.ofSeconds(10), "the device publishing", () -> device.acknowledged() > 20);
      // The whole history in place before a pass sees any of it.
      try (RowLock pass = RowLock.take(fixture.db(), OTHER_PROCESS_PASS)) {
        for (int age = 100; age >= 1; age--) {
          LocalDate day = today.minusDays(age);
          StringBuilder sql = new StringBuilder();
          for (PartitionedTable table : EVENT_TABLES) {
            sql.append(history(table, day, age > 90, expired)).append(";\n");
          }
          sql.append(history(PartitionedTable.REJECTED_MESSAGES, day, age > 30, expired));
          fixture.db().execute(sql.toString());
        }
        fixture.db().execute(history(PartitionedTable.LOT_OCCUPANCY_MINUTES, today.minusMonths(15), true, expired));
        // Writing that history made commits wait (WAL and checkpoints); retention is what is measured.
        System.out.println("longest PUBACK wait while the test wrote the history: " + device.longestWait());
        device.measureAfresh();
        pass.release();
      }
      Eventually.within(Duration.ofSeconds(90), "every partition past its window dropped",
          () -> existing(expired) == 0);
      long acknowledgedBeforeLast = device.acknowledged();
      Eventually.within(Duration.ofSeconds(10), "the device still publishing",
          () -> device.acknowledged() > acknowledgedBeforeLast + 20);
      assertThat(device.failure()).isNull();
      assertThat(device.refused()).isZero();
      assertThat(device.longestWait()).isLessThan(LONGEST_PUBACK);
    }
    assertThat(expired).hasSize(4 * 10 + 70 + 1);
    assertThat(dropped() - droppedBefore).isEqualTo(expired.size());
    // What is within the windows stays: 90 days of events, whole days (the oldest one partly
    // older than the window, until all of it is).
    assertThat(fixture.db().count("SELECT count(*) FROM lot_status_events WHERE device_id = 'history'"))
        .isEqualTo(90L * ROWS_PER_PARTITION);
    assertThat(oldestPartitionAge(PartitionedTable.LOT_STATUS_EVENTS))
        .isBetween(EVENTS_WINDOW.toSeconds() - 1.0, EVENTS_WINDOW.plusDays(1).toSeconds() * 1.0);
    assertThat(oldestPartitionAge(PartitionedTable.REJECTED_MESSAGES)).isLessThan(Duration.ofDays(31).toSeconds());
    assertThat(lastCompletePass()).isAfter(Instant.now().minusSeconds(30));
  }

  @Test
  void longQueryOnAnOldPartitionStallsNeitherIngestNorOtherWork() throws Exception {
    LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(95);
    String partition = PartitionedTable.LOT_STATUS_EVENTS.partitionName(old);
    try (PublishingDevice device = PublishingDevice.start(fixture, GW1, GW1_SECRET, "L-1")) {
      Eventually.within(Duration.ofSeconds(10), "the device publishing", () -> device.acknowledged() > 20);
      RowLock query;
      try (RowLock pass = RowLock.take(fixture.db(), OTHER_PROCESS_PASS)) {
        fixture.db().execute(history(PartitionedTable.LOT_STATUS_EVENTS, old, true, new ArrayList<>()));
        // An API query over that day, still running: its transaction holds ACCESS SHARE on the
        // parent and the partition. A DROP of the partition would wait for it with an ACCESS
        // EXCLUSIVE lock on the parent, and every insert would queue behind that.
        query = RowLock.take(fixture.db(), "SELECT count(*) FROM lot_status_events WHERE ts >= '" + old
            + " 00:00:00+00' AND ts < '" + old.plusDays(1) + " 00:00:00+00'");
        pass.release();
      }
      try (RowLock running = query) {
        double incomplete = passes(PassResult.INCOMPLETE);
        // Or until a PUBACK waits too long, which fails below.
        Eventually.within(Duration.ofSeconds(30), "passes giving up on the busy table and trying again",
            () -> passes(PassResult.INCOMPLETE) >= incomplete + 3 || device.longestWait().compareTo(LONGEST_PUBACK) >= 0);
        assertThat(device.longestWait()).isLessThan(LONGEST_PUBACK);
        assertThat(passes(PassResult.INCOMPLETE)).isGreaterThanOrEqualTo(incomplete + 3);
        assertThat(existing(List.of(partition))).isEqualTo(1);
        running.release();
      }
      Eventually.within(Duration.ofSeconds(30), "the partition dropped once the query ended",
          () -> existing(List.of(partition)) == 0);
      assertThat(device.failure()).isNull();
      assertThat(device.refused()).isZero();
      assertThat(device.longestWait()).isLessThan(LONGEST_PUBACK);
    }
  }

  @Test
  void passRunsInOneProcessAtATime() throws Exception {
    LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(93);
    String partition = PartitionedTable.COVER_TELEMETRY_EVENTS.partitionName(old);
    try (RowLock otherProcess = RowLock.take(fixture.db(), OTHER_PROCESS_PASS)) {
      fixture.db().execute(history(PartitionedTable.COVER_TELEMETRY_EVENTS, old, true, new ArrayList<>()));
      double skipped = passes(PassResult.SKIPPED);
      Eventually.within(Duration.ofSeconds(30), "passes leaving the work to the process holding the lock",
          () -> passes(PassResult.SKIPPED) >= skipped + 2);
      assertThat(existing(List.of(partition))).isEqualTo(1);
      otherProcess.release();
    }
    Eventually.within(Duration.ofSeconds(30), "the partition dropped by a pass of this process",
        () -> existing(List.of(partition)) == 0);
  }

  @Test
  void backFillFromWithinTheWindowIsStoredInItsDaysPartition() {
    Instant ts = Instant.now().minus(Duration.ofDays(60));
    long seq = System.currentTimeMillis() * 1000;
    Mqtt5BlockingClient client = fixture.connect5(GW2, GW2_SECRET);
    try {
      assertThat(publish(client, seq, ts)).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    } finally {
      client.disconnect();
    }

    assertThat(fixture.db().rows("SELECT tableoid::regclass::text AS partition FROM lot_status_events "
        + "WHERE device_id = ? AND seq = ?", GW2, seq))
        .containsExactly(Map.of("partition",
            PartitionedTable.LOT_STATUS_EVENTS.partitionName(LocalDate.ofInstant(ts, ZoneOffset.UTC))));
  }

  @Test
  void timestampOlderThanTheWindowIsRefusedAsClockAndStoredAsRejected() {
    long seq = System.currentTimeMillis() * 1000;
    Mqtt5BlockingClient client = fixture.connect5(GW2, GW2_SECRET);
    try {
      assertThat(publish(client, seq, Instant.now().minus(EVENTS_WINDOW).minusSeconds(60)))
          .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
    } finally {
      client.disconnect();
    }

    assertThat(fixture.db().rows("SELECT reason, position('behind the server clock' IN detail) > 0 AS behind "
        + "FROM rejected_messages WHERE device_id = ? AND convert_from(payload, 'UTF8') LIKE ?", GW2,
        "{\"seq\":" + seq + ",%"))
        .containsExactly(Map.of("reason", "clock", "behind", true));
    assertThat(fixture.db().count("SELECT count(*) FROM lot_status_events WHERE device_id = ? AND seq = ?", GW2, seq))
        .isZero();
  }

  private static Mqtt5PubAckReasonCode publish(Mqtt5BlockingClient client, long seq, Instant ts) {
    try {
      return ((Mqtt5PublishResult.Mqtt5Qos1Result) client.publishWith().topic("v1/lots/L-2/status")
          .qos(MqttQos.AT_LEAST_ONCE).payload(IngestFixture.status(seq, ts.toEpochMilli(), 100, 5)).send())
          .getPubAck().getReasonCode();
    } catch (Mqtt5PubAckException e) {
      return e.getMqttMessage().getReasonCode();
    }
  }

  /**
   * SQL that makes the partition of {@code table} holding {@code day} as the server makes them
   * (unless there is one) and writes {@link #ROWS_PER_PARTITION} rows of that time into it; its
   * name goes into {@code expired} when the test expects it dropped.
   */
  private static String history(PartitionedTable table, LocalDate day, boolean expires, List<String> expired) {
    LocalDate start = table.span().start(day);
    String name = table.partitionName(start);
    String creation = existing(List.of(name)) == 0 ? TimePartitions.creation(table, start) + ";\n" : "";
    if (expires) {
      expired.add(name);
    }
    String at = "timestamptz '" + start + " 00:00:00+00' + g * interval '1 minute'";
    return creation + switch (table) {
      case LOT_STATUS_EVENTS -> "INSERT INTO lot_status_events (device_id, seq, ts, lot_id, total, free, closed, "
          + "received_at) SELECT 'history', g, " + at + ", 'L-1', 420, g % 420, false, " + at + rows();
      case LOT_PASSAGE_EVENTS -> "INSERT INTO lot_passage_events (device_id, seq, ts, lot_id, direction, gate, "
          + "received_at) SELECT 'history', g, " + at + ", 'L-1', 'in', 'E1', " + at + rows();
      case BAY_EVENTS -> "INSERT INTO bay_events (device_id, seq, ts, lot_id, bay_id, occupied, observed_at, "
          + "received_at) SELECT 'history', g, " + at + ", 'L-1', 'A-001', true, " + at + ", " + at + rows();
      case COVER_TELEMETRY_EVENTS -> "INSERT INTO cover_telemetry_events (device_id, seq, ts, cover_id, tilt_deg, "
          + "received_at) SELECT 'history', g, " + at + ", 'C-1', 1.5, " + at + rows();
      case REJECTED_MESSAGES -> "INSERT INTO rejected_messages (received_at, device_id, topic, qos, reason, detail, "
          + "payload) SELECT " + at + ", 'history', 'v1/lots/L-1/status', 1, 'malformed', 'not JSON', '\\x00'"
          + rows();
      case LOT_OCCUPANCY_MINUTES -> "INSERT INTO lot_occupancy_minutes (lot_id, minute, free_min, free_max, "
          + "free_last, total_last, samples) SELECT 'L-1', " + at + ", 1, 2, 2, 420, 1" + rows();
    };
  }

  private static String rows() {
    return " FROM generate_series(1, " + ROWS_PER_PARTITION + ") g";
  }

  private static long existing(List<String> tables) {
    return fixture.db().count("SELECT count(*) FROM pg_class WHERE relname = ANY (?)", (Object) tables.toArray(String[]::new));
  }

  private static double dropped() {
    return fixture.meters.find("smartparking.retention.partitions.dropped").counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private static double passes(PassResult result) {
    return fixture.meters.get("smartparking.retention.passes").tag("result", result.tag()).counter().count();
  }

  private static double oldestPartitionAge(PartitionedTable table) {
    return fixture.meters.get("smartparking.retention.oldest.partition.age").tag("table", table.table()).gauge()
        .value();
  }

  private static Instant lastCompletePass() {
    return Instant.ofEpochMilli((long) (fixture.meters.get("smartparking.retention.last.complete.timestamp").gauge()
        .value() * 1000));
  }
}
