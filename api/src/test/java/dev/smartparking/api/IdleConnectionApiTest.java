package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code http.idle-timeout}: a connection that stays silent is closed, so idle sockets cannot pile up. */
class IdleConnectionApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.configured(config -> config.set("http.idle-timeout", "PT1S"));

  @Test
  void closesAKeptAliveConnectionOnceItIsIdleForTheTimeout() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", api.port()));
      // Far above the idle timeout: without it, the read below would wait this long and throw.
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(
          "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      String response = readResponse(in);
      assertThat(response).startsWith("HTTP/1.1 200");

      assertThat(in.read()).as("the server closed the idle connection").isEqualTo(-1);
    }
  }

  /** The status line, headers and body of one response whose body is its Content-Length. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.read());
    }
    int length = Integer.parseInt(head.toString().lines()
        .filter(line -> line.toLowerCase().startsWith("content-length:"))
        .findFirst().orElseThrow().substring("content-length:".length()).trim());
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
