package dev.smartparking.simulator.city;

import java.util.Locale;

/** The kinds of manhole-cover alarm (API.md "Manhole-cover alarms"); the first five are judged from a reading. */
public enum AlarmType {
  TILT,
  OPEN,
  WATER,
  GAS,
  BATTERY,
  /** No reading for more than twice the cover's report interval: judged by the server's clock, not a reading. */
  SILENT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AlarmType ofWireName(String name) {
    for (AlarmType type : values()) {
      if (type.wireName().equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException("not an alarm type: " + name);
  }
}
