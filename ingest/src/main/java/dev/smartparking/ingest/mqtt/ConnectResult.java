package dev.smartparking.ingest.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import java.util.Locale;

/** How a CONNECT ended, mapped once to its metric tag and its CONNACK code in MQTT 3.1.1 and 5. */
public enum ConnectResult {
  ACCEPTED(MqttConnectReturnCode.CONNECTION_ACCEPTED, MqttConnectReturnCode.CONNECTION_ACCEPTED),
  IDENTIFIER_REJECTED(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
      MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID),
  BAD_CREDENTIALS(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
      MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD),
  NOT_AUTHORIZED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
      MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5),
  STORAGE_UNAVAILABLE(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
      MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5),
  /** Cut off for its reject budget, still cooling down; 3.1.1 has no quota code. */
  REJECT_BUDGET(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
      MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED),
  /** Its source address caused too many refused logins lately (ingest.failed-connects-per-minute). */
  RATE_LIMITED(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
      MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED),
  /** The server is draining its connections to stop: the device is to connect to another. */
  SHUTTING_DOWN(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
      MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5),
  /** The device closed the connection before it was answered: no CONNACK is sent. */
  ABANDONED(null, null);

  private final MqttConnectReturnCode v3;
  private final MqttConnectReturnCode v5;

  ConnectResult(MqttConnectReturnCode v3, MqttConnectReturnCode v5) {
    this.v3 = v3;
    this.v5 = v5;
  }

  /** A refusal that spends the source address's budget of failed logins: the credentials were wrong. */
  public boolean isLoginFailure() {
    return this == BAD_CREDENTIALS || this == IDENTIFIER_REJECTED;
  }

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code protocolVersion} as the endpoint reports it: 4 for MQTT 3.1.1, 5 for MQTT 5. */
  public MqttConnectReturnCode code(int protocolVersion) {
    return protocolVersion >= 5 ? v5 : v3;
  }
}
