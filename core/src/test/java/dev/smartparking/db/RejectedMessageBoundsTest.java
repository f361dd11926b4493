package dev.smartparking.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.config.ConfigLoader;
import dev.smartparking.partition.PartitionedTable;
import dev.smartparking.partition.TimePartitions;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * V12: a rejected row keeps the SHA-256 and length of its whole payload and at most its first
 * 4 KiB, and bounded topic and detail texts, whoever inserts it.
 */
class RejectedMessageBoundsTest {

  private static TestDatabase db;

  @BeforeAll
  static void migrate() {
    db = TestPostgres.freshDatabase();
    SchemaMigrator.migrate(ConfigLoader.defaults().setAll(db.serverSettings()).build().database());
    // The rows are stamped now(): their day needs its partition (V11 leaves no default one).
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    for (LocalDate day = today.minusDays(1); !day.isAfter(today.plusDays(1)); day = day.plusDays(1)) {
      db.execute(TimePartitions.creation(PartitionedTable.REJECTED_MESSAGES, day));
    }
  }

  @AfterAll
  static void drop() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aLargePayloadKeepsItsFirst4KiBWithTheHashAndLengthOfTheWhole() throws Exception {
    byte[] payload = new byte[60_000];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }

    insert("large", "v1/lots/L-1/status", "not json", payload);

    Map<String, Object> row = stored("large");
    assertThat((byte[]) row.get("payload")).isEqualTo(java.util.Arrays.copyOf(payload, 4096));
    assertThat(row).containsEntry("payload_length", 60_000);
    assertThat((byte[]) row.get("payload_sha256")).isEqualTo(MessageDigest.getInstance("SHA-256").digest(payload));
  }

  @Test
  void aSmallPayloadIsKeptWhole() throws Exception {
    byte[] payload = "{\"seq\":1".getBytes(StandardCharsets.UTF_8);

    insert("small", "v1/lots/L-1/status", "broken", payload);

    Map<String, Object> row = stored("small");
    assertThat((byte[]) row.get("payload")).isEqualTo(payload);
    assertThat(row).containsEntry("payload_length", payload.length);
    assertThat((byte[]) row.get("payload_sha256")).isEqualTo(MessageDigest.getInstance("SHA-256").digest(payload));
  }

  /** A topic may be as long as the packet, and the detail of an unknown topic quotes it. */
  @Test
  void aLongTopicAndDetailAreCut() throws Exception {
    String topic = "v1/" + "x".repeat(20_000);

    insert("long-topic", topic, "'" + topic + "' is not a device topic", new byte[0]);

    Map<String, Object> row = stored("long-topic");
    assertThat((String) row.get("topic")).hasSize(256).startsWith("v1/xxx").endsWith("…");
    assertThat((String) row.get("detail")).hasSize(512).startsWith("'v1/xxx").endsWith("…");
  }

  private static void insert(String device, String topic, String detail, byte[] payload) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement insert = c.prepareStatement("INSERT INTO rejected_messages "
            + "(received_at, device_id, topic, qos, reason, detail, payload) VALUES (now(), ?, ?, 1, 'malformed', ?, ?)")) {
      insert.setString(1, device);
      insert.setString(2, topic);
      insert.setString(3, detail);
      insert.setBytes(4, payload);
      insert.executeUpdate();
    }
  }

  private static Map<String, Object> stored(String device) {
    return db.rows("SELECT topic, detail, payload, payload_sha256, payload_length FROM rejected_messages "
        + "WHERE device_id = ?", device).get(0);
  }
}
