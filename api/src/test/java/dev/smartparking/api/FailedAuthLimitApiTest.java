package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.api.http.FailedAuthLimit;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad bearer tokens are limited per client address: after {@link FailedAuthLimit#BURST} of them
 * the address gets 429 with {@code Retry-After}, other addresses are unaffected. Clients here
 * connect from distinct loopback addresses (127.0.0.x) over plain sockets.
 */
class FailedAuthLimitApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  /** A raw HTTP/1.1 answer: status, Retry-After (or null) and body. */
  private record Answer(int status, String retryAfter, String body) {}

  @Test
  void refusesAnAddressWithRetryAfterOnceItSpentItsBudget() {
    for (int i = 0; i < FailedAuthLimit.BURST; i++) {
      assertThat(get("127.0.0.3", "bad-token-" + i).status()).as("bad token %d", i).isEqualTo(401);
    }

    Answer limited = get("127.0.0.3", "bad-token-again");

    assertThat(limited.status()).isEqualTo(429);
    assertThat(Integer.parseInt(limited.retryAfter())).isBetween(1, 6);
    JsonObject error = new JsonObject(limited.body());
    assertThat(error.getString("error")).isEqualTo("rate_limited");
    assertThat(error.fieldNames()).containsExactlyInAnyOrder("error", "message");
    assertThat(api.meters.scrape()).contains("reason=\"rate_limited\"")
        .doesNotContain("127.0.0.3");
  }

  @Test
  void anotherAddressIsUnaffected() {
    for (int i = 0; i <= FailedAuthLimit.BURST; i++) {
      get("127.0.0.4", "bad-token-" + i);
    }
    assertThat(get("127.0.0.4", READER_TOKEN).status()).as("the limited address, even with a good token")
        .isEqualTo(429);

    assertThat(get("127.0.0.5", READER_TOKEN).status()).isEqualTo(200);
    assertThat(get("127.0.0.6", "bad-token").status()).isEqualTo(401);
  }

  /** {@code GET /api/v1/lots} with {@code token}, sent from local address {@code from}. */
  private static Answer get(String from, String token) {
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), api.port(), InetAddress.getByName(from), 0)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /api/v1/lots HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
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
