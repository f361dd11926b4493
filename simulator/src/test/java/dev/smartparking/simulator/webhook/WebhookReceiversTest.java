package dev.smartparking.simulator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.city.Unit;
import dev.smartparking.simulator.city.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The receivers over real HTTP on loopback, posted to as the server's dispatcher would. */
class WebhookReceiversTest {

  private static final String BODY = "{\"event_id\":\"E-000007\",\"event\":\"alarm.raised\"}";
  private static final List<Unit> UNITS =
      List.of(new Unit("U-01", "温县住建局", Optional.of("410825")), new Unit("U-02", "武陟县城管局", Optional.of("410823")));

  private final HttpClient http = HttpClient.newHttpClient();
  private WebhookReceivers receivers;

  @AfterEach
  void stop() {
    receivers.close();
  }

  private int post(String url, String secret, String body) throws Exception {
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header(WebhookSignature.EVENT_ID_HEADER, "E-000007")
            .header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
            .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body.getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void eachUnitHasItsOwnLoopbackPathAndSecret() {
    receivers = WebhookReceivers.start(UNITS, 0, 7);

    Webhook one = receivers.webhooks().get("U-01");
    Webhook two = receivers.webhooks().get("U-02");
    assertThat(one.url()).isEqualTo("http://127.0.0.1:" + receivers.port() + "/hooks/U-01");
    assertThat(two.url()).endsWith("/hooks/U-02");
    assertThat(one.secret()).hasSize(32).isNotEqualTo(two.secret());
  }

  @Test
  void aSignedDeliveryIsTakenAndRecordedAsValid() throws Exception {
    receivers = WebhookReceivers.start(UNITS, 0, 7);
    Webhook hook = receivers.webhooks().get("U-01");

    assertThat(post(hook.url(), hook.secret(), BODY)).isEqualTo(200);
    assertThat(post(hook.url(), hook.secret(), BODY)).isEqualTo(200);

    assertThat(receivers.deliveries())
        .hasSize(2)
        .allSatisfy(d -> {
          assertThat(d.unitId()).isEqualTo("U-01");
          assertThat(d.eventIdHeader()).isEqualTo("E-000007");
          assertThat(d.signatureFault()).isNull();
          assertThat(d.taken()).isTrue();
          assertThat(d.body()).isEqualTo(BODY);
        });
  }

  @Test
  void aDeliverySignedWithAnotherUnitsSecretIsRefusedAndRecordedWithItsFault() throws Exception {
    receivers = WebhookReceivers.start(UNITS, 0, 7);

    int status = post(receivers.webhooks().get("U-01").url(), receivers.webhooks().get("U-02").secret(), BODY);

    assertThat(status).isEqualTo(401);
    assertThat(receivers.deliveries()).singleElement().satisfies(d -> {
      assertThat(d.taken()).isFalse();
      assertThat(d.signatureFault()).contains("does not match");
    });
  }

  @Test
  void aPostToAPathOfNoUnitIsAnsweredNotFound() throws Exception {
    receivers = WebhookReceivers.start(UNITS, 0, 7);
    String url = "http://127.0.0.1:" + receivers.port() + "/hooks/U-99";

    assertThat(post(url, "whatever-secret-0123", BODY)).isEqualTo(404);
    assertThat(receivers.deliveries()).singleElement().satisfies(d -> assertThat(d.unitId()).isNull());
  }

  @Test
  void withARefusedShareSomeFirstAttemptsAreAnswered503AndTheirRetryTaken() throws Exception {
    receivers = WebhookReceivers.start(UNITS, 0.99, 7);
    Webhook hook = receivers.webhooks().get("U-02");

    assertThat(post(hook.url(), hook.secret(), BODY)).isEqualTo(503);
    assertThat(post(hook.url(), hook.secret(), BODY)).isEqualTo(200);
    assertThat(receivers.deliveries()).extracting(Delivery::taken).containsExactly(false, true);
  }
}
