package dev.smartparking.simulator.device;

/** The MQTT protocol versions the devices may speak. */
public enum MqttVersion {
  V3_1_1,
  V5;

  /** Accepts 3, 4 (the protocol level of 3.1.1), 311, 3.1.1 and 5. */
  public static MqttVersion parse(String text) {
    return switch (text.strip()) {
      case "3", "4", "311", "3.1.1" -> V3_1_1;
      case "5", "5.0" -> V5;
      default -> throw new IllegalArgumentException("MQTT version must be 3.1.1 or 5, got " + text);
    };
  }

  /** As reports and command lines write it, and {@link #parse} reads it back. */
  public String label() {
    return this == V5 ? "5" : "3.1.1";
  }
}
