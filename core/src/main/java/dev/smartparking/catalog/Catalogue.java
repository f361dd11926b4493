package dev.smartparking.catalog;

import java.util.List;

/** A city catalogue as imported: districts, responsible units, lots, covers and devices (docs/catalogue.md). */
public record Catalogue(List<District> districts, List<Unit> units, List<Lot> lots, List<Cover> covers,
    List<Device> devices) {

  public record District(String code, String name) {}

  /**
   * {@code district} is null for a unit working city-wide. {@code webhook} is where its alarm events
   * go: {@link WebhookChange#KEEP} when the document does not mention it. {@code coverTarget}, the
   * covers its campaign owes (the reports' {@code target}), is null when it has none.
   */
  public record Unit(String id, String name, String district, WebhookChange webhook, Integer coverTarget) {

    /** A unit without a target whose webhook, if it has one, stays as it is. */
    public Unit(String id, String name, String district) {
      this(id, name, district, WebhookChange.KEEP, null);
    }
  }

  /** A unit's webhook as a document states it: set, removed ({@code "webhook": null}), or left as it is. */
  public record WebhookChange(String url, String secret, boolean keep) {

    public static final WebhookChange KEEP = new WebhookChange(null, null, true);
    public static final WebhookChange REMOVE = new WebhookChange(null, null, false);

    public static WebhookChange set(String url, String secret) {
      return new WebhookChange(url, secret, false);
    }
  }

  /** With its static data for the city platform; {@link LotDetails#NONE} when the document gives none. */
  public record Lot(String id, String name, String district, double lat, double lon, int capacity,
      String counting, String kind, List<String> bays, LotDetails details) {

    public Lot(String id, String name, String district, double lat, double lon, int capacity, String counting,
        String kind, List<String> bays) {
      this(id, name, district, lat, lon, capacity, counting, kind, bays, LotDetails.NONE);
    }
  }

  /** With the thresholds its readings are judged by (PROTOCOL.md, telemetry). */
  public record Cover(String id, String unit, String district, double lat, double lon, int reportIntervalS,
      double gasLimitPpm, double tiltLimitDeg, double waterMarginCm, int batteryMinPct) {

    public static final int DEFAULT_REPORT_INTERVAL_S = 600;
    public static final double DEFAULT_GAS_LIMIT_PPM = 25.0;
    public static final double DEFAULT_TILT_LIMIT_DEG = 15.0;
    public static final double DEFAULT_WATER_MARGIN_CM = 30.0;
    public static final int DEFAULT_BATTERY_MIN_PCT = 20;

    /** A cover with the default tilt, water and battery thresholds. */
    public Cover(String id, String unit, String district, double lat, double lon, int reportIntervalS,
        double gasLimitPpm) {
      this(id, unit, district, lat, lon, reportIntervalS, gasLimitPpm, DEFAULT_TILT_LIMIT_DEG,
          DEFAULT_WATER_MARGIN_CM, DEFAULT_BATTERY_MIN_PCT);
    }
  }

  /**
   * {@code secret} is null when the server keeps the known secret or issues a new one;
   * {@code enabled} is null when the document does not say (a known device keeps its state, a new
   * one is enabled).
   */
  public record Device(String id, String kind, List<String> lots, List<String> covers, String secret,
      boolean rotateSecret, Boolean enabled) {

    /** A device whose enabled state the document does not state. */
    public Device(String id, String kind, List<String> lots, List<String> covers, String secret,
        boolean rotateSecret) {
      this(id, kind, lots, covers, secret, rotateSecret, null);
    }
  }
}
