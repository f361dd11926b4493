package dev.smartparking.simulator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.device.MqttVersion;
import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.LedgerEntry;
import dev.smartparking.simulator.ledger.LotTruth;
import dev.smartparking.simulator.standin.FakeBroker;
import dev.smartparking.simulator.standin.FakeCityPlatform;
import dev.smartparking.simulator.standin.FakeStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Verify against a stand-in platform that holds exactly what a ledger says, and then a little less or more. */
class VerificationTest {

  private static final long T0 = System.currentTimeMillis() - 60_000;

  private FakeBroker broker;
  private FakeCityPlatform platform;
  private final List<LedgerEntry> ledger = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    broker = new FakeBroker();
    platform = new FakeCityPlatform(broker);
    JsonObject catalogue =
        new JsonObject()
            .put("lots", new JsonArray().add(lot("L-1")).add(lot("L-2")).add(lot("L-3")))
            .put("devices", new JsonArray().add(gateway("L-1")).add(gateway("L-2")).add(gateway("L-3")));
    platform.catalogue = catalogue;
    broker.store.register(catalogue);
    // Three pages of lots and of rows at the stand-in's page size: paging is part of what is checked.
    platform.pageSize = 2;
    for (int i = 0; i < 4; i++) {
      accepted("L-1", i, 100, 50 - i, false);
      accepted("L-2", i, 80, 10 + i, i == 3);
    }
    rejected("L-1", "v1/lots/L-1/status", "invalid", 0x99, "{\"seq\":9,\"ts\":1,\"total\":10,\"free\":11}");
    rejected("L-2", "v1/lots/L-9/status", "unknown_entity", 0x87, "{\"seq\":9,\"ts\":1,\"total\":10,\"free\":1}");
    rejected("L-3", "v1/lots/L-3/odd", "unknown_topic", 0x90, "{}");
    rejected("L-3", "v1/lots/L-3/status", "malformed", 0x99, "{\"seq\":");
  }

  @AfterEach
  void stop() throws Exception {
    platform.close();
    broker.close();
  }

  private static JsonObject lot(String id) {
    return new JsonObject().put("id", id).put("name", id).put("district", "410802").put("lat", 35.2).put("lon", 113.2)
        .put("capacity", 100).put("counting", "status");
  }

  private static JsonObject gateway(String lot) {
    return new JsonObject().put("id", "gw-" + lot).put("kind", "lot_gateway").put("lots", new JsonArray().add(lot));
  }

  /** A status message the server acknowledged and stored. */
  private void accepted(String lot, int n, int total, int free, boolean closed) {
    long seq = 1_000 + n;
    long ts = T0 + n * 1000L;
    String topic = "v1/lots/" + lot + "/status";
    ledger.add(
        new LedgerEntry("gw-" + lot, topic, seq, ts, 1, LedgerEntry.ACCEPTED, Answer.ACKED, 0,
            new LotTruth(lot, total, free, closed), LedgerEntry.sha256("status " + seq)));
    broker.store.accept(new FakeStore.Accepted("gw-" + lot, seq, ts, topic, lot, total, free, closed));
  }

  /** A hostile message the server acknowledged with {@code code} and stored as rejected. */
  private void rejected(String lot, String topic, String reason, int code, String payload) {
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    ledger.add(
        new LedgerEntry("gw-" + lot, topic, null, null, 1, reason, Answer.ACKED, code, null, LedgerEntry.sha256(bytes)));
    broker.store.reject(new FakeStore.Rejection(Instant.now(), "gw-" + lot, topic, 1, reason, "test", bytes));
  }

  private VerifyResult verify() throws Exception {
    return verify(MqttVersion.V5);
  }

  private VerifyResult verify(MqttVersion version) throws Exception {
    return new Verification(platform.api(), FakeCityPlatform.ADMIN_TOKEN, FakeCityPlatform.READER_TOKEN, version, 20)
        .verify(ledger);
  }

  @Test
  void passesWhenThePlatformHoldsExactlyWhatWasAcknowledged() throws Exception {
    VerifyResult result = verify();

    assertThat(result.differences().all()).isEmpty();
    assertThat(result.passed()).isTrue();
    assertThat(result.lots()).isEqualTo(2);
    assertThat(result.devices()).isEqualTo(3);
    assertThat(result.rejections()).isEqualTo(4);
  }

  @Test
  void failsNamingTheDeviceWhenThePlatformLostAnAcknowledgedMessage() throws Exception {
    broker.store.loseNewest("gw-L-2");

    VerifyResult result = verify();

    assertThat(result.passed()).isFalse();
    assertThat(result.differences().shown(Check.COUNTS))
        .containsExactly(
            "device gw-L-2: the server counts 3 accepted messages; the simulator had 4 acknowledged (lost 1)");
  }

  @Test
  void failsWhenTheLostMessageWasTheLotsLatestState() throws Exception {
    broker.store.loseNewest("gw-L-2");

    VerifyResult result = verify();

    assertThat(result.differences().shown(Check.LOTS))
        .singleElement()
        .asString()
        .startsWith("lot L-2: the API reports total 80 free 12 state open; expected total 80 free 13 closed");
  }

  @Test
  void failsWhenARetransmitIsCountedTwice() throws Exception {
    broker.store.countNewestTwice("gw-L-1");

    VerifyResult result = verify();

    assertThat(result.passed()).isFalse();
    assertThat(result.differences().shown(Check.COUNTS))
        .containsExactly(
            "device gw-L-1: the server counts 5 accepted messages; the simulator had 4 acknowledged (1 too many)");
  }

  @Test
  void failsWhenALotsFreeCountDiffers() throws Exception {
    broker.store.reportFree("L-1", 46);

    VerifyResult result = verify();

    assertThat(result.passed()).isFalse();
    assertThat(result.differences().all())
        .containsExactly(
            "lot L-1: the API reports total 100 free 46 state open; expected total 100 free 47 not closed after gw-L-1 seq 1003");
  }

  @Test
  void failsWhenAHostileMessageIsMissingFromTheRejectedStore() throws Exception {
    broker.store.forgetRejection("unknown_entity");

    VerifyResult result = verify();

    assertThat(result.passed()).isFalse();
    assertThat(result.differences().all())
        .containsExactly("device gw-L-2 seq null on v1/lots/L-9/status: not in the rejected store (expected reason unknown_entity)");
  }

  @Test
  void failsWhenAHostileMessageIsStoredUnderAnotherReason() throws Exception {
    broker.store.relabelRejection("invalid", "clock");

    VerifyResult result = verify();

    assertThat(result.passed()).isFalse();
    assertThat(result.differences().all())
        .containsExactly("device gw-L-1 seq null on v1/lots/L-1/status: stored under reason clock, expected invalid");
  }

  @Test
  void failsWhenTheStoreHoldsARejectionNoMessageCalledFor() throws Exception {
    broker.store.reject(
        new FakeStore.Rejection(Instant.now(), "gw-L-3", "v1/lots/L-3/status", 1, "clock", "test", new byte[] {1}));

    VerifyResult result = verify();

    assertThat(result.differences().shown(Check.REJECTED))
        .singleElement()
        .asString()
        .startsWith("device gw-L-3: rejected as clock on v1/lots/L-3/status at ")
        .endsWith("but no message of the run called for it");
  }

  @Test
  void ignoresRejectionsOfDevicesTheLedgerDoesNotKnow() throws Exception {
    broker.store.reject(
        new FakeStore.Rejection(Instant.now(), "gw-elsewhere", "v1/lots/X/status", 1, "clock", "test", new byte[] {1}));

    assertThat(verify().passed()).isTrue();
  }

  @Test
  void anUnansweredMessageMayHaveBeenCommittedOrNot() throws Exception {
    LedgerEntry last = ledger.get(ledger.size() - 5);
    ledger.add(
        new LedgerEntry(last.device(), last.topic(), 2_000L, T0 + 10_000, 1, LedgerEntry.ACCEPTED, Answer.UNANSWERED, 0,
            new LotTruth("L-2", 80, 0, false), "x"));
    int answersWithout = verify().differences().count(Check.ANSWERS);
    broker.store.accept(new FakeStore.Accepted(last.device(), 2_000L, T0 + 10_000, last.topic(), "L-2", 80, 0, false));

    VerifyResult committed = verify();

    assertThat(committed.differences().count(Check.COUNTS)).isZero();
    assertThat(committed.differences().count(Check.LOTS)).isZero();
    assertThat(committed.differences().count(Check.ANSWERS)).isEqualTo(answersWithout).isEqualTo(1);
    assertThat(committed.differences().shown(Check.ANSWERS))
        .containsExactly("device gw-L-2 seq 2000 on v1/lots/L-2/status (accepted): expected a success acknowledgement, got no answer");
  }

  @Test
  void anAttemptLeftUnansweredByADropIsJudgedByItsAnsweredRetransmission() throws Exception {
    LedgerEntry first = ledger.get(0);
    // The same message once more, before its acknowledged copy: sent, then the connection dropped.
    ledger.add(0, new LedgerEntry(first.device(), first.topic(), first.seq(), first.ts(), 1, LedgerEntry.ACCEPTED,
        Answer.UNANSWERED, 0, first.lot(), first.payloadSha256()));

    assertThat(verify().passed()).isTrue();
  }

  @Test
  void failsWhenARejectionCameBackWithTheWrongReasonCode() throws Exception {
    LedgerEntry invalid = ledger.stream().filter(e -> e.expect().equals("invalid")).findFirst().orElseThrow();
    ledger.set(ledger.indexOf(invalid), withCode(invalid, 0x87));

    VerifyResult result = verify();

    assertThat(result.differences().all())
        .containsExactly("device gw-L-1 seq null on v1/lots/L-1/status (invalid): expected PUBACK 0x99, got PUBACK 0x87");
  }

  @Test
  void overMqtt311AnyAcknowledgementOfARejectionIsTheRightAnswer() throws Exception {
    ledger.replaceAll(entry -> entry.expectsAccepted() ? entry : withCode(entry, 0));

    assertThat(verify(MqttVersion.V3_1_1).passed()).isTrue();
    assertThat(verify(MqttVersion.V5).differences().count(Check.ANSWERS)).isEqualTo(4);
  }

  @Test
  void aWrongPasswordMustBeRefusedAndAnOversizedPacketMustCloseTheConnection() throws Exception {
    ledger.add(new LedgerEntry("gw-L-1", null, null, null, 1, "refused", Answer.REFUSED, 0x86, null, null));
    ledger.add(new LedgerEntry("gw-L-1", "v1/lots/L-1/status", 5_000L, T0, 1, "closed", Answer.CLOSED, 0, null, "y"));
    assertThat(verify().passed()).isTrue();

    ledger.add(new LedgerEntry("gw-L-3", null, null, null, 1, "refused", Answer.ACKED, 0, null, null));
    ledger.add(new LedgerEntry("gw-L-3", "v1/lots/L-3/status", 5_001L, T0, 1, "closed", Answer.ACKED, 0, null, "z"));

    assertThat(verify().differences().shown(Check.ANSWERS))
        .containsExactly(
            "device gw-L-3 connecting (refused): expected a refused connection, got an accepted connection",
            "device gw-L-3 seq 5001 on v1/lots/L-3/status (closed): expected the connection closed, got PUBACK 0x00");
  }

  private static LedgerEntry withCode(LedgerEntry entry, int code) {
    return new LedgerEntry(entry.device(), entry.topic(), entry.seq(), entry.ts(), entry.qos(), entry.expect(),
        entry.answer(), code, entry.lot(), entry.payloadSha256());
  }
}
