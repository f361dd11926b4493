package dev.smartparking.server;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's end-to-end runs: one real server on a fresh database for the whole class, and a directory for ledgers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgainstRunningServer {

  @TempDir static Path dir;

  ServerFixture server;

  @BeforeAll
  void start() {
    server = fixture().start();
  }

  /** The server this class runs against; a class that needs other settings says so here. */
  ServerFixture fixture() {
    return new ServerFixture();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** The server's API address and the tokens of both roles, as the simulator's options. */
  List<String> apiOptions() {
    return List.of(
        "--api", "http://127.0.0.1:" + server.httpPort(),
        "--admin-token", ServerFixture.ADMIN_TOKEN,
        "--reader-token", ServerFixture.READER_TOKEN);
  }
}
