package dev.smartparking.simulator.device;

/** Where devices connect and which MQTT version they speak. */
public record Broker(String host, int port, MqttVersion version) {

  /** Seconds; an idle client pings this often, so a quiet gateway keeps its session open. */
  public static final int KEEP_ALIVE_S = 30;

  public DeviceConnection connectionFor(String deviceId, String secret) {
    return switch (version) {
      case V3_1_1 -> new Mqtt3DeviceConnection(this, deviceId, secret);
      case V5 -> new Mqtt5DeviceConnection(this, deviceId, secret);
    };
  }
}
