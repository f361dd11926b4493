package dev.smartparking.simulator.realistic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.device.SequenceNumbers;
import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.Ledger;
import dev.smartparking.simulator.ledger.LedgerEntry;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceLinkTest {

  @TempDir Path dir;

  private final ScriptedConnection connection = new ScriptedConnection();
  private final RunCounters counters = new RunCounters();
  private Ledger ledger;
  private DeviceLink link;

  private DeviceLink link() {
    ledger = Ledger.create(dir.resolve("ledger.jsonl"));
    link = new DeviceLink("gw-L-1", connection, SequenceNumbers.startingAt(500), counters, ledger);
    return link;
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private Outbound message(long wallMillis) {
    long seq = link.nextSeq();
    long ts = link.nextTs(wallMillis);
    String json = new JsonObject().put("seq", seq).put("ts", ts).put("total", 10).put("free", 4).encode();
    return new Outbound(TopicKind.STATUS, "v1/lots/L-1/status", seq, ts, json.getBytes(StandardCharsets.UTF_8), null);
  }

  @Test
  void messagesOfOneDeviceNeverShareATsEvenWithinOneMillisecond() {
    link();

    assertThat(List.of(link.nextTs(1_000), link.nextTs(1_000), link.nextTs(999), link.nextTs(1_005)))
        .containsExactly(1_000L, 1_001L, 1_002L, 1_005L);
  }

  @Test
  void messagesMadeWhileOfflineWaitAndGoOutInOrderOnReconnect() {
    link();
    link.goOffline();
    link.send(message(1_000));
    link.send(message(1_001));

    assertThat(connection.sent).isEmpty();
    link.comeBack(0);
    link.pump(0);

    assertThat(connection.sent).extracting(s -> new JsonObject(s.payload()).getLong("seq")).containsExactly(500L, 501L);
    assertThat(connection.sent).extracting(s -> new JsonObject(s.payload()).getLong("ts")).containsExactly(1_000L, 1_001L);
  }

  @Test
  void anAttemptCutOffByAnOutageIsRetransmittedWithTheSameSeqTsAndPayload() throws Exception {
    link();
    link.send(message(1_000));
    link.send(message(1_001));
    connection.sent.get(0).ack().complete(null);
    link.goOffline();
    link.send(message(1_002));
    link.comeBack(0);
    link.pump(0);
    connection.sent.subList(2, connection.sent.size()).forEach(s -> s.ack().complete(null));
    ledger.close();

    assertThat(connection.sent).extracting(ScriptedConnection.Sent::payload)
        .containsExactly(
            connection.sent.get(0).payload(),
            connection.sent.get(1).payload(),
            connection.sent.get(1).payload(),
            connection.sent.get(3).payload());
    assertThat(new JsonObject(connection.sent.get(3).payload()).getLong("seq")).isEqualTo(502);
    RunFigures figures = counters.figures();
    assertThat(figures.retransmitted()).isEqualTo(1);
    assertThat(figures.interrupted()).isEqualTo(1);
    assertThat(figures.allAccepted()).isTrue();
    List<LedgerEntry> entries = Ledger.read(dir.resolve("ledger.jsonl"));
    assertThat(entries).extracting(LedgerEntry::seq, LedgerEntry::answer)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(500L, Answer.ACKED),
            org.assertj.core.groups.Tuple.tuple(501L, Answer.UNANSWERED),
            org.assertj.core.groups.Tuple.tuple(501L, Answer.ACKED),
            org.assertj.core.groups.Tuple.tuple(502L, Answer.ACKED));
    assertThat(entries.stream().filter(e -> e.seq() == 501).map(LedgerEntry::payloadSha256).distinct()).hasSize(1);
  }

  @Test
  void aConnectionTheServerClosesIsReconnectedAndWhatItLeftUnansweredGoesAgain() {
    link();
    link.send(message(1_000));
    link.send(message(1_001));
    connection.sent.get(0).ack().complete(null);
    connection.serverCloses();

    link.pump(0);
    connection.sent.subList(2, connection.sent.size()).forEach(s -> s.ack().complete(null));

    assertThat(connection.connects).isEqualTo(1);
    assertThat(connection.sent).extracting(s -> new JsonObject(s.payload()).getLong("seq"))
        .containsExactly(500L, 501L, 501L);
    RunFigures figures = counters.figures();
    assertThat(figures.linksLost()).isEqualTo(1);
    assertThat(figures.interrupted()).isEqualTo(1);
    assertThat(figures.retransmitted()).isEqualTo(1);
    assertThat(figures.allAccepted()).isTrue();
    assertThat(link.outstanding()).isZero();
  }
}
