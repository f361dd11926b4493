package dev.smartparking.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An MQTT 3.1.1 device on a raw socket, for flows a client library completes by itself: a QoS 2
 * PUBLISH left without its PUBREL, a connection dropped in the middle of one, a silent socket.
 */
final class RawDevice implements AutoCloseable {

  private static final int CONNACK = 0x20;
  private static final int PUBREC = 0x50;
  private static final int PUBCOMP = 0x70;

  private final Socket socket;
  private final InputStream in;
  private final boolean sessionPresent;

  private RawDevice(Socket socket, boolean sessionPresent) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.sessionPresent = sessionPresent;
  }

  /** Connected and accepted (CONNACK 0), with the clean session flag given. */
  static RawDevice connect(int port, String device, String secret, boolean cleanSession) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write(connectPacket(device, secret, 60, cleanSession));
    byte[] connAck = socket.getInputStream().readNBytes(4);
    assertThat(connAck).as("CONNACK").hasSize(4).startsWith(CONNACK, 0x02);
    assertThat(connAck[3]).as("CONNACK return code").isZero();
    return new RawDevice(socket, (connAck[2] & 1) == 1);
  }

  /** An MQTT 3.1.1 CONNECT with username and password. */
  static byte[] connectPacket(String clientId, String secret, int keepAliveSeconds, boolean cleanSession)
      throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(body);
    out.writeUTF("MQTT");
    out.writeByte(4);
    out.writeByte(cleanSession ? 0xC2 : 0xC0);
    out.writeShort(keepAliveSeconds);
    out.write(utf(clientId));
    out.write(utf(clientId));
    out.write(utf(secret));
    return packet(0x10, body.toByteArray());
  }

  /** The CONNACK's session present flag. */
  boolean sessionPresent() {
    return sessionPresent;
  }

  /** A QoS 2 PUBLISH; {@code dup} marks it sent again. */
  void publishExactlyOnce(int packetId, boolean dup, String topic, String payload) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(utf(topic));
    body.write(packetId >> 8);
    body.write(packetId & 0xFF);
    body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
    write(packet(0x34 | (dup ? 0x08 : 0), body.toByteArray()));
  }

  void release(int packetId) {
    write(new byte[] {0x62, 0x02, (byte) (packetId >> 8), (byte) packetId});
  }

  void expectReceived(int packetId) {
    expect(PUBREC, packetId);
  }

  void expectComplete(int packetId) {
    expect(PUBCOMP, packetId);
  }

  private void expect(int type, int packetId) {
    try {
      assertThat(in.readNBytes(4)).containsExactly(type, 0x02, packetId >> 8, packetId & 0xFF);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads until the server closes; -1 then. */
  int read() throws IOException {
    return in.read();
  }

  private void write(byte[] packet) {
    try {
      socket.getOutputStream().write(packet);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Drops the connection without DISCONNECT, as a device that loses its network does. */
  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** Remaining lengths below 128, all this device sends. */
  private static byte[] packet(int header, byte[] body) {
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    packet.write(header);
    packet.write(body.length);
    packet.writeBytes(body);
    return packet.toByteArray();
  }

  private static byte[] utf(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    byte[] prefixed = new byte[bytes.length + 2];
    prefixed[0] = (byte) (bytes.length >> 8);
    prefixed[1] = (byte) bytes.length;
    System.arraycopy(bytes, 0, prefixed, 2, bytes.length);
    return prefixed;
  }
}
