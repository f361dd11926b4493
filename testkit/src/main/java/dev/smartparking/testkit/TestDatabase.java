package dev.smartparking.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A database created for one test class, dropped on close; also runs the SQL that tests assert with. */
public record TestDatabase(String host, int port, String name, String user, String password,
    String maintenanceDatabase) implements AutoCloseable {

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + name;
  }

  /** This database as server settings: the {@code db.*} keys of README's configuration table. */
  public Map<String, String> serverSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("db.host", host);
    settings.put("db.port", Integer.toString(port));
    settings.put("db.name", name);
    settings.put("db.user", user);
    settings.put("db.password", password);
    return Collections.unmodifiableMap(settings);
  }

  /** Every row of a query, column label to value, for assertions. */
  public List<Map<String, Object>> rows(String sql, Object... arguments) {
    try (Connection c = DriverManager.getConnection(jdbcUrl(), user, password);
        PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < arguments.length; i++) {
        statement.setObject(i + 1, arguments[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int col = 1; col <= meta.getColumnCount(); col++) {
            row.put(meta.getColumnLabel(col), rs.getObject(col));
          }
          rows.add(row);
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("query failed: " + sql, e);
    }
  }

  public long count(String sql, Object... arguments) {
    return ((Number) rows(sql, arguments).get(0).values().iterator().next()).longValue();
  }

  public void execute(String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl(), user, password)) {
      c.createStatement().execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("statement failed: " + sql, e);
    }
  }

  @Override
  public void close() {
    String url = "jdbc:postgresql://" + host + ":" + port + "/" + maintenanceDatabase;
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      c.createStatement().execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop test database " + name, e);
    }
  }
}
