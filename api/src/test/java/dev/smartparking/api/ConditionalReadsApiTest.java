package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.testkit.Eventually;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Read answers carry a strong ETag of their body: a client polling with {@code If-None-Match}
 * gets 304 and no body while nothing changed, and the new body with a new tag as soon as any
 * counted lot changed or the clock took a lot out of the totals.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConditionalReadsApiTest {

  private static final String CITY = "/api/v1/availability";
  private static final MovableClock CLOCK = new MovableClock();

  @RegisterExtension
  static final ApiFixture api = ApiFixture.withClock(CLOCK);

  @BeforeAll
  static void seedLots() {
    api.district("E-1", "tagged");
    api.lot("E-1-a", "E-1", 100);
    api.state("E-1-a", 100, 40, false, Duration.ZERO);
    api.lot("E-1-b", "E-1", 50);
    api.state("E-1-b", 50, 5, false, Duration.ZERO);
  }

  @Test
  void unchangedAnswerIsNotModifiedAndHasNoBody() {
    HttpResponse<String> first = api.get(CITY, READER_TOKEN);
    String tag = etag(first);

    HttpResponse<String> again = conditional(CITY, tag);

    assertThat(tag).matches("\"[A-Za-z0-9_-]{16}\"");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(etag(again)).isEqualTo(tag);
    assertThat(conditional(CITY, "\"other\", W/" + tag).statusCode()).as("weak match in a list").isEqualTo(304);
  }

  @Test
  void anyCountedLotChangingChangesTheTagAndAStaleTagGetsTheNewBody() {
    String before = etag(api.get(CITY, READER_TOKEN));

    api.db().execute("UPDATE lot_state SET free = free - 1 WHERE lot_id = 'E-1-b'");
    api.awaitAnswer(CITY, answer -> !before.equals(etag(answer)));

    HttpResponse<String> stale = conditional(CITY, before);
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(etag(stale)).isNotEqualTo(before);
    assertThat(stale.body()).isEqualTo(api.get(CITY, READER_TOKEN).body());
    assertThat(conditional(CITY, etag(stale)).statusCode()).isEqualTo(304);
  }

  @Test
  void singleLotHasItsOwnTagFollowingItsChanges() {
    String path = "/api/v1/lots/E-1-a";
    String before = etag(api.get(path, READER_TOKEN));
    assertThat(conditional(path, before).statusCode()).isEqualTo(304);

    api.db().execute("UPDATE lot_state SET free = free + 1 WHERE lot_id = 'E-1-a'");

    api.awaitAnswer(path, answer -> answer.statusCode() == 200 && !before.equals(etag(answer)));
    assertThat(conditional(path, before).statusCode()).isEqualTo(200);
  }

  @Test
  void anotherProcessTagsTheSameAnswerAlike() {
    Api other = api.anotherApi();
    HttpResponse<String> here = api.get(CITY, READER_TOKEN);
    AtomicReference<HttpResponse<String>> there = new AtomicReference<>();

    // Once the other process has loaded the same lots, it answers the same bytes.
    Eventually.within(ApiFixture.CATCH_UP, () -> "the other process answers " + there.get().body(),
        () -> here.body().equals(there.updateAndGet(previous -> api.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + CITY))
                .header("Authorization", "Bearer " + READER_TOKEN))).body()));

    assertThat(etag(there.get())).isEqualTo(etag(here));
  }

  /** Last: it moves the class's clock past lots.offline-after, which E-1-b does not survive. */
  @Test
  @Order(Integer.MAX_VALUE)
  void lotFallingSilentChangesTheTag() {
    api.db().execute("UPDATE lot_state SET last_seen_at = now() + interval '1 hour' WHERE lot_id = 'E-1-a'");
    api.await("/api/v1/lots/E-1-a",
        lot -> Instant.parse(lot.getString("last_seen_at")).isAfter(Instant.now().plus(Duration.ofMinutes(30))));
    HttpResponse<String> before = api.get(CITY, READER_TOKEN);

    CLOCK.moveForward(ApiFixture.OFFLINE_AFTER.plusMinutes(1));

    HttpResponse<String> after = api.awaitAnswer(CITY, answer -> !etag(before).equals(etag(answer)));
    assertThat(ApiFixture.json(after).getLong("lots_reporting"))
        .isEqualTo(ApiFixture.json(before).getLong("lots_reporting") - 1);
    assertThat(conditional(CITY, etag(before)).statusCode()).isEqualTo(200);
  }

  private static HttpResponse<String> conditional(String path, String ifNoneMatch) {
    return api.send(api.request(path, READER_TOKEN).header("If-None-Match", ifNoneMatch));
  }

  private static String etag(HttpResponse<String> response) {
    return response.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: " + response));
  }
}
