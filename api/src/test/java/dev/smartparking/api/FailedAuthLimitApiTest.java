package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.api.http.FailedAuthLimit;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
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

  /** Lots are answered from memory, 503 until the view's first load: the tests are about tokens, not that. */
  @BeforeAll
  static void lotsLoaded() {
    api.await("/api/v1/lots", page -> true);
  }

  @Test
  void refusesAnAddressWithRetryAfterOnceItSpentItsBudget() {
    for (int i = 0; i < FailedAuthLimit.BURST; i++) {
      assertThat(get("127.0.0.3", "bad-token-" + i).status()).as("bad token %d", i).isEqualTo(401);
    }

    RawHttp.Answer limited = get("127.0.0.3", "bad-token-again");

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

  private static RawHttp.Answer get(String from, String token) {
    return RawHttp.get(from, api.port(), "/api/v1/lots", token);
  }
}
