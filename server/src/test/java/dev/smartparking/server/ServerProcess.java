package dev.smartparking.server;

import dev.smartparking.config.ConfigKey;
import dev.smartparking.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code serve} in a JVM of its own (the test's classpath) over a test database, its output in a log file. */
final class ServerProcess {

  private ServerProcess() {}

  /** Plain TCP MQTT and HTTP on ephemeral loopback ports; {@code env} adds or overrides settings. */
  static Process serve(TestDatabase db, Path log, Map<String, String> env) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "serve")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(key -> key.startsWith("SMARTPARKING_"));
    db.serverSettings().forEach((key, value) -> environment.put(new ConfigKey(key, "", "").environmentVariable(), value));
    environment.put("SMARTPARKING_MQTT_HOST", "127.0.0.1");
    environment.put("SMARTPARKING_MQTT_PORT", "0");
    environment.put("SMARTPARKING_HTTP_HOST", "127.0.0.1");
    environment.put("SMARTPARKING_HTTP_PORT", "0");
    environment.put("SMARTPARKING_INGEST_PLATE_KEY", ServerFixture.PLATE_KEY);
    environment.putAll(env);
    return builder.start();
  }

  static String log(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
