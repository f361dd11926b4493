package dev.smartparking.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** One HTTP/1.1 GET over a plain socket from a chosen local address, for tests about addresses. */
final class RawHttp {

  /** Status, Retry-After (or null) and body of an answer. */
  record Answer(int status, String retryAfter, String body) {}

  private RawHttp() {}

  /** {@code GET path} with a bearer {@code token}, sent to loopback {@code port} from local address {@code from}. */
  static Answer get(String from, int port, String path, String token) {
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
      String retryAfter = null;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("retry-after:")) {
          retryAfter = line.substring("retry-after:".length()).trim();
        }
      }
      return new Answer(Integer.parseInt(head.split(" ")[1]), retryAfter, answer.substring(head.length() + 4));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
