package dev.smartparking.ingest;

import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;

/**
 * What became of one device message, mapped once to everything that reports it: the metric
 * tag, the reason stored with a rejection (the same word), and the MQTT 5 reason code.
 */
public enum Outcome {
  ACCEPTED("accepted", (byte) 0x00),
  DUPLICATE("duplicate", (byte) 0x00),
  MALFORMED("malformed", (byte) 0x99),
  INVALID("invalid", (byte) 0x99),
  UNKNOWN_TOPIC("unknown_topic", (byte) 0x90),
  FORBIDDEN("forbidden", (byte) 0x87),
  UNKNOWN_ENTITY("unknown_entity", (byte) 0x87),
  CLOCK("clock", (byte) 0x99);

  private final String tag;
  private final byte reasonCode;

  Outcome(String tag, byte reasonCode) {
    this.tag = tag;
    this.reasonCode = reasonCode;
  }

  /** The metric tag and, for rejections, the {@code reason} column of rejected_messages. */
  public String tag() {
    return tag;
  }

  public boolean isRejection() {
    return this != ACCEPTED && this != DUPLICATE;
  }

  public MqttPubAckReasonCode pubAckCode() {
    return MqttPubAckReasonCode.valueOf(reasonCode);
  }

  public MqttPubRecReasonCode pubRecCode() {
    return MqttPubRecReasonCode.valueOf(reasonCode);
  }
}
