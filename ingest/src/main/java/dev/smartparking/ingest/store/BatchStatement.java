package dev.smartparking.ingest.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statement that writes a whole batch, joined from the {@link BatchPart}s of the message
 * kinds it holds ({@link BatchStatements} picks them): one round trip and one commit, however many
 * kinds a batch holds. Each part's {@code :column} placeholders become numbered parameters
 * ({@code $8::text[]}) in the parts' order, and their CTEs follow one another in one {@code WITH}.
 *
 * <p>It comes in two forms over the same parameters. The {@linkplain #deduplicating() deduplicating}
 * one drops each event whose primary key is stored (each storing part's {@code ON CONFLICT DO
 * NOTHING}) and answers one row per message really stored, {@code (device_id, seq, NULL, NULL)}.
 * The {@linkplain #sql() optimistic} one is the same without those clauses: it stores every event or
 * fails whole with unique_violation, so it answers no stored rows (all of them were). Duplicates
 * are rare (a retransmission after a lost PUBACK), and the probe ON CONFLICT makes per row cost
 * PostgreSQL more than inserting the row's index entry, which checks uniqueness anyway; the writer
 * sends the deduplicating form after a unique_violation. Both answer one row per alarm event
 * written, {@code (NULL, NULL, event, type)}. The parts are checked as the statement is joined: a
 * placeholder that names no column of its part, a column no placeholder uses, or a part that stores
 * messages without {@code ON CONFLICT DO NOTHING}, fails at start-up. docs/storage.md explains the
 * rules the parts carry.
 */
final class BatchStatement {

  /** {@code :name}, but not the second colon of a cast such as {@code ::float8}. */
  private static final Pattern PLACEHOLDER = Pattern.compile("(?<![:\\w]):([a-z][a-z0-9_]*)");

  /** What drops an event already stored; every part that answers stored messages has it. */
  static final String DEDUPLICATION = "ON CONFLICT DO NOTHING";

  private final String sql;
  private final String deduplicating;

  BatchStatement(List<BatchPart<?>> parts) {
    this.sql = join(parts, false);
    this.deduplicating = join(parts, true);
  }

  /** The optimistic form: stores every event, or fails with unique_violation on one already stored. */
  String sql() {
    return sql;
  }

  /** The deduplicating form: drops events already stored and answers those it stored. */
  String deduplicating() {
    return deduplicating;
  }

  private static String join(List<BatchPart<?>> parts, boolean deduplicating) {
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
      String ctes = numbered(part, parameters);
      if (part.stored() != null) {
        int at = ctes.indexOf(DEDUPLICATION);
        if (at < 0 || ctes.indexOf(DEDUPLICATION, at + 1) >= 0) {
          throw new IllegalArgumentException(part.name() + ": stores messages, so needs one " + DEDUPLICATION);
        }
        if (!deduplicating) {
          ctes = ctes.substring(0, at) + ctes.substring(at + DEDUPLICATION.length());
        }
      }
      with.append(with.length() > "WITH ".length() ? ",\n" : "").append(ctes);
      if (part.stored() != null && deduplicating) {
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
    if (answers.isEmpty()) {
      // nothing to answer (rejections only, or the optimistic form of a batch without covers)
      answers.append("SELECT NULL::text AS device_id, NULL::int8 AS seq, NULL::text AS alarm_event,"
          + " NULL::text AS alarm_type WHERE false");
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
