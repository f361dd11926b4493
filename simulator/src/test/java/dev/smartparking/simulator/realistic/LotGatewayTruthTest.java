package dev.smartparking.simulator.realistic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.city.Lot;
import dev.smartparking.simulator.city.LotKind;
import dev.smartparking.simulator.device.PublishPolicy;
import dev.smartparking.simulator.device.SequenceNumbers;
import dev.smartparking.simulator.ledger.Ledger;
import dev.smartparking.simulator.ledger.LedgerEntry;
import dev.smartparking.simulator.ledger.LotTruth;
import dev.smartparking.simulator.standin.LotReplay;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The truth a gateway writes into the ledger is what the server shows once it has every message: a
 * replay of what was sent, applied as the protocol says, agrees with it after every message.
 */
class LotGatewayTruthTest {

  private static final LocalDateTime MORNING = LocalDateTime.of(2026, 11, 27, 7, 0);

  @TempDir Path dir;

  private final ScriptedConnection connection = new ScriptedConnection();
  private final RunCounters counters = new RunCounters();

  /** Plays {@code gateway} for {@code minutes} simulated minutes in 20-second steps, 200 wall ms apart. */
  private static void play(SimulatedDevice gateway, int minutes) {
    LocalDateTime at = MORNING;
    long wall = 1_764_000_000_000L;
    for (int step = 0; step < minutes * 3; step++) {
      gateway.advance(at, at.plusSeconds(20), wall);
      at = at.plusSeconds(20);
      wall += 200;
    }
  }

  /** Replays each acknowledged message in seq order and checks the ledger's truth after each. */
  private void assertEveryTruthMatchesTheReplay(Path ledgerFile, String device) throws Exception {
    List<LedgerEntry> entries =
        Ledger.read(ledgerFile).stream().sorted(Comparator.comparingLong(LedgerEntry::seq)).toList();
    LotReplay replay = new LotReplay();
    for (LedgerEntry entry : entries) {
      String payload =
          connection.sent.stream()
              .map(ScriptedConnection.Sent::payload)
              .filter(p -> new JsonObject(p).getLong("seq").equals(entry.seq()))
              .findFirst()
              .orElseThrow();
      replay.apply(device, entry.topic(), payload);
      LotTruth truth = entry.lot();
      LotReplay.Counts counts = replay.counts(truth.lotId());
      assertThat(counts).as("after seq " + entry.seq()).isEqualTo(new LotReplay.Counts(truth.total(), truth.free()));
    }
  }

  @Test
  void aStatusLotsSnapshotsAndPassagesAgreeWithTheModelAfterEveryMessage() throws Exception {
    Lot lot = LotModelTest.lot(LotKind.COMMUTER, 200);
    LotModel model = new LotModel(lot, LotDemand.forKind(LotKind.COMMUTER), 1.0, MORNING, new SplittableRandom(21));
    Path ledgerFile = dir.resolve("status.jsonl");
    try (Ledger ledger = Ledger.create(ledgerFile)) {
      DeviceLink link = new DeviceLink("gw-" + lot.id(), connection, SequenceNumbers.startingAt(1), counters, ledger);
      StatusLotGateway gateway = new StatusLotGateway(model, link, new PublishPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30)));
      play(gateway, 90);
      connection.ackAll();
    }

    List<JsonObject> sent = connection.sent.stream().map(s -> new JsonObject(s.payload())).toList();
    assertThat(connection.sent.get(0).topic()).as("a snapshot first").isEqualTo("v1/lots/" + lot.id() + "/status");
    assertThat(connection.sent).extracting(ScriptedConnection.Sent::topic)
        .contains("v1/lots/" + lot.id() + "/passages");
    assertThat(sent.stream().filter(p -> p.containsKey("total")).count()).as("snapshots").isGreaterThan(5);
    assertEveryTruthMatchesTheReplay(ledgerFile, "gw-" + lot.id());
    LotReplay replay = new LotReplay();
    connection.sent.forEach(s -> replay.apply("gw-" + lot.id(), s.topic(), s.payload()));
    assertThat(replay.counts(lot.id())).isEqualTo(new LotReplay.Counts(200, model.free()));
  }

  @Test
  void aBayLotReportsEveryBayFirstAndItsChangesAgreeWithTheModel() throws Exception {
    Lot segment = LotModelTest.segment(30);
    LotModel model = new LotModel(segment, LotDemand.forKind(LotKind.ON_STREET), 1.0, MORNING, new SplittableRandom(22));
    Path ledgerFile = dir.resolve("bays.jsonl");
    try (Ledger ledger = Ledger.create(ledgerFile)) {
      DeviceLink link = new DeviceLink("gw-" + segment.id(), connection, SequenceNumbers.startingAt(1), counters, ledger);
      play(new BayLotGateway(model, link), 120);
      connection.ackAll();
    }

    JsonObject first = new JsonObject(connection.sent.get(0).payload());
    assertThat(first.getJsonArray("bays")).hasSize(30);
    assertThat(connection.sent.size()).isGreaterThan(20);
    assertEveryTruthMatchesTheReplay(ledgerFile, "gw-" + segment.id());
    LotReplay replay = new LotReplay();
    connection.sent.forEach(s -> replay.apply("gw-" + segment.id(), s.topic(), s.payload()));
    assertThat(replay.counts(segment.id())).isEqualTo(new LotReplay.Counts(30, model.free()));
  }

  @Test
  void aGatewayBackFromAnOutageLeavesTheServerWithTheModelsCounts() throws Exception {
    Lot lot = LotModelTest.lot(LotKind.COMMERCIAL, 120);
    LotModel model = new LotModel(lot, LotDemand.forKind(LotKind.COMMERCIAL), 1.0, MORNING.plusHours(3), new SplittableRandom(23));
    try (Ledger ledger = Ledger.create(dir.resolve("outage.jsonl"))) {
      DeviceLink link = new DeviceLink("gw-" + lot.id(), connection, SequenceNumbers.startingAt(1), counters, ledger);
      StatusLotGateway gateway = new StatusLotGateway(model, link, new PublishPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30)));
      play(gateway, 10);
      link.goOffline();
      play(gateway, 10);
      link.comeBack(0);
      link.pump(0);
      play(gateway, 10);
      connection.sent.forEach(s -> s.ack().complete(null));
    }

    LotReplay replay = new LotReplay();
    connection.sent.forEach(s -> replay.apply("gw-" + lot.id(), s.topic(), s.payload()));
    assertThat(counters.figures().outages()).isEqualTo(1);
    assertThat(replay.counts(lot.id())).isEqualTo(new LotReplay.Counts(120, model.free()));
  }
}
