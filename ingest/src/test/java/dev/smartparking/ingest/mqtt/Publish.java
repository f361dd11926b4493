package dev.smartparking.ingest.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.nio.charset.StandardCharsets;

/** Publishes at QoS 1 over MQTT 5 and returns the PUBACK reason code, success or not. */
final class Publish {

  private Publish() {}

  static Mqtt5PubAckReasonCode qos1(Mqtt5BlockingClient client, String topic, String json) {
    return qos1(client, topic, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Bytes as given: some tests send payloads that are not UTF-8 on purpose. */
  static Mqtt5PubAckReasonCode qos1(Mqtt5BlockingClient client, String topic, byte[] payload) {
    try {
      Mqtt5PublishResult result = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
          .payload(payload).send();
      return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
    } catch (Mqtt5PubAckException e) {
      return e.getMqttMessage().getReasonCode();
    }
  }
}
