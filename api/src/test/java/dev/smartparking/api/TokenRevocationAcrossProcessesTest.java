package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.testkit.Eventually;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Two API processes on one database: a token revoked through one is refused by the other within a second. */
class TokenRevocationAcrossProcessesTest {

  private static final Logger LOG = LoggerFactory.getLogger(TokenRevocationAcrossProcessesTest.class);

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @Test
  void aTokenRevokedThroughOneProcessIsRefusedByAnotherWithinASecond() {
    Api other = api.anotherApi();
    JsonObject issued = api.issueToken(new JsonObject().put("role", "reader").put("label", "second process"));
    String token = issued.getString("token");
    Eventually.within(ApiFixture.CATCH_UP, "the other process to accept the new token",
        () -> status(other, token) == 200);

    assertThat(api.delete("/api/v1/admin/tokens/" + issued.getString("id"), ADMIN_TOKEN).statusCode()).isEqualTo(204);
    long revoked = System.nanoTime();

    Eventually.within(Duration.ofSeconds(1), "the other process to refuse the revoked token",
        () -> status(other, token) == 401);
    LOG.info("Revoked token refused by the other process after {} ms", (System.nanoTime() - revoked) / 1_000_000);
  }

  private static int status(Api other, String token) {
    return api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + "/api/v1/lots"))
        .header("Authorization", "Bearer " + token).GET()).statusCode();
  }
}
