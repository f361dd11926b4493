package dev.smartparking.ingest.store;

import io.vertx.core.buffer.Buffer;
import java.util.function.IntFunction;

/**
 * The PostgreSQL array types the batch statement takes, each with the Java array vertx-pg-client
 * encodes as it: the client picks the wire type from the array's class, so an {@code int8[]}
 * parameter must be a {@code Long[]}, not an {@code Object[]} of longs.
 */
enum SqlArray {
  TEXT("text", String[]::new),
  INT8("int8", Long[]::new),
  INT4("int4", Integer[]::new),
  INT2("int2", Short[]::new),
  BOOL("bool", Boolean[]::new),
  FLOAT8("float8", Double[]::new),
  BYTEA("bytea", Buffer[]::new);

  private final String sqlType;
  private final IntFunction<Object[]> array;

  SqlArray(String sqlType, IntFunction<Object[]> array) {
    this.sqlType = sqlType;
    this.array = array;
  }

  /** The parameter's cast, e.g. {@code int8[]}. */
  String cast() {
    return sqlType + "[]";
  }

  Object[] array(int length) {
    return array.apply(length);
  }
}
