package dev.smartparking.ingest.store;

import dev.smartparking.ingest.decode.Verdict;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One message kind's share of the batch statement, all in one place: the column arrays it takes
 * from a batch (each a name, an array type and how a row yields its value), the CTEs that store
 * its rows and move the state they make, and what it answers. The CTEs name their parameters
 * {@code :column}; {@link BatchStatement} numbers them and joins every part into one statement.
 *
 * @param name what the part is called in errors
 * @param rows the part's rows in a batch (a bays message, say, is one row per bay change)
 * @param columns the part's parameters, one array each, in the order they are numbered
 * @param ctes {@code name AS (...)} fragments, comma-separated; they may read the CTEs of the
 *     parts before this one
 * @param stored a query of {@code device_id, seq}: the part's messages this batch really stored
 *     (not duplicates), or null for a part that stores none
 * @param alarmEvents a query of {@code event, type}: the alarm events the part wrote, or null
 */
record BatchPart<R>(String name, Function<List<Verdict>, List<R>> rows, List<Column<R>> columns, String ctes,
    String stored, String alarmEvents) {

  /** One parameter: an array of {@code type}, element i taken from row i by {@code value}. */
  record Column<R>(String name, SqlArray type, Function<R, ?> value) {}

  /** The verdicts of one class, as they come. */
  static <T extends Verdict> Function<List<Verdict>, List<T>> each(Class<T> kind) {
    return verdicts -> {
      List<T> rows = new ArrayList<>();
      for (Verdict verdict : verdicts) {
        if (kind.isInstance(verdict)) {
          rows.add(kind.cast(verdict));
        }
      }
      return rows;
    };
  }

  /** Appends this part's column arrays, made of its rows in a batch, to the statement's parameters. */
  void addColumns(List<R> batch, Tuple tuple) {
    for (Column<R> column : columns) {
      Object[] array = column.type().array(batch.size());
      for (int i = 0; i < array.length; i++) {
        array[i] = column.value().apply(batch.get(i));
      }
      // addValue: Tuple.of(Object, Object...) would spread an array into elements
      tuple.addValue(array);
    }
  }

  // One factory per array type, so that a column's value is of the type its array holds.

  static <R> Column<R> text(String name, Function<R, String> value) {
    return new Column<>(name, SqlArray.TEXT, value);
  }

  static <R> Column<R> int8(String name, Function<R, Long> value) {
    return new Column<>(name, SqlArray.INT8, value);
  }

  static <R> Column<R> int4(String name, Function<R, Integer> value) {
    return new Column<>(name, SqlArray.INT4, value);
  }

  static <R> Column<R> int2(String name, Function<R, Short> value) {
    return new Column<>(name, SqlArray.INT2, value);
  }

  static <R> Column<R> bool(String name, Function<R, Boolean> value) {
    return new Column<>(name, SqlArray.BOOL, value);
  }

  static <R> Column<R> float8(String name, Function<R, Double> value) {
    return new Column<>(name, SqlArray.FLOAT8, value);
  }

  static <R> Column<R> bytea(String name, Function<R, Buffer> value) {
    return new Column<>(name, SqlArray.BYTEA, value);
  }
}
