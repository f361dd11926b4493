package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL taken away after the API has loaded: what the API holds in memory, the city's and
 * districts' availability and the lots, is still answered; what needs the database answers 503
 * storage_unavailable rather than failing otherwise; readiness says why; and everything comes back
 * by itself.
 */
class StorageAwayApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.throughProxy();

  @Test
  void availabilityAndLotsAreAnsweredFromMemoryWhileStorageIsAway() {
    api.district("A-1", "away");
    api.lot("A-1-a", "A-1", 100);
    api.state("A-1-a", 100, 40, false, Duration.ZERO);
    api.await("/api/v1/availability", city -> Integer.valueOf(40).equals(city.getInteger("free")));
    api.await("/health/ready", ready -> true);

    api.storageProxy().cut();
    try {
      // Readiness asks PostgreSQL at most once a second: storage reads down from the next ping on.
      JsonObject ready = new JsonObject(api.awaitAnswer("/health/ready", answer -> answer.statusCode() == 503
          && new JsonObject(answer.body()).getJsonObject("checks").getString("storage").startsWith("down")).body());
      assertThat(ready.getString("status")).isEqualTo("down");

      HttpResponse<String> city = api.get("/api/v1/availability", READER_TOKEN);
      assertThat(city.statusCode()).as(city.body()).isEqualTo(200);
      assertThat(ApiFixture.json(city).getInteger("free")).isEqualTo(40);
      assertThat(ApiFixture.json(city).getInteger("lots_reporting")).isEqualTo(1);

      assertThat(ApiFixture.json(api.get("/api/v1/lots/A-1-a", READER_TOKEN)).getInteger("free")).isEqualTo(40);
      assertThat(api.get("/api/v1/lots/nearby?lat=35.24&lon=113.24&radius_m=100", READER_TOKEN).body())
          .contains("\"id\":\"A-1-a\"");
      ApiFixture.assertError(api.get("/api/v1/admin/rejected?since=" + Instant.now().minus(Duration.ofHours(1)),
          ADMIN_TOKEN), 503, "storage_unavailable");
    } finally {
      api.storageProxy().restore();
    }

    api.await("/health/ready", ready -> true);
    assertThat(api.await("/api/v1/lots/A-1-a", lot -> true).getInteger("free")).isEqualTo(40);
  }
}
