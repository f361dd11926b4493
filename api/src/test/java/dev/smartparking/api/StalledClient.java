package dev.smartparking.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A stream client that asks for a stream with a small receive window, then never reads: the slow subscriber. */
final class StalledClient {

  private StalledClient() {}

  /** Asks for {@code path} as a reader. */
  static Socket open(ApiFixture api, String path) throws IOException {
    return open(api.port(), path);
  }

  /** Asks loopback {@code port} for {@code path} as a reader. */
  static Socket open(int port, String path) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    OutputStream out = socket.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + ApiFixture.READER_TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /** Reads what the server had sent until the end of the stream; false if it stays open. */
  static boolean endOfStream(Socket socket) throws IOException {
    socket.setSoTimeout((int) ApiFixture.CATCH_UP.toMillis());
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[64 * 1024];
    try {
      while (in.read(buffer) >= 0) {
        // what was written before the drop
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset: closed by the server
    }
  }
}
