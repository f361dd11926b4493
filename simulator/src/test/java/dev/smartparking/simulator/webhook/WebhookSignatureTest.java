package dev.smartparking.simulator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  private static final String SECRET = "unit-secret-0123456789";
  private static final String TIMESTAMP = "1764860000";
  private static final byte[] BODY = "{\"event_id\":\"E-000042\"}".getBytes(StandardCharsets.UTF_8);
  private static final long NOW = 1_764_860_030_000L;
  /**
   * Worked out apart from this code: {@code printf '%s' '1764860000.{"event_id":"E-000042"}' |
   * openssl dgst -sha256 -hmac 'unit-secret-0123456789'}.
   */
  private static final String OPENSSL = "sha256=5465aafebc2502d3f041103c2818c31a67c7ea74e4b1d0e54defc7c8bd04e4a4";

  @Test
  void signsTheTimestampADotAndTheBodyAsApiMdSays() {
    assertThat(WebhookSignature.sign(SECRET, TIMESTAMP, BODY)).isEqualTo(OPENSSL);
  }

  @Test
  void aRightSignatureWithinFiveMinutesHasNoFault() {
    assertThat(WebhookSignature.fault(SECRET, TIMESTAMP, OPENSSL, BODY, NOW)).isNull();
  }

  @Test
  void aSignatureMadeWithAnotherSecretIsCaught() {
    String other = WebhookSignature.sign("another-secret-0123456789", TIMESTAMP, BODY);

    assertThat(WebhookSignature.fault(SECRET, TIMESTAMP, other, BODY, NOW)).contains("does not match");
  }

  @Test
  void aChangedBodyOrTimestampIsCaught() {
    byte[] changed = "{\"event_id\":\"E-000043\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(WebhookSignature.fault(SECRET, TIMESTAMP, OPENSSL, changed, NOW)).contains("does not match");
    assertThat(WebhookSignature.fault(SECRET, "1764860001", OPENSSL, BODY, NOW)).contains("does not match");
  }

  @Test
  void missingHeadersAndStaleOrUnreadableTimestampsAreCaught() {
    assertThat(WebhookSignature.fault(SECRET, null, OPENSSL, BODY, NOW)).contains("no X-SmartParking-Timestamp");
    assertThat(WebhookSignature.fault(SECRET, TIMESTAMP, null, BODY, NOW)).contains("no X-SmartParking-Signature");
    assertThat(WebhookSignature.fault(SECRET, "yesterday", OPENSSL, BODY, NOW)).contains("not epoch seconds");
    assertThat(WebhookSignature.fault(SECRET, TIMESTAMP, OPENSSL, BODY, NOW + 301_000)).contains("331 s away");
  }
}
