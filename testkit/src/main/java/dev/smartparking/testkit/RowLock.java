package dev.smartparking.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Rows locked by a transaction of the test's own, so that the code under test waits on them: to make
 * messages queue into one batch, or two writers run at the same time, on purpose.
 */
public final class RowLock implements AutoCloseable {

  private final Connection connection;

  private RowLock(Connection connection) {
    this.connection = connection;
  }

  /** Runs a {@code SELECT ... FOR UPDATE} and keeps its transaction open. */
  public static RowLock take(TestDatabase db, String selectForUpdate) throws SQLException {
    Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    try (Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.execute(selectForUpdate);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return new RowLock(connection);
  }

  /** Returns once this many sessions of the database wait for a lock (fails after 10 s). */
  public void awaitWaiters(int sessions) {
    Eventually.within(Duration.ofSeconds(10),
        () -> "fewer than " + sessions + " sessions ever waited for a lock; sessions now: " + activityOrWhyNot(),
        () -> waiters() >= sessions);
  }

  /** Sessions of the database waiting for a lock now. */
  public int waiters() throws SQLException {
    try (Statement statement = connection.createStatement();
        // pg_stat_activity is read once per transaction unless its snapshot is cleared
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_clear_snapshot(), pg_stat_activity "
            + "WHERE wait_event_type = 'Lock' AND datname = current_database()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private String activityOrWhyNot() {
    StringBuilder out = new StringBuilder();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT application_name, state, wait_event_type, wait_event, "
            + "left(query, 60) FROM pg_stat_clear_snapshot(), pg_stat_activity WHERE datname = current_database()")) {
      while (rs.next()) {
        out.append("\n  ").append(rs.getString(1)).append(" | ").append(rs.getString(2)).append(" | ")
            .append(rs.getString(3)).append(" | ").append(rs.getString(4)).append(" | ").append(rs.getString(5));
      }
    } catch (SQLException e) {
      out.append(" (not read: ").append(e.getMessage()).append(')');
    }
    return out.toString();
  }

  public void release() throws SQLException {
    connection.commit();
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
