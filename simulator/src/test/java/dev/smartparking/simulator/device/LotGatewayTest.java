package dev.smartparking.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.city.GeoPoint;
import dev.smartparking.simulator.city.Lot;
import dev.smartparking.simulator.city.LotKind;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LotGatewayTest {

  private static final Lot LOT =
      new Lot("L-410802-0001", "解放区商业停车场01", "410802", new GeoPoint(35.24, 113.23), 420, LotKind.COMMERCIAL, List.of());

  private final RecordingConnection connection = new RecordingConnection();
  private final DeliveryStats stats = new DeliveryStats();
  private final LotGateway gateway =
      new LotGateway(
          "gw-L-410802-0001",
          LOT,
          connection,
          SequenceNumbers.startingAt(100),
          new PublishPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30)),
          stats);

  @Test
  void gatewayPublishesSnapshotsOfItsLotWithTheGivenTimeAndIncreasingSeq() {
    gateway.observe(40, 1_000_000);
    gateway.observe(38, 1_001_000);

    assertThat(connection.sent).extracting(RecordingConnection.Sent::topic).containsOnly("v1/lots/L-410802-0001/status");
    JsonObject first = new JsonObject(connection.sent.get(0).payload());
    JsonObject second = new JsonObject(connection.sent.get(1).payload());
    assertThat(first.getLong("seq")).isEqualTo(100);
    assertThat(second.getLong("seq")).isEqualTo(101);
    assertThat(first.getLong("ts")).isEqualTo(1_000_000);
    assertThat(second.getLong("ts")).isEqualTo(1_001_000);
    assertThat(second.getInteger("total")).isEqualTo(420);
    assertThat(second.getInteger("free")).isEqualTo(38);
  }

  @Test
  void changesWithinASecondWaitAndTheLatestCountIsSentWhenAllowed() {
    gateway.observe(40, 1_000_000);
    gateway.observe(39, 1_000_400);
    gateway.observe(37, 1_000_800);
    gateway.observe(37, 1_001_000);

    assertThat(connection.sent).hasSize(2);
    assertThat(new JsonObject(connection.sent.get(1).payload()).getInteger("free")).isEqualTo(37);
    assertThat(gateway.lastPublishedFree()).isEqualTo(37);
  }

  @Test
  void pubAcksRejectionsAndFailuresAreCountedApart() {
    gateway.observe(40, 1_000_000);
    gateway.observe(39, 1_001_000);
    gateway.observe(38, 1_002_000);
    gateway.observe(37, 1_003_000);

    connection.sent.get(0).ack().complete(null);
    connection.sent.get(1).ack().completeExceptionally(new PublishRejected("PUBACK 0x99"));
    connection.sent.get(2).ack().completeExceptionally(new IllegalStateException("connection lost"));

    DeliveryFigures figures = stats.figures();
    assertThat(figures.sent()).isEqualTo(4);
    assertThat(figures.acknowledged()).isEqualTo(1);
    assertThat(figures.rejected()).isEqualTo(1);
    assertThat(figures.failed()).isEqualTo(1);
    assertThat(figures.pending()).isEqualTo(1);
    assertThat(figures.allAccepted()).isFalse();
    assertThat(stats.firstProblem()).contains("PUBACK 0x99");
  }
}
