package dev.smartparking.simulator.city;

/** The three device kinds of the protocol. */
public enum DeviceKind {
  LOT_GATEWAY("lot_gateway"),
  BAY_GATEWAY("bay_gateway"),
  COVER_SENSOR("cover_sensor");

  private final String wireName;

  DeviceKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
