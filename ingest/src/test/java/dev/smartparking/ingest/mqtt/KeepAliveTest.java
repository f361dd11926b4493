package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.ingest.IngestFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
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
      socket.getOutputStream().write(RawDevice.connectPacket(GW1, GW1_SECRET, KEEP_ALIVE_S, true));
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
}
