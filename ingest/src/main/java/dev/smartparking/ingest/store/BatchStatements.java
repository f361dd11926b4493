package dev.smartparking.ingest.store;

import dev.smartparking.ingest.decode.Verdict;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The batch statement for the kinds of message a batch holds: only the parts that have rows in it,
 * with the parts those read and the rowless parts that read them (the lot state is moved whenever
 * snapshots are stored, and reads passages too). Every part PostgreSQL runs costs it on every
 * batch, rows or not: a status-only batch paid for initialising the cover part's aggregates, the
 * alarm lock function, the bay part's partitioned tables and their statement triggers. Which part
 * reads which is found in the parts' SQL (a CTE name of an earlier part, outside comments), so the
 * SQL stays the one place that says it. Every mix is joined at start-up and kept, found by the
 * bit mask of the parts a batch has rows for: a handful of distinct statements, each prepared once
 * per connection, and nothing worked out again per batch. Thread-safe: shared by the event loops'
 * writers.
 */
final class BatchStatements {

  /** {@code name AS (} at the start of the CTEs or after the {@code ),} that ends the one before. */
  private static final Pattern CTE_NAME = Pattern.compile("(?:\\A\\s*|\\),\\s*)([a-z][a-z0-9_]*) AS \\(");
  private static final Pattern COMMENT = Pattern.compile("--[^\\n]*");

  /** Ingest's parts, in the order their CTEs may read each other. */
  static final BatchStatements INGEST = new BatchStatements(List.of(RejectedPart.PART, StatusPart.PART,
      PassagePart.PART, LotStatePart.PART, BayPart.PART, CoverPart.PART));

  /** A batch's statement, in its two forms ({@link BatchStatement}), and its parameters. */
  record Bound(BatchStatement statement, Tuple parameters) {

    /** The optimistic form ({@link BatchStatement#sql()}). */
    String sql() {
      return statement.sql();
    }

    /** The deduplicating form ({@link BatchStatement#deduplicating()}). */
    String deduplicating() {
      return statement.deduplicating();
    }
  }

  /** The parts a batch runs, and their statement. */
  private record Mix(BitSet included, BatchStatement statement) {}

  /** Every one of the 2^n masks of n parts is joined at start-up: a bound that keeps that quick. */
  private static final int MAX_PARTS = 12;

  private final List<BatchPart<?>> parts;
  /** For each part, the earlier parts whose CTEs it reads. */
  private final List<BitSet> reads;
  private final Map<BitSet, BatchStatement> joined = new HashMap<>();
  /** Indexed by the mask of the parts with rows. */
  private final List<Mix> mixes;

  BatchStatements(List<BatchPart<?>> parts) {
    if (parts.size() > MAX_PARTS) {
      throw new IllegalArgumentException("at most " + MAX_PARTS + " parts, not " + parts.size());
    }
    this.parts = List.copyOf(parts);
    this.reads = readsOf(this.parts);
    // joined now, so a part that does not fit fails at start-up, not at its first batch
    List<Mix> mixes = new ArrayList<>();
    for (int present = 0; present < 1 << this.parts.size(); present++) {
      BitSet included = included(BitSet.valueOf(new long[] {present}));
      mixes.add(new Mix(included, joined.computeIfAbsent(included,
          set -> new BatchStatement(set.stream().<BatchPart<?>>mapToObj(this.parts::get).toList()))));
    }
    this.mixes = List.copyOf(mixes);
  }

  /** The statement for this batch's kinds, and its parameters. */
  Bound bind(List<Verdict> verdicts) {
    List<List<?>> rows = new ArrayList<>(parts.size());
    int present = 0;
    for (int i = 0; i < parts.size(); i++) {
      List<?> partRows = parts.get(i).rows().apply(verdicts);
      rows.add(partRows);
      if (!partRows.isEmpty()) {
        present |= 1 << i;
      }
    }
    Mix mix = mixes.get(present);
    Tuple tuple = Tuple.tuple();
    for (int i = mix.included().nextSetBit(0); i >= 0; i = mix.included().nextSetBit(i + 1)) {
      addColumns(parts.get(i), rows.get(i), tuple);
    }
    return new Bound(mix.statement(), tuple);
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
    BatchStatement statement = joined.get(included);
    if (statement == null) {
      throw new IllegalArgumentException("no batch runs the parts " + names(included));
    }
    return statement.sql();
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
