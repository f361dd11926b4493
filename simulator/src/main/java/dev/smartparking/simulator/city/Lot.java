package dev.smartparking.simulator.city;

import java.util.List;

/** A parking lot or on-street segment; a bays-counted one lists one bay id per space. */
public record Lot(
    String id, String name, String districtCode, GeoPoint location, int capacity, LotKind kind, List<String> bays) {

  public Lot {
    bays = List.copyOf(bays);
    if (kind.counting() == Counting.BAYS && bays.size() != capacity) {
      throw new IllegalArgumentException(id + ": a bays-counted lot needs one bay id per space");
    }
  }

  public Counting counting() {
    return kind.counting();
  }
}
