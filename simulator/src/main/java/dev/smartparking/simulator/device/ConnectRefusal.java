package dev.smartparking.simulator.device;

import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * A CONNACK that refused the device, told apart from a broker that could not be reached.
 *
 * @param code the MQTT 5 reason code or the 3.1.1 return code
 */
public record ConnectRefusal(int code) {

  /** The refusal behind a failed {@link DeviceConnection#connect()}, if a CONNACK refused it. */
  public static Optional<ConnectRefusal> of(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof Mqtt5ConnAckException refused) {
      return Optional.of(new ConnectRefusal(refused.getMqttMessage().getReasonCode().getCode()));
    }
    if (cause instanceof Mqtt3ConnAckException refused) {
      return Optional.of(new ConnectRefusal(refused.getMqttMessage().getReturnCode().getCode()));
    }
    return Optional.empty();
  }
}
