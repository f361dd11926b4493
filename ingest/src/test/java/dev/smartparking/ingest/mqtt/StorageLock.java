package dev.smartparking.ingest.mqtt;

import dev.smartparking.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Holds an exclusive lock on lot_state from another session, so every ingest batch waits: storage that stopped moving. */
final class StorageLock implements AutoCloseable {

  private final Connection connection;

  private StorageLock(Connection connection) {
    this.connection = connection;
  }

  static StorageLock hold(TestDatabase db) throws SQLException {
    Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    connection.setAutoCommit(false);
    connection.createStatement().execute("LOCK TABLE lot_state IN ACCESS EXCLUSIVE MODE");
    return new StorageLock(connection);
  }

  @Override
  public void close() throws SQLException {
    connection.commit();
    connection.close();
  }
}
