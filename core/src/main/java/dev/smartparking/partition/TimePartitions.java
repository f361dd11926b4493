package dev.smartparking.partition;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The partitions of the {@link PartitionedTable}s, read from the catalogue, and the statements that
 * add and remove them. None of them takes a lock that an insert into, or a query of, the parent
 * waits for (docs/storage.md, Retention): a partition is made as a table of its own and attached
 * (SHARE UPDATE EXCLUSIVE on the parent), and removed by a concurrent detach before it is dropped.
 * Both need the parents to have no default partition, which V11 removed.
 */
public final class TimePartitions {

  /**
   * Every partition of the given parents. Their bounds are read from their names, which the server
   * (and V11) give them: PostgreSQL shows bounds only through pg_get_expr, which locks the
   * partition and so would wait behind a TRUNCATE or a VACUUM FULL of it.
   */
  static final String LIST = """
      SELECT parent.relname AS parent, child.relname AS name, i.inhdetachpending AS detaching
      FROM pg_inherits i
      JOIN pg_class parent ON parent.oid = i.inhparent
      JOIN pg_class child ON child.oid = i.inhrelid
      WHERE i.inhparent = ANY ($1::text[]::regclass[])""";
  /**
   * A table like the parent (columns, defaults, NOT NULL and CHECK constraints, which ATTACH
   * requires), then attached; ATTACH builds the parent's indexes on it, at once as it is empty.
   * One query string: run as one implicit transaction, so a failed attach leaves no table behind.
   */
  static final String CREATE = """
      CREATE TABLE IF NOT EXISTS %1$s (LIKE %2$s INCLUDING DEFAULTS INCLUDING CONSTRAINTS) %3$s;
      ALTER TABLE %2$s ATTACH PARTITION %1$s FOR VALUES FROM ('%4$s') TO ('%5$s')""";
  /**
   * Two transactions inside PostgreSQL: the first marks the partition detached for new queries
   * and commits; the second waits for every transaction that still sees it, then completes. Not
   * allowed in a transaction block, nor while the parent has a default partition.
   */
  static final String DETACH = "ALTER TABLE %s DETACH PARTITION %s CONCURRENTLY";
  /** Completes a concurrent detach whose wait was cut short (here, by the lock timeout). */
  static final String FINISH_DETACH = "ALTER TABLE %s DETACH PARTITION %s FINALIZE";
  /** A detached partition is a table nobody queries: dropping it locks nothing ingest uses. */
  static final String DROP = "DROP TABLE IF EXISTS %s";

  private static final Map<String, PartitionedTable> BY_NAME = Arrays.stream(PartitionedTable.values())
      .collect(Collectors.toUnmodifiableMap(PartitionedTable::table, Function.identity()));

  private TimePartitions() {}

  /**
   * The partitions of every {@link PartitionedTable}, oldest first per table; one whose name is not
   * one the server gives is none of retention's business and left out.
   */
  public static Future<List<Partition>> list(SqlClient client) {
    String[] parents = BY_NAME.keySet().toArray(String[]::new);
    return client.preparedQuery(LIST).execute(Tuple.of(parents)).map(rows -> {
      List<Partition> partitions = new ArrayList<>();
      for (Row row : rows) {
        PartitionedTable table = BY_NAME.get(row.getString("parent"));
        String name = row.getString("name");
        table.partitionStart(name).ifPresent(start -> partitions.add(new Partition(table, name,
            instant(start), instant(table.span().next(start)), row.getBoolean("detaching"))));
      }
      partitions.sort(Comparator.comparing(Partition::table).thenComparing(Partition::from));
      return partitions;
    });
  }

  /** The SQL that makes and attaches the partition of {@code table} holding {@code day}. */
  public static String creation(PartitionedTable table, LocalDate day) {
    LocalDate start = table.span().start(day);
    return CREATE.formatted(identifier(table.partitionName(start)), identifier(table.table()), table.storage(),
        instant(start), instant(table.span().next(start)));
  }

  public static Future<Void> create(SqlClient client, PartitionedTable table, LocalDate day) {
    return client.query(creation(table, day)).execute().mapEmpty();
  }

  /** Starts (and, when nothing still reads it, completes) the detach of {@code partition}. */
  public static Future<Void> detach(SqlClient client, Partition partition) {
    return run(client, DETACH, partition);
  }

  public static Future<Void> finishDetach(SqlClient client, Partition partition) {
    return run(client, FINISH_DETACH, partition);
  }

  /** Drops a partition that is no longer attached. */
  public static Future<Void> drop(SqlClient client, Partition partition) {
    return client.query(DROP.formatted(identifier(partition.name()))).execute().mapEmpty();
  }

  private static Future<Void> run(SqlClient client, String template, Partition partition) {
    return client.query(template.formatted(identifier(partition.table().table()), identifier(partition.name())))
        .execute().mapEmpty();
  }

  private static Instant instant(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** A quoted identifier: partitions made by hand may be named anyhow. */
  private static String identifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
