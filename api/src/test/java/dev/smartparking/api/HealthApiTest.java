package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Liveness and readiness while the database answers. */
class HealthApiTest {

  private static ApiFixture api;

  @BeforeAll
  static void start() {
    api = ApiFixture.start();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void liveIsUp() {
    HttpResponse<String> response = api.get("/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ApiFixture.json(response).getString("status")).isEqualTo("up");
  }

  @Test
  void readyIsUpWhileTheDatabaseAnswers() {
    HttpResponse<String> response = api.get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ApiFixture.json(response)).isEqualTo(new JsonObject()
        .put("status", "up").put("checks", new JsonObject().put("storage", "up")));
  }
}
