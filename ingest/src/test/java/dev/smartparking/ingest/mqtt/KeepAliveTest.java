package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.ingest.IngestFixture;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A device silent for 1.5 × its keep-alive is disconnected (MQTT 3.1.1 §3.1.2.10), seen on a raw socket. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeepAliveTest {

  private static final int KEEP_ALIVE_S = 1;
  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard();




  @Test
  void silentConnectionIsClosedAfterOneAndAHalfKeepAlives() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", fixture.port())) {
      socket.getOutputStream().write(connect(GW1, GW1_SECRET, KEEP_ALIVE_S));
      InputStream in = socket.getInputStream();
      byte[] connAck = in.readNBytes(4);
      assertThat(connAck).containsExactly(0x20, 0x02, 0x00, 0x00);

      socket.setSoTimeout(10_000);
      long silentSince = System.nanoTime();
      int read = in.read();
      long closedAfterMs = (System.nanoTime() - silentSince) / 1_000_000;

      assertThat(read).as("end of stream").isEqualTo(-1);
      assertThat(closedAfterMs).isBetween(1_200L, 4_000L);
    }
  }

  /** An MQTT 3.1.1 CONNECT with clean session, username and password. */
  private static byte[] connect(String clientId, String secret, int keepAliveSeconds) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(body);
    out.writeUTF("MQTT");
    out.writeByte(4);
    out.writeByte(0xC2);
    out.writeShort(keepAliveSeconds);
    out.write(utf(clientId));
    out.write(utf(clientId));
    out.write(utf(secret));
    byte[] variable = body.toByteArray();
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    packet.write(0x10);
    packet.write(variable.length);
    packet.write(variable);
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
