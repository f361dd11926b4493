package dev.smartparking.simulator.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Reads the acknowledgements of a load connection straight from the socket's bytes and hands them
 * to the connection as (type, packet id, reason code), without an object per packet; every other
 * packet (CONNACK, DISCONNECT, ...) goes whole to the {@code MqttDecoder} behind it.
 *
 * <p>Why: Netty's MqttDecoder builds three objects per PUBACK and replays its reads; in a JFR
 * profile against Mosquitto it was the generator's second largest cost after encoding.
 */
final class AckDecoder extends ByteToMessageDecoder {

  static final int PUBACK = 4;
  static final int PUBREC = 5;
  static final int PUBCOMP = 7;
  private static final int PINGRESP = 13;

  /** Where the acknowledgements go. */
  interface Acks {
    /** {@code reasonCode} is 0 when the packet has none (MQTT 3.1.1, or MQTT 5's short form). */
    void acknowledged(int type, int packetId, int reasonCode);

    void undecodable(String why);
  }

  private final Acks acks;
  private final int maxPacket;

  AckDecoder(Acks acks, int maxPacket) {
    this.acks = acks;
    this.maxPacket = maxPacket;
  }

  /** One packet per call, so acknowledgements and forwarded packets keep their order. */
  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int start = in.readerIndex();
    int available = in.readableBytes();
    if (available < 2) {
      return;
    }
    int remaining = 0;
    int headerLength = 1;
    int shift = 0;
    int digit;
    do {
      if (headerLength > 4) {
        fail(in, "remaining length longer than 4 bytes");
        return;
      }
      if (headerLength >= available) {
        return;
      }
      digit = in.getUnsignedByte(start + headerLength);
      remaining |= (digit & 0x7F) << shift;
      shift += 7;
      headerLength++;
    } while ((digit & 0x80) != 0);
    if (remaining > maxPacket) {
      fail(in, "packet of " + remaining + " bytes exceeds " + maxPacket);
      return;
    }
    int length = headerLength + remaining;
    if (available < length) {
      return;
    }
    int type = in.getUnsignedByte(start) >>> 4;
    switch (type) {
      case PUBACK, PUBREC, PUBCOMP -> {
        if (remaining < 2) {
          fail(in, "acknowledgement without a packet id");
          return;
        }
        int id = in.getUnsignedShort(start + headerLength);
        int reason = remaining > 2 ? in.getUnsignedByte(start + headerLength + 2) : 0;
        in.skipBytes(length);
        acks.acknowledged(type, id, reason);
      }
      case PINGRESP -> in.skipBytes(length);
      default -> out.add(in.readRetainedSlice(length));
    }
  }

  private void fail(ByteBuf in, String why) {
    in.skipBytes(in.readableBytes());
    acks.undecodable(why);
  }
}
