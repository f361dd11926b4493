package dev.smartparking.ingest.store;

import dev.smartparking.ingest.decode.Verdict;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The batch statement for the kinds of message a batch holds: only the parts that have rows in it,
 * with the parts those read and the rowless parts that read them (the lot state is moved whenever
 * snapshots are stored, and reads passages too). Every part PostgreSQL runs costs it on every
 * batch, rows or not: a status-only batch paid for initialising the cover part's aggregates, the
 * alarm lock function, the bay part's partitioned tables and their statement triggers. Which part
 * reads which is found in the parts' SQL (a CTE name of an earlier part, outside comments), so the
 * SQL stays the one place that says it. Each mix is joined once and kept: a handful of statements,
 * each prepared once per connection. Thread-safe: shared by the event loops' writers.
 */
final class BatchStatements {

  /** {@code name AS (} at the start of the CTEs or after the {@code ),} that ends the one before. */
  private static final Pattern CTE_NAME = Pattern.compile("(?:\\A\\s*|\\),\\s*)([a-z][a-z0-9_]*) AS \\(");
  private static final Pattern COMMENT = Pattern.compile("--[^\\n]*");

  /** Ingest's parts, in the order their CTEs may read each other. */
  static final BatchStatements INGEST = new BatchStatements(List.of(RejectedPart.PART, StatusPart.PART,
      PassagePart.PART, LotStatePart.PART, BayPart.PART, CoverPart.PART));

  /** A batch's statement, in its two forms ({@link BatchStatement}), and its parameters. */
  record Bound(String sql, String deduplicating, Tuple parameters) {}

  private final List<BatchPart<?>> parts;
  /** For each part, the earlier parts whose CTEs it reads. */
  private final List<BitSet> reads;
  private final Map<BitSet, BatchStatement> joined = new ConcurrentHashMap<>();

  BatchStatements(List<BatchPart<?>> parts) {
    this.parts = List.copyOf(parts);
    this.reads = readsOf(this.parts);
    // joined now, so a part that does not fit fails at start-up, not at its first batch
    BitSet all = new BitSet();
    all.set(0, this.parts.size());
    statement(all);
  }

  /** The statement for this batch's kinds, and its parameters. */
  Bound bind(List<Verdict> verdicts) {
    List<List<?>> rows = new ArrayList<>(parts.size());
    BitSet present = new BitSet();
    for (int i = 0; i < parts.size(); i++) {
      List<?> partRows = parts.get(i).rows().apply(verdicts);
      rows.add(partRows);
      if (!partRows.isEmpty()) {
        present.set(i);
      }
    }
    BitSet included = included(present);
    Tuple tuple = Tuple.tuple();
    for (int i = included.nextSetBit(0); i >= 0; i = included.nextSetBit(i + 1)) {
      addColumns(parts.get(i), rows.get(i), tuple);
    }
    BatchStatement statement = statement(included);
    return new Bound(statement.sql(), statement.deduplicating(), tuple);
  }

  /** The parts a batch with rows for {@code present} runs. */
  BitSet included(BitSet present) {
    BitSet included = (BitSet) present.clone();
    boolean grew = true;
    while (grew) {
      grew = false;
      for (int i = 0; i < parts.size(); i++) {
        boolean wanted = included.get(i)
            // a rowless part moves the state that the parts it reads store
            || parts.get(i).columns().isEmpty() && reads.get(i).intersects(included);
        if (wanted) {
          BitSet needs = (BitSet) reads.get(i).clone();
          needs.set(i);
          needs.andNot(included);
          if (!needs.isEmpty()) {
            included.or(needs);
            grew = true;
          }
        }
      }
    }
    return included;
  }

  /** The names of the included parts, in statement order (for tests and errors). */
  List<String> names(BitSet included) {
    return included.stream().mapToObj(i -> parts.get(i).name()).toList();
  }

  /** The part named so, by index. */
  int indexOf(String name) {
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no part named " + name);
  }

  /** The statement of the included parts. */
  String sql(BitSet included) {
    return statement(included).sql();
  }

  private BatchStatement statement(BitSet included) {
    return joined.computeIfAbsent(included,
        set -> new BatchStatement(set.stream().<BatchPart<?>>mapToObj(parts::get).toList()));
  }

  @SuppressWarnings("unchecked")
  private static <R> void addColumns(BatchPart<R> part, List<?> rows, Tuple tuple) {
    part.addColumns((List<R>) rows, tuple);
  }

  private static List<BitSet> readsOf(List<BatchPart<?>> parts) {
    List<Set<String>> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (BatchPart<?> part : parts) {
      Set<String> own = cteNames(part.ctes());
      for (String name : own) {
        if (!seen.add(name)) {
          throw new IllegalArgumentException(part.name() + ": a CTE named " + name + " is already defined");
        }
      }
      names.add(own);
    }
    List<BitSet> reads = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      String sql = COMMENT.matcher(parts.get(i).ctes()).replaceAll("");
      BitSet read = new BitSet();
      for (int j = 0; j < i; j++) {
        for (String name : names.get(j)) {
          if (Pattern.compile("\\b" + name + "\\b").matcher(sql).find()) {
            read.set(j);
          }
        }
      }
      reads.add(read);
    }
    return List.copyOf(reads);
  }

  static Set<String> cteNames(String ctes) {
    Set<String> names = new LinkedHashSet<>();
    Matcher name = CTE_NAME.matcher(COMMENT.matcher(ctes).replaceAll(""));
    while (name.find()) {
      names.add(name.group(1));
    }
    return names;
  }
}
