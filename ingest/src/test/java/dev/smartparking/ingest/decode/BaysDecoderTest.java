package dev.smartparking.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smartparking.ingest.Outcome;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BaysDecoderTest {

  private static final long RECEIVED = 1_800_000_000_000L;
  private static final long FUTURE = RECEIVED + 600_000;
  /** Keeps every ts since the epoch: these tests judge fields, and the ones below the window's edge. */
  private static final ClockRule CLOCK = new ClockRule(Duration.ofMinutes(5), Duration.ofMillis(RECEIVED));
  private static final Set<String> BAYS = Set.of("A-001", "A-002");

  private static DeviceFault fault(String json) {
    Inbound inbound = new Inbound("bg-1", "v1/lots/S-1/bays", 1, Buffer.buffer(json), RECEIVED);
    Throwable thrown = catchThrowable(() -> BaysDecoder.decode(inbound, "S-1", BAYS, CLOCK));
    assertThat(thrown).isInstanceOf(DeviceFault.class);
    return (DeviceFault) thrown;
  }

  @Test
  void unknownBayInALaterItemIsReportedBeforeTheMessagesFutureTimestamp() {
    DeviceFault fault = fault("{\"seq\":1,\"ts\":" + FUTURE + ",\"bays\":[{\"bay\":\"A-001\",\"occupied\":true},"
        + "{\"bay\":\"Z-9\",\"occupied\":true}]}");

    assertThat(fault.reason()).isEqualTo(Outcome.UNKNOWN_ENTITY);
  }

  @Test
  void missingFieldOfALaterItemIsReportedBeforeAnEarlierItemsFutureTimestamp() {
    DeviceFault fault = fault("{\"seq\":1,\"ts\":" + RECEIVED + ",\"bays\":[{\"bay\":\"A-001\",\"occupied\":true,"
        + "\"ts\":" + FUTURE + "},{\"bay\":\"A-002\"}]}");

    assertThat(fault.reason()).isEqualTo(Outcome.INVALID);
    assertThat(fault.detail()).isEqualTo("bays[1].occupied: missing");
  }

  @Test
  void itemTimestampAheadOfTheClockIsAClockFaultNamingTheItem() {
    DeviceFault fault = fault("{\"seq\":1,\"ts\":" + RECEIVED + ",\"bays\":[{\"bay\":\"A-001\",\"occupied\":true},"
        + "{\"bay\":\"A-002\",\"occupied\":false,\"ts\":" + FUTURE + "}]}");

    assertThat(fault.reason()).isEqualTo(Outcome.CLOCK);
    assertThat(fault.detail()).startsWith("bays[1].ts is 600 s ahead");
  }

  @Test
  void decodesEachItemsOwnTimestamp() {
    Inbound inbound = new Inbound("bg-1", "v1/lots/S-1/bays", 1, Buffer.buffer("{\"seq\":1,\"ts\":" + RECEIVED
        + ",\"bays\":[{\"bay\":\"A-001\",\"occupied\":true,\"ts\":" + (RECEIVED - 5) + "}]}"), RECEIVED);

    assertThat(BaysDecoder.decode(inbound, "S-1", BAYS, CLOCK).changes())
        .containsExactly(new BaysReport.Change("A-001", true, RECEIVED - 5));
  }
}
