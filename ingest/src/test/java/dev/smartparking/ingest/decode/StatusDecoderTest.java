package dev.smartparking.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smartparking.ingest.Outcome;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusDecoderTest {

  /** 2027-01-15: after every ts used here, so the clock rule lets them through. */
  private static final long RECEIVED = 1_800_000_000_000L;
  /** Keeps every ts since the epoch: these tests judge fields, and the ones below the window's edge. */
  private static final ClockRule CLOCK = new ClockRule(Duration.ofMinutes(5), Duration.ofMillis(RECEIVED));

  private static Inbound inbound(String json) {
    return new Inbound("gw-1", "v1/lots/L-1/status", 1, Buffer.buffer(json), RECEIVED);
  }

  @Test
  void decodesAllFieldsAndIgnoresUnknownOnes() {
    LotStatusReport report = StatusDecoder.decode(
        inbound("{\"seq\":1042,\"ts\":1763870400123,\"total\":420,\"free\":37,\"closed\":false,\"fw\":{\"v\":[1,2]}}"),
        "L-1", CLOCK);

    assertThat(report).isEqualTo(new LotStatusReport("gw-1", 1042, 1763870400123L, "L-1", 420, 37, false, RECEIVED));
  }

  @Test
  void closedIsNullWhenLeftOut() {
    assertThat(StatusDecoder.decode(inbound("{\"seq\":1,\"ts\":2,\"total\":3,\"free\":3}"), "L-1", CLOCK).closed()).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"seq\":-1,\"ts\":2,\"total\":3,\"free\":1}           | seq: -1 is outside 0..9223372036854775807",
      "{\"seq\":1.5,\"ts\":2,\"total\":3,\"free\":1}          | seq: expected an integer in 0..9223372036854775807, got 1.5",
      "{\"seq\":\"1\",\"ts\":2,\"total\":3,\"free\":1}        | seq: expected an integer",
      "{\"seq\":99999999999999999999,\"ts\":2,\"total\":3,\"free\":1} | seq: expected an integer in 0..9223372036854775807, got 99999999999999999999",
      "{\"seq\":1,\"total\":3,\"free\":1}                     | ts: missing",
      "{\"seq\":1,\"ts\":2,\"total\":100001,\"free\":1}       | total: 100001 is outside 0..100000",
      "{\"seq\":1,\"ts\":2,\"total\":3,\"free\":4}            | free: 4 is more than total 3",
      "{\"seq\":1,\"ts\":2,\"total\":3,\"free\":1,\"closed\":\"no\"} | closed: expected true or false",
      "{\"seq\":1,\"ts\":2,\"total\":[3],\"free\":1}          | total: expected an integer"})
  void rejectsInvalidFieldsNamingThem(String json, String detail) {
    assertThatThrownBy(() -> StatusDecoder.decode(inbound(json), "L-1", CLOCK))
        .isInstanceOfSatisfying(DeviceFault.class, f -> {
          assertThat(f.reason()).isEqualTo(Outcome.INVALID);
          assertThat(f.detail()).isEqualTo(detail);
        });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"[1,2]", "\"text\"", "{\"seq\":1,", "{\"seq\":1} trailing", "''"})
  void rejectsAnythingButOneJsonObjectAsMalformed(String payload) {
    assertThatThrownBy(() -> StatusDecoder.decode(inbound(payload), "L-1", CLOCK))
        .isInstanceOfSatisfying(DeviceFault.class, f -> assertThat(f.reason()).isEqualTo(Outcome.MALFORMED));
  }

  @Test
  void badFieldIsReportedBeforeAFutureTimestamp() {
    String json = "{\"seq\":1,\"ts\":" + (RECEIVED + 600_000) + ",\"total\":3,\"free\":4}";

    assertThatThrownBy(() -> StatusDecoder.decode(inbound(json), "L-1", CLOCK))
        .isInstanceOfSatisfying(DeviceFault.class, f -> {
          assertThat(f.reason()).isEqualTo(Outcome.INVALID);
          assertThat(f.detail()).isEqualTo("free: 4 is more than total 3");
        });
  }

  @Test
  void futureTimestampOfAnOtherwiseRightPayloadIsAClockFault() {
    String json = "{\"seq\":1,\"ts\":" + (RECEIVED + 600_000) + ",\"total\":3,\"free\":1}";

    assertThatThrownBy(() -> StatusDecoder.decode(inbound(json), "L-1", CLOCK))
        .isInstanceOfSatisfying(DeviceFault.class, f -> assertThat(f.reason()).isEqualTo(Outcome.CLOCK));
  }

  @Test
  void timestampOlderThanTheEventWindowIsAClockFault() {
    ClockRule ninetyDays = new ClockRule(Duration.ofMinutes(5), Duration.ofDays(90));
    long edge = RECEIVED - Duration.ofDays(90).toMillis();

    assertThat(StatusDecoder.decode(inbound("{\"seq\":1,\"ts\":" + edge + ",\"total\":3,\"free\":1}"), "L-1",
        ninetyDays).tsMillis()).isEqualTo(edge);
    assertThatThrownBy(() -> StatusDecoder.decode(
        inbound("{\"seq\":2,\"ts\":" + (edge - 1) + ",\"total\":3,\"free\":1}"), "L-1", ninetyDays))
        .isInstanceOfSatisfying(DeviceFault.class, f -> {
          assertThat(f.reason()).isEqualTo(Outcome.CLOCK);
          assertThat(f.detail()).isEqualTo("ts is 7776000 s behind the server clock (events are kept 7776000 s)");
        });
  }

  @Test
  void brokenJsonIsMalformedEvenWhenAFieldBeforeTheBreakIsInvalid() {
    assertThatThrownBy(() -> StatusDecoder.decode(inbound("{\"seq\":-5, \"ts\": }"), "L-1", CLOCK))
        .isInstanceOfSatisfying(DeviceFault.class, f -> assertThat(f.reason()).isEqualTo(Outcome.MALFORMED));
  }
}
