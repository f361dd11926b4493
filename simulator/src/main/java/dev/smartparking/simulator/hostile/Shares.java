package dev.smartparking.simulator.hostile;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The share of messages of each hostile kind, e.g. {@code malformed=0.05,clock=0.05}; whatever
 * is left over is valid status traffic.
 */
public record Shares(Map<HostileKind, Double> byKind) {

  public static final String DEFAULT =
      "malformed=0.05,invalid=0.05,unknown_topic=0.05,forbidden=0.05,unknown_entity=0.02,clock=0.05,"
          + "oversized=0.01,wrong_password=0.02";

  public Shares {
    byKind = Collections.unmodifiableMap(new EnumMap<>(byKind));
    double sum = 0;
    for (Map.Entry<HostileKind, Double> share : byKind.entrySet()) {
      if (share.getKey() == HostileKind.VALID) {
        throw new IllegalArgumentException("the valid share is what the others leave; do not give it");
      }
      if (!(share.getValue() >= 0 && share.getValue() <= 1)) {
        throw new IllegalArgumentException(share.getKey().label() + " share must be within 0..1, got " + share.getValue());
      }
      sum += share.getValue();
    }
    if (sum > 1 + 1e-9) {
      throw new IllegalArgumentException("the shares add up to " + sum + ", more than 1");
    }
  }

  public static Shares parse(String text) {
    Map<HostileKind, Double> shares = new EnumMap<>(HostileKind.class);
    for (String pair : text.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      String[] parts = pair.split("=", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException("expected kind=share, got '" + pair + "'");
      }
      try {
        shares.put(HostileKind.byLabel(parts[0]), Double.parseDouble(parts[1].strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a share: '" + parts[1] + "'", e);
      }
    }
    return new Shares(shares);
  }

  /** The kind for a uniform draw {@code u} in [0, 1): each kind takes its share of the interval. */
  public HostileKind pick(double u) {
    double upTo = 0;
    for (Map.Entry<HostileKind, Double> share : byKind.entrySet()) {
      upTo += share.getValue();
      if (u < upTo) {
        return share.getKey();
      }
    }
    return HostileKind.VALID;
  }
}
