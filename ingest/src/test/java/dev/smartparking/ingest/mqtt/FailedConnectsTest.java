package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.smartparking.ingest.IngestFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A source address that caused its budget of refused logins is refused outright, the right secret
 * included, until its bucket refills. All test traffic comes from 127.0.0.1, so the class has one
 * test and a fixture of its own.
 */
class FailedConnectsTest {

  private static final int BUDGET = 3;

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard()
      .with("ingest.failed-connects-per-minute", Integer.toString(BUDGET));

  @Test
  void addressIsRefusedOnceItsFailedLoginsSpentTheBudget() {
    fixture.connect5(GW1, GW1_SECRET).disconnect();
    for (int i = 0; i < BUDGET; i++) {
      String guess = "guess-" + i + "-0123456789";
      assertThatThrownBy(() -> fixture.connect5(GW1, guess))
          .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
              .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }

    assertThatThrownBy(() -> fixture.connect5(GW1, GW1_SECRET))
        .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
            .isEqualTo(Mqtt5ConnAckReasonCode.CONNECTION_RATE_EXCEEDED));
    assertThatThrownBy(() -> fixture.connect3(GW1, GW1_SECRET))
        .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e -> assertThat(e.getMqttMessage().getReturnCode())
            .isEqualTo(Mqtt3ConnAckReturnCode.SERVER_UNAVAILABLE));
  }
}
