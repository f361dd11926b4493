package dev.smartparking.alarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  /** The expected value computed independently: printf '1764835200.{"event_id":"E-000001"}' | openssl dgst -sha256 -hmac s3cret */
  @Test
  void signsTimestampDotBodyWithHmacSha256InHex() {
    String body = "{\"event_id\":\"E-000001\"}";

    assertThat(WebhookSignature.sign("s3cret", 1_764_835_200L, body.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("sha256=c84e628f58cf755ba16fd1b77ca0130cfdb9a05f8cdbb5fd45ae148a71dbf763");
  }
}
