package dev.smartparking.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckDecoderTest {

  private final List<String> seen = new ArrayList<>();
  private final AckDecoder.Acks acks =
      new AckDecoder.Acks() {
        @Override
        public void acknowledged(int type, int packetId, int reasonCode) {
          seen.add(type + ":" + packetId + ":" + reasonCode);
        }

        @Override
        public void undecodable(String why) {
          seen.add("undecodable: " + why);
        }
      };

  private static ByteBuf bytes(int... values) {
    ByteBuf buf = Unpooled.buffer();
    for (int v : values) {
      buf.writeByte(v);
    }
    return buf;
  }

  @Test
  void acknowledgementsSplitAcrossReadsAreReadWholeAndInOrder() {
    EmbeddedChannel channel = new EmbeddedChannel(new AckDecoder(acks, 1024));
    // PUBACK id 0x0102 (3.1.1 form), PUBREC id 5 reason 0x87 (MQTT 5), PUBCOMP id 0xFFFF, PINGRESP.
    int[] stream = {0x40, 2, 1, 2, 0x50, 3, 0, 5, 0x87, 0x70, 2, 0xFF, 0xFF, 0xD0, 0};
    for (int b : stream) {
      channel.writeInbound(bytes(b));
    }

    assertThat(seen).containsExactly("4:258:0", "5:5:135", "7:65535:0");
    assertThat((Object) channel.readInbound()).as("nothing passed on").isNull();
  }

  @Test
  void otherPacketsPassWholeToTheDecoderBehindInTheirPlace() {
    EmbeddedChannel channel = new EmbeddedChannel(new AckDecoder(acks, 1024));
    // CONNACK (accepted), then a PUBACK in the same read.
    channel.writeInbound(bytes(0x20, 2, 0, 0, 0x40, 2, 0, 9));

    ByteBuf connack = channel.readInbound();
    assertThat(connack.readableBytes()).isEqualTo(4);
    assertThat((int) connack.getUnsignedByte(0)).isEqualTo(0x20);
    connack.release();
    assertThat(seen).containsExactly("4:9:0");
  }

  @Test
  void anOversizedPacketIsUndecodable() {
    EmbeddedChannel channel = new EmbeddedChannel(new AckDecoder(acks, 100));

    channel.writeInbound(bytes(0x30, 0xFF, 0x01));

    assertThat(seen).containsExactly("undecodable: packet of 255 bytes exceeds 100");
  }
}
