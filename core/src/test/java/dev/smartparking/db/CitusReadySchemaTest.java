package dev.smartparking.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.config.ConfigLoader;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The migrated schema can be laid out on Citus as deploy/citus/distribute.sql says: every table is
 * placed, distributed tables keep their distribution column in every unique key, and every foreign
 * key is of a kind Citus accepts. A later migration that breaks the rule fails here.
 */
class CitusReadySchemaTest {

  static final Path PLAN = Path.of("..", "deploy", "citus", "distribute.sql");

  private static final Pattern PLACEMENT = Pattern.compile(
      "SELECT (create_reference_table|create_distributed_table|citus_add_local_table_to_metadata)"
          + "\\('(\\w+)'(?:, '(\\w+)')?(?:, colocate_with => '(\\w+)')?\\);");

  private static final String TABLES = """
      SELECT relname AS name FROM pg_class
      WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition""";

  /** Primary keys, unique constraints and unique indexes alike: each is a unique index. */
  private static final String UNIQUE_KEYS = """
      SELECT i.indexrelid::regclass::text AS name,
             (SELECT string_agg(a.attname, ',') FROM unnest(i.indkey) k(attnum)
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS columns
      FROM pg_index i WHERE i.indrelid = ?::regclass AND i.indisunique""";

  private static final String FOREIGN_KEYS = """
      SELECT con.conname AS name, con.conrelid::regclass::text AS from_table,
             con.confrelid::regclass::text AS to_table,
             (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, n)
              JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS from_columns,
             (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, n)
              JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS to_columns
      FROM pg_constraint con
      WHERE con.contype = 'f' AND con.connamespace = 'public'::regnamespace AND con.conparentid = 0""";

  private static final String COLUMN_TYPE = """
      SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute
      WHERE attrelid = ?::regclass AND attname = ? AND NOT attisdropped""";

  enum Kind { REFERENCE, DISTRIBUTED, LOCAL }

  record Placement(String table, Kind kind, String column, String colocateWith) {}

  private static TestDatabase db;
  private static Map<String, Placement> plan;

  @BeforeAll
  static void migrateAndReadPlan() throws IOException {
    db = TestPostgres.freshDatabase();
    SchemaMigrator.migrate(ConfigLoader.defaults().setAll(db.serverSettings()).build().database());
    plan = parse(Files.readString(PLAN, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void drop() {
    if (db != null) {
      db.close();
    }
  }

  static Map<String, Placement> parse(String sql) {
    Map<String, Placement> placements = new LinkedHashMap<>();
    Matcher m = PLACEMENT.matcher(sql);
    while (m.find()) {
      Kind kind = switch (m.group(1)) {
        case "create_reference_table" -> Kind.REFERENCE;
        case "create_distributed_table" -> Kind.DISTRIBUTED;
        default -> Kind.LOCAL;
      };
      Placement placement = new Placement(m.group(2), kind, m.group(3), m.group(4));
      if (placements.put(placement.table(), placement) != null) {
        throw new IllegalArgumentException(PLAN + " places " + placement.table() + " twice");
      }
    }
    return placements;
  }

  @Test
  void everyTableOfTheSchemaIsPlacedAndNothingElse() {
    List<String> tables = db.rows(TABLES).stream().map(row -> (String) row.get("name")).sorted().toList();

    assertThat(plan.keySet()).as("tables placed in %s", PLAN).containsExactlyInAnyOrderElementsOf(tables);
  }

  @Test
  void distributedTablesHoldTheirDistributionColumnInEveryUniqueKey() {
    List<String> violations = new ArrayList<>();
    for (Placement p : distributed()) {
      for (Map<String, Object> key : db.rows(UNIQUE_KEYS, p.table())) {
        List<String> columns = Arrays.asList(String.valueOf(key.get("columns")).split(","));
        if (!columns.contains(p.column())) {
          violations.add(key.get("name") + " on " + p.table() + " (" + key.get("columns") + ") lacks " + p.column());
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void colocatedTablesShareTheDistributionColumnType() {
    List<String> violations = new ArrayList<>();
    for (Placement p : distributed()) {
      String type = columnType(p.table(), p.column());
      if (type == null) {
        violations.add(p.table() + " has no column " + p.column());
      } else if (p.colocateWith() != null) {
        Placement with = plan.get(p.colocateWith());
        if (with == null || with.kind() != Kind.DISTRIBUTED || !type.equals(columnType(with.table(), with.column()))) {
          violations.add(p.table() + " cannot be colocated with " + p.colocateWith());
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void everyForeignKeyIsOneCitusAccepts() {
    List<String> violations = new ArrayList<>();
    for (Map<String, Object> fk : db.rows(FOREIGN_KEYS)) {
      Placement from = plan.get((String) fk.get("from_table"));
      Placement to = plan.get((String) fk.get("to_table"));
      if (from == null || to == null || !accepted(from, to, (String) fk.get("from_columns"), (String) fk.get("to_columns"))) {
        violations.add(fk.get("name") + ": " + fk.get("from_table") + "(" + fk.get("from_columns") + ") -> "
            + fk.get("to_table") + "(" + fk.get("to_columns") + ")");
      }
    }
    assertThat(violations).isEmpty();
  }

  /**
   * Citus's rules: anything may point at a reference table; a reference table only at reference
   * or coordinator-local ones; local tables at local or reference ones; one distributed table at
   * another only when the two are colocated and the key maps distribution column to distribution column.
   */
  private static boolean accepted(Placement from, Placement to, String fromColumns, String toColumns) {
    if (to.kind() == Kind.REFERENCE) {
      return true;
    }
    return switch (from.kind()) {
      case REFERENCE, LOCAL -> to.kind() == Kind.LOCAL;
      case DISTRIBUTED -> to.kind() == Kind.DISTRIBUTED
          && colocationGroup(from).equals(colocationGroup(to))
          && mapsDistributionColumns(from, to, fromColumns, toColumns);
    };
  }

  private static boolean mapsDistributionColumns(Placement from, Placement to, String fromColumns, String toColumns) {
    List<String> referencing = Arrays.asList(fromColumns.split(","));
    List<String> referenced = Arrays.asList(toColumns.split(","));
    int at = referencing.indexOf(from.column());
    return at >= 0 && at == referenced.indexOf(to.column());
  }

  private static String colocationGroup(Placement p) {
    return p.colocateWith() == null ? p.table() : p.colocateWith();
  }

  private static List<Placement> distributed() {
    return plan.values().stream().filter(p -> p.kind() == Kind.DISTRIBUTED).toList();
  }

  private static String columnType(String table, String column) {
    List<Map<String, Object>> rows = db.rows(COLUMN_TYPE, table, column);
    return rows.isEmpty() ? null : (String) rows.get(0).get("type");
  }
}
