package dev.smartparking.simulator.load;

import dev.smartparking.simulator.device.StatusPayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * One lot gateway's status PUBLISH packets, built once and patched per message: packet id, seq, ts
 * and free are written as digits into a prebuilt packet, which is then copied into the outgoing
 * buffer.
 *
 * <p>Why: encoding each message afresh (a {@link StatusPayload}, its JSON string and bytes) was the
 * largest share of the load generator's CPU in a JFR profile against Mosquitto. The packet's length
 * depends on how many digits seq, ts and free have, so there is one prebuilt packet per width of
 * free (1..6 digits), rebuilt when seq or ts gain a digit. Touched only by its connection's loop.
 */
final class StatusPackets {

  /** {@code {"seq":} before the seq digits. */
  private static final int SEQ_PREFIX = 7;
  /** {@code ,"ts":} between seq and ts. */
  private static final int TS_PREFIX = 6;

  private final byte[] topic;
  private final int qos;
  private final boolean mqtt5;
  private final int total;
  /** Indexed by the number of digits of free. */
  private final Template[] byFreeWidth = new Template[digits(StatusPayload.MAX_TOTAL) + 1];
  private int seqWidth;
  private int tsWidth;

  StatusPackets(byte[] topic, int qos, boolean mqtt5, int total) {
    this.topic = topic;
    this.qos = qos;
    this.mqtt5 = mqtt5;
    this.total = total;
  }

  /**
   * Appends the PUBLISH that {@link PacketWriter#publish} would write for a {@link StatusPayload} of
   * these values, byte for byte; {@code packetId} is ignored at QoS 0.
   */
  void write(ByteBuf out, int packetId, long seq, long ts, int free) {
    int seqDigits = digits(seq);
    int tsDigits = digits(ts);
    if (seqDigits != seqWidth || tsDigits != tsWidth) {
      Arrays.fill(byFreeWidth, null);
      seqWidth = seqDigits;
      tsWidth = tsDigits;
    }
    int freeDigits = digits(free);
    Template template = byFreeWidth[freeDigits];
    if (template == null) {
      template = build(freeDigits);
      byFreeWidth[freeDigits] = template;
    }
    byte[] packet = template.bytes;
    if (qos > 0) {
      packet[template.idAt] = (byte) (packetId >>> 8);
      packet[template.idAt + 1] = (byte) packetId;
    }
    putDigits(packet, template.seqAt, seqDigits, seq);
    putDigits(packet, template.tsAt, tsDigits, ts);
    putDigits(packet, template.freeAt, freeDigits, free);
    out.writeBytes(packet);
  }

  /** Encodes a packet of the current seq and ts widths and the given free width, and finds its fields. */
  private Template build(int freeDigits) {
    // Any values of the right widths: every one of their digits is overwritten before use.
    long seq = smallest(seqWidth);
    long ts = smallest(tsWidth);
    int free = (int) smallest(freeDigits);
    if (free > total) {
      throw new IllegalArgumentException("free " + free + " exceeds total " + total);
    }
    byte[] payload = new StatusPayload(seq, ts, total, free).bytes();
    ByteBuf buffer = Unpooled.buffer();
    PacketWriter.publish(buffer, topic, qos, 1, mqtt5, payload);
    byte[] bytes = new byte[buffer.readableBytes()];
    buffer.readBytes(bytes);
    int payloadAt = bytes.length - payload.length;
    int idAt = payloadAt - (mqtt5 ? 1 : 0) - 2;
    int seqAt = payloadAt + SEQ_PREFIX;
    int tsAt = seqAt + seqWidth + TS_PREFIX;
    // free is the last field: its digits end just before the closing brace.
    int freeAt = bytes.length - 1 - freeDigits;
    return new Template(bytes, idAt, seqAt, tsAt, freeAt);
  }

  private static long smallest(int digits) {
    long value = 1;
    for (int i = 1; i < digits; i++) {
      value *= 10;
    }
    return digits == 1 ? 0 : value;
  }

  private static void putDigits(byte[] into, int at, int digits, long value) {
    long rest = value;
    for (int i = at + digits - 1; i >= at; i--) {
      into[i] = (byte) ('0' + (int) (rest % 10));
      rest /= 10;
    }
  }

  /** Decimal digits of a non-negative value. */
  static int digits(long value) {
    // Multiplying up rather than dividing down: it runs three times per message.
    int digits = 1;
    for (long power = 10; digits < 19 && value >= power; power *= 10) {
      digits++;
    }
    return digits;
  }

  /** A prebuilt packet and where its patched fields start. */
  private record Template(byte[] bytes, int idAt, int seqAt, int tsAt, int freeAt) {}
}
