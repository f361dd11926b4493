package dev.smartparking.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.device.StatusPayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusPacketsTest {

  private static final byte[] TOPIC = StatusPayload.topic("JZ-SHANYANG-0042").getBytes(StandardCharsets.UTF_8);

  /** What the generator sent before packets were prebuilt: a fresh payload, freshly encoded. */
  private static String fresh(int qos, boolean mqtt5, int packetId, long seq, long ts, int total, int free) {
    ByteBuf out = Unpooled.buffer();
    PacketWriter.publish(out, TOPIC, qos, packetId, mqtt5, new StatusPayload(seq, ts, total, free).bytes());
    return ByteBufUtil.hexDump(out);
  }

  private static String patched(StatusPackets packets, int packetId, long seq, long ts, int free) {
    ByteBuf out = Unpooled.buffer();
    packets.write(out, packetId, seq, ts, free);
    return ByteBufUtil.hexDump(out);
  }

  @ParameterizedTest(name = "QoS {0}, MQTT 5: {1}, total {2}")
  @CsvSource({"0, false, 120", "1, false, 120", "1, true, 120", "2, true, 7", "1, false, 100000", "1, true, 0"})
  void aPatchedPacketIsByteForByteTheFreshlyEncodedOne(int qos, boolean mqtt5, int total) {
    StatusPackets packets = new StatusPackets(TOPIC, qos, mqtt5, total);
    Random random = new Random(42);
    long seq = 1_765_000_000_000_000L;
    for (int i = 0; i < 5_000; i++) {
      int id = 1 + random.nextInt(65_535);
      long ts = 1_765_000_000_000L + random.nextInt(1_000_000);
      int free = random.nextInt(total + 1);
      assertThat(patched(packets, id, seq, ts, free))
          .as("id %d seq %d ts %d free %d", id, seq, ts, free)
          .isEqualTo(fresh(qos, mqtt5, id, seq, ts, total, free));
      seq += 1 + random.nextInt(3);
    }
  }

  @ParameterizedTest(name = "seq {0}, ts {1}")
  @CsvSource({"0, 0", "9, 99", "10, 100", "99999, 1", "999999999999999, 1765000000000", "1000000000000000, 9999999999999",
      "9223372036854775807, 10000000000000"})
  void fieldsGainingOrLosingDigitsStillEncodeExactly(long seq, long ts) {
    StatusPackets packets = new StatusPackets(TOPIC, 1, true, 250);

    // Before and after another width, so a cached packet of the wrong width would show.
    assertThat(patched(packets, 7, 5, 5, 5)).isEqualTo(fresh(1, true, 7, 5, 5, 250, 5));
    for (int free : new int[] {0, 9, 10, 99, 100, 250}) {
      assertThat(patched(packets, 300, seq, ts, free)).isEqualTo(fresh(1, true, 300, seq, ts, 250, free));
    }
    assertThat(patched(packets, 65_535, 5, 5, 5)).isEqualTo(fresh(1, true, 65_535, 5, 5, 250, 5));
  }
}
