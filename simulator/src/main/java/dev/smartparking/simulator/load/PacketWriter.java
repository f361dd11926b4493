package dev.smartparking.simulator.load;

import io.netty.buffer.ByteBuf;

/**
 * Writes MQTT packets straight into a buffer: those a load connection sends after CONNECT, and
 * the CONNECT a flood sends.
 *
 * <p>These are the hot path: encoding them here skips an MqttMessage, a header object and a topic
 * re-encode per message, and lets many packets share one buffer and one flush.
 */
public final class PacketWriter {

  private static final int PUBLISH = 0x30;
  private static final int PUBREL = 0x62;
  private static final int PINGREQ = 0xC0;
  private static final int DISCONNECT = 0xE0;
  private static final int CONNECT = 0x10;
  private static final byte[] PROTOCOL_NAME = {0, 4, 'M', 'Q', 'T', 'T'};
  private static final int PROTOCOL_LEVEL_3_1_1 = 4;
  /** User name and password present, clean session. */
  private static final int CONNECT_FLAGS = 0xC2;

  private PacketWriter() {}

  /**
   * PUBLISH with {@code topic} already UTF-8 encoded; {@code packetId} is ignored at QoS 0; MQTT 5
   * adds an empty property list.
   */
  static void publish(ByteBuf out, byte[] topic, int qos, int packetId, boolean mqtt5, byte[] payload) {
    int remaining = 2 + topic.length + (qos > 0 ? 2 : 0) + (mqtt5 ? 1 : 0) + payload.length;
    out.writeByte(PUBLISH | (qos << 1));
    writeRemainingLength(out, remaining);
    out.writeShort(topic.length);
    out.writeBytes(topic);
    if (qos > 0) {
      out.writeShort(packetId);
    }
    if (mqtt5) {
      out.writeByte(0);
    }
    out.writeBytes(payload);
  }

  /**
   * MQTT 3.1.1 CONNECT with a user name and a password, clean session; the three strings already
   * UTF-8 encoded.
   */
  public static void connect(ByteBuf out, byte[] clientId, byte[] username, byte[] password, int keepAliveSeconds) {
    int remaining = PROTOCOL_NAME.length + 4 + 6 + clientId.length + username.length + password.length;
    out.writeByte(CONNECT);
    writeRemainingLength(out, remaining);
    out.writeBytes(PROTOCOL_NAME);
    out.writeByte(PROTOCOL_LEVEL_3_1_1);
    out.writeByte(CONNECT_FLAGS);
    out.writeShort(keepAliveSeconds);
    for (byte[] text : new byte[][] {clientId, username, password}) {
      out.writeShort(text.length);
      out.writeBytes(text);
    }
  }

  /** PUBREL; with reason 0 and no properties MQTT 5 uses the same two-byte form as 3.1.1. */
  static void pubrel(ByteBuf out, int packetId) {
    out.writeByte(PUBREL);
    out.writeByte(2);
    out.writeShort(packetId);
  }

  static void pingreq(ByteBuf out) {
    out.writeByte(PINGREQ);
    out.writeByte(0);
  }

  /** DISCONNECT; MQTT 5 reads an empty one as reason 0x00, normal disconnection. */
  static void disconnect(ByteBuf out) {
    out.writeByte(DISCONNECT);
    out.writeByte(0);
  }

  private static void writeRemainingLength(ByteBuf out, int length) {
    int value = length;
    do {
      int digit = value & 0x7F;
      value >>>= 7;
      out.writeByte(value > 0 ? digit | 0x80 : digit);
    } while (value > 0);
  }
}
