package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Liveness and readiness while the database answers. */
class HealthApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @Test
  void liveIsUp() {
    HttpResponse<String> response = api.get("/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ApiFixture.json(response).getString("status")).isEqualTo("up");
  }

  @Test
  void readyIsUpOnceTheDatabaseAnswersAndAvailabilityIsLoaded() {
    JsonObject ready = api.await("/health/ready", body -> true);

    assertThat(ready).isEqualTo(new JsonObject()
        .put("status", "up").put("checks", new JsonObject().put("storage", "up").put("availability", "up")));
  }
}
