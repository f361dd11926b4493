package dev.smartparking.server;

import dev.smartparking.config.ConfigLoader;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The whole server (ingest and API in one process) on ephemeral ports over a fresh database. */
final class ServerFixture implements AutoCloseable {

  static final String READER_TOKEN = "reader-token-for-tests";
  static final String ADMIN_TOKEN = "admin-token-for-tests";

  final TestDatabase db = TestPostgres.freshDatabase();
  final ServerConfig config = ConfigLoader.defaults()
      .set("db.host", db.host())
      .set("db.port", Integer.toString(db.port()))
      .set("db.name", db.name())
      .set("db.user", db.user())
      .set("db.password", db.password())
      .set("mqtt.host", "127.0.0.1")
      .set("mqtt.port", "0")
      .set("http.host", "127.0.0.1")
      .set("http.port", "0")
      .set("http.reader-token", READER_TOKEN)
      .set("http.admin-token", ADMIN_TOKEN)
      .build();
  private final HttpClient http = HttpClient.newHttpClient();
  private Server server;

  ServerFixture start() {
    server = Server.start(config).await();
    return this;
  }

  void restart() {
    server.close();
    start();
  }

  int mqttPort() {
    return server.mqttPort();
  }

  JsonObject importCatalogue(JsonObject catalogue) {
    return send(HttpRequest.newBuilder(uri("/api/v1/admin/catalogue"))
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(catalogue.encode())).build());
  }

  JsonObject get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + READER_TOKEN).GET().build());
  }

  private JsonObject send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError(request.uri() + " answered " + response.statusCode() + ": " + response.body());
      }
      return new JsonObject(response.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.httpPort() + path);
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      db.close();
    }
  }
}
