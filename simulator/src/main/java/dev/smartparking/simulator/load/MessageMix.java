package dev.smartparking.simulator.load;

/**
 * Which topics a load run publishes to: lot status from every connection, or status with cover
 * telemetry from a share of them (cover sensors), some of whose readings are alarm-worthy.
 *
 * @param telemetryShare the share of connections that are cover sensors, 0 for status only
 * @param alarmShare the share of readings that cross one alarm threshold (PROTOCOL.md defaults)
 */
public record MessageMix(double telemetryShare, double alarmShare) {

  public static final MessageMix STATUS = new MessageMix(0, 0);

  public MessageMix {
    if (!(telemetryShare >= 0 && telemetryShare < 1)) {
      throw new IllegalArgumentException("the telemetry share must be in [0, 1), got " + telemetryShare);
    }
    if (!(alarmShare >= 0 && alarmShare <= 1)) {
      throw new IllegalArgumentException("the alarm share must be in [0, 1], got " + alarmShare);
    }
  }

  /** {@code status}, or {@code status+telemetry} with the given shares. */
  public static MessageMix parse(String name, double telemetryShare, double alarmShare) {
    return switch (name.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "status" -> STATUS;
      case "status+telemetry" -> {
        if (telemetryShare <= 0) {
          throw new IllegalArgumentException("status+telemetry needs a telemetry share above 0");
        }
        yield new MessageMix(telemetryShare, alarmShare);
      }
      default -> throw new IllegalArgumentException("'status' or 'status+telemetry', got '" + name + "'");
    };
  }

  public String label() {
    return telemetryShare == 0 ? "status" : "status+telemetry";
  }

  /** How many of {@code connections} are cover sensors: at least one with telemetry, never all of them. */
  public int coverSensors(int connections) {
    if (telemetryShare == 0) {
      return 0;
    }
    if (connections < 2) {
      throw new IllegalArgumentException("status+telemetry needs at least 2 connections");
    }
    return (int) Math.min(connections - 1, Math.max(1, Math.round(connections * telemetryShare)));
  }
}
