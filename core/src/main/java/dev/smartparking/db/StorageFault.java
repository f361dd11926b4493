package dev.smartparking.db;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * What a failed PostgreSQL operation says about what to do next: the one reading of storage errors
 * that ingest (hold the batch and send it again, or not) and the API (503, or 500) both act on.
 *
 * <p>Transient means PostgreSQL cannot do the work now but will once an operator, the lock holder or
 * time has done its part, and the same statement may simply be sent again: ingest's batch statement
 * is safe to repeat (its primary keys drop what an earlier attempt stored), and the API only reads.
 */
public enum StorageFault {

  /**
   * PostgreSQL cannot be reached or will not take work now: a refused, reset or closed connection,
   * no pooled connection in time, SQLSTATE class 08 (connection exception), class 40 but 40002
   * (serialization failure, deadlock: the transaction was rolled back and may run again), class 53
   * (insufficient resources: disk full, out of memory, too many connections), class 57 but 57014
   * (shutdown, crash, cannot connect now) and 55P03 (lock not available).
   */
  UNAVAILABLE(true),
  /**
   * SQLSTATE 57014: the statement was cancelled, by a statement timeout or by an administrator
   * ({@code pg_cancel_backend}). Transient like {@link #UNAVAILABLE}; told apart because a query
   * cut by its timeout will be cut again unless it is asked differently.
   */
  CANCELLED(true),
  /**
   * The statement's data is at fault, not the connection: SQLSTATE class 22 (data exception), 23
   * (integrity violation) and 40002 (an integrity violation found at commit). Sending it again
   * fails the same way.
   */
  DATA(false),
  /** Anything else: a bug, or a schema that does not match the code. */
  OTHER(false);

  private static final String QUERY_CANCELED = "57014";
  private static final String COMMIT_INTEGRITY_VIOLATION = "40002";
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  /** SQLSTATE classes whose every code is transient (but the two named above). */
  private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57");
  private static final Set<String> DATA_CLASSES = Set.of("22", "23");

  private final boolean isTransient;

  StorageFault(boolean isTransient) {
    this.isTransient = isTransient;
  }

  /** Waited out and tried again rather than reported: the work itself is sound. */
  public boolean isTransient() {
    return isTransient;
  }

  /**
   * Reads the failure and its causes: the first SQLSTATE PostgreSQL sent decides; without one, a
   * connection that failed or timed out is {@link #UNAVAILABLE}.
   */
  public static StorageFault of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DatabaseException db && db.getSqlState() != null) {
        return ofSqlState(db.getSqlState());
      }
      if (t instanceof IOException || t instanceof ClosedConnectionException || t instanceof TimeoutException) {
        // ConnectException and a reset connection are IOExceptions; the pool's wait for a
        // connection ends in a TimeoutException.
        return UNAVAILABLE;
      }
    }
    return OTHER;
  }

  /** The first SQLSTATE PostgreSQL sent among the failure and its causes; null without one. */
  public static String sqlState(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DatabaseException db && db.getSqlState() != null) {
        return db.getSqlState();
      }
    }
    return null;
  }

  static StorageFault ofSqlState(String state) {
    if (state.equals(QUERY_CANCELED)) {
      return CANCELLED;
    }
    if (state.equals(COMMIT_INTEGRITY_VIOLATION)) {
      return DATA;
    }
    if (state.equals(LOCK_NOT_AVAILABLE)) {
      return UNAVAILABLE;
    }
    String sqlClass = state.length() >= 2 ? state.substring(0, 2) : state;
    if (TRANSIENT_CLASSES.contains(sqlClass)) {
      return UNAVAILABLE;
    }
    return DATA_CLASSES.contains(sqlClass) ? DATA : OTHER;
  }
}
