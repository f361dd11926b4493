package dev.smartparking.testkit;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Hands out fresh databases on one PostgreSQL server: the one named by {@value #ENV} when set
 * (CI, and any machine with PostgreSQL at hand), else a Testcontainers one when Docker runs.
 */
public final class TestPostgres {

  /** For example {@code postgresql://postgres@127.0.0.1:5432/sp_ci_1234}; databases are created beside it. */
  public static final String ENV = "SMARTPARKING_TEST_PG";

  private static Server server;

  private TestPostgres() {}

  /** A new empty database, named after the run's database so a run's leftovers are easy to find. */
  public static synchronized TestDatabase freshDatabase() {
    if (server == null) {
      server = locate();
    }
    String name = server.prefix() + "_" + UUID.randomUUID().toString().substring(0, 8);
    String url = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + server.database();
    try (Connection c = DriverManager.getConnection(url, server.user(), server.password())) {
      c.createStatement().execute("CREATE DATABASE \"" + name + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database on " + url + ": " + e.getMessage(), e);
    }
    return new TestDatabase(server.host(), server.port(), name, server.user(), server.password(), server.database());
  }

  private static Server locate() {
    String configured = System.getenv(ENV);
    if (configured != null && !configured.isBlank()) {
      return parse(configured);
    }
    if (DockerClientFactory.instance().isDockerAvailable()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      return new Server(container.getHost(), container.getMappedPort(5432), container.getDatabaseName(),
          container.getUsername(), container.getPassword(), "sp_test");
    }
    throw new IllegalStateException("No PostgreSQL for the tests: set " + ENV
        + "=postgresql://USER[:PASSWORD]@HOST:PORT/DATABASE (a database the tests may create others beside),"
        + " or start Docker so Testcontainers can run one.");
  }

  static Server parse(String value) {
    URI uri = URI.create(value);
    if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null || uri.getPath().length() < 2) {
      throw new IllegalStateException(ENV + " must look like postgresql://user@host:5432/database, got " + value);
    }
    String user = "postgres";
    String password = "";
    if (uri.getUserInfo() != null) {
      String[] parts = uri.getUserInfo().split(":", 2);
      user = parts[0];
      password = parts.length > 1 ? parts[1] : "";
    }
    String database = uri.getPath().substring(1);
    return new Server(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, user, password, database);
  }

  record Server(String host, int port, String database, String user, String password, String prefix) {}
}
