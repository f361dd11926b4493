package dev.smartparking.ingest.store;

import dev.smartparking.ingest.decode.Verdict;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The single statement that writes a whole batch, joined from the {@link BatchPart}s of the
 * message kinds: one round trip and one commit, however many kinds a batch holds. Each part's
 * {@code :column} placeholders become numbered parameters ({@code $8::text[]}) in the parts' order,
 * their CTEs follow one another in one {@code WITH}, and the statement answers one row per message
 * really stored, {@code (device_id, seq, NULL, NULL)}, and one per alarm event written,
 * {@code (NULL, NULL, event, type)}. The parts are checked as the statement is joined: a
 * placeholder that names no column of its part, or a column no placeholder uses, fails at start-up.
 * docs/storage.md explains the rules the parts carry.
 */
final class BatchStatement {

  /** {@code :name}, but not the second colon of a cast such as {@code ::float8}. */
  private static final Pattern PLACEHOLDER = Pattern.compile("(?<![:\\w]):([a-z][a-z0-9_]*)");

  /** Ingest's statement: the parts in the order their CTEs may read each other. */
  static final BatchStatement INGEST = new BatchStatement(List.of(RejectedPart.PART, StatusPart.PART,
      PassagePart.PART, LotStatePart.PART, BayPart.PART, CoverPart.PART));

  private final List<BatchPart<?>> parts;
  private final String sql;

  BatchStatement(List<BatchPart<?>> parts) {
    this.parts = List.copyOf(parts);
    this.sql = join(this.parts);
  }

  String sql() {
    return sql;
  }

  /** Every part's column arrays, numbered as in {@link #sql()}. */
  Tuple parameters(List<Verdict> verdicts) {
    Tuple tuple = Tuple.tuple();
    for (BatchPart<?> part : parts) {
      part.addColumns(verdicts, tuple);
    }
    return tuple;
  }

  private static String join(List<BatchPart<?>> parts) {
    StringBuilder with = new StringBuilder("WITH ");
    StringBuilder answers = new StringBuilder();
    int next = 1;
    for (BatchPart<?> part : parts) {
      Map<String, String> parameters = new HashMap<>();
      for (BatchPart.Column<?> column : part.columns()) {
        if (parameters.put(column.name(), "$" + next++ + "::" + column.type().cast()) != null) {
          throw new IllegalArgumentException(part.name() + ": two columns named " + column.name());
        }
      }
      with.append(with.length() > "WITH ".length() ? ",\n" : "").append(numbered(part, parameters));
      if (part.stored() != null) {
        answers.append(answers.isEmpty() ? "" : "\nUNION ALL ")
            .append("SELECT device_id, seq, NULL::text AS alarm_event, NULL::text AS alarm_type FROM (")
            .append(part.stored()).append(") AS ").append(part.name()).append("_stored");
      }
      if (part.alarmEvents() != null) {
        answers.append(answers.isEmpty() ? "" : "\nUNION ALL ")
            .append("SELECT NULL::text, NULL::int8, event, type FROM (")
            .append(part.alarmEvents()).append(") AS ").append(part.name()).append("_alarm_events");
      }
    }
    return with.append('\n').append(answers).toString();
  }

  /** The part's CTEs with each placeholder replaced by its numbered parameter. */
  private static String numbered(BatchPart<?> part, Map<String, String> parameters) {
    Set<String> unused = new HashSet<>(parameters.keySet());
    Matcher placeholder = PLACEHOLDER.matcher(part.ctes());
    StringBuilder out = new StringBuilder();
    while (placeholder.find()) {
      String name = placeholder.group(1);
      String parameter = parameters.get(name);
      if (parameter == null) {
        throw new IllegalArgumentException(part.name() + ": :" + name + " names no column of the part");
      }
      unused.remove(name);
      placeholder.appendReplacement(out, Matcher.quoteReplacement(parameter));
    }
    placeholder.appendTail(out);
    if (!unused.isEmpty()) {
      throw new IllegalArgumentException(part.name() + ": columns no placeholder uses: " + unused);
    }
    return out.toString();
  }
}
