package dev.smartparking.simulator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.CommandRun;
import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.Ledger;
import dev.smartparking.simulator.ledger.LedgerEntry;
import dev.smartparking.simulator.ledger.LotTruth;
import dev.smartparking.simulator.standin.FakeBroker;
import dev.smartparking.simulator.standin.FakeCityPlatform;
import dev.smartparking.simulator.standin.FakeStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code verify} command: its output and exit codes. */
class VerifyCommandTest {

  @TempDir Path dir;

  private FakeBroker broker;
  private FakeCityPlatform platform;
  private Path ledgerFile;

  @BeforeEach
  void start() throws Exception {
    broker = new FakeBroker();
    platform = new FakeCityPlatform(broker);
    JsonObject lot =
        new JsonObject().put("id", "L-1").put("name", "L-1").put("district", "410802").put("lat", 35.2).put("lon", 113.2)
            .put("capacity", 10).put("counting", "status");
    platform.catalogue =
        new JsonObject()
            .put("lots", new JsonArray().add(lot))
            .put("devices", new JsonArray().add(new JsonObject().put("id", "gw-L-1").put("lots", new JsonArray().add("L-1"))));
    broker.store.register(platform.catalogue);
    long ts = System.currentTimeMillis() - 1000;
    ledgerFile = dir.resolve("ledger.jsonl");
    try (Ledger ledger = Ledger.create(ledgerFile)) {
      for (long seq = 1; seq <= 2; seq++) {
        ledger.record(
            new LedgerEntry("gw-L-1", "v1/lots/L-1/status", seq, ts + seq, 1, LedgerEntry.ACCEPTED, Answer.ACKED, 0,
                new LotTruth("L-1", 10, (int) seq, false), "h" + seq));
        broker.store.accept(new FakeStore.Accepted("gw-L-1", seq, ts + seq, "v1/lots/L-1/status", "L-1", 10, (int) seq, false));
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    platform.close();
    broker.close();
  }

  private CommandRun verify(String api, Path ledger) {
    return CommandRun.of(List.of("verify", "--ledger", ledger.toString(), "--api", api,
        "--admin-token", FakeCityPlatform.ADMIN_TOKEN, "--reader-token", FakeCityPlatform.READER_TOKEN));
  }

  @Test
  void printsPassAndExitsZeroWhenThePlatformAgrees() {
    CommandRun run = verify(platform.api(), ledgerFile);

    assertThat(run.exit()).as(run.err()).isEqualTo(VerifyCommand.PASS);
    assertThat(run.out()).startsWith("verify: PASS (1 lots, 1 devices, 0 rejections, 2 answers compared; 0 differences)");
  }

  @Test
  void printsFailWithEveryDifferenceAndExitsOne() {
    broker.store.loseNewest("gw-L-1");

    CommandRun run = verify(platform.api(), ledgerFile);

    assertThat(run.exit()).isEqualTo(VerifyCommand.FAIL);
    assertThat(run.out())
        .startsWith("verify: FAIL")
        .contains("  lots: 1 differences", "  counts: 1 differences")
        .contains("    device gw-L-1: the server counts 1 accepted messages; the simulator had 2 acknowledged (lost 1)");
  }

  @Test
  void exitsThreeWhenTheApiCannotBeReached() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    CommandRun run = verify("http://127.0.0.1:" + closedPort, ledgerFile);

    assertThat(run.exit()).isEqualTo(VerifyCommand.API_UNREADABLE);
    assertThat(run.err()).contains("verify: cannot read the API: cannot reach");
  }

  @Test
  void exitsTwoWhenTheLedgerCannotBeRead() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.jsonl"), "not a ledger line\n");

    CommandRun run = verify(platform.api(), broken);

    assertThat(run.exit()).isEqualTo(VerifyCommand.USAGE);
    assertThat(run.err()).contains("cannot read the ledger");
  }
}
