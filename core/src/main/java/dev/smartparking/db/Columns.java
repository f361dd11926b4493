package dev.smartparking.db;

import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/** Column arrays for set-based statements ({@code SELECT … FROM unnest($1::text[], …)}): one array per column. */
public final class Columns {

  private Columns() {}

  /** One column of {@code rows} as a typed array, e.g. {@code of(lots, Lot::id, String[]::new)}. */
  public static <T, C> C[] of(List<T> rows, Function<T, C> value, IntFunction<C[]> array) {
    C[] column = array.apply(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      column[i] = value.apply(rows.get(i));
    }
    return column;
  }

  /** Each array one parameter; Tuple.of(Object, Object...) would spread a second array into elements. */
  public static Tuple tuple(Object[]... arrays) {
    Tuple tuple = Tuple.tuple();
    for (Object[] array : arrays) {
      tuple.addValue(array);
    }
    return tuple;
  }
}
