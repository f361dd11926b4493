package dev.smartparking.api.availability;

import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Objects;

/**
 * A registered lot as the registry describes it and its current state as {@code lot_state} holds
 * it: what the totals and the lot answers (API.md) are made of. The state fields are null for a
 * lot that never reported. Times are instants: an OffsetDateTime costs four objects, and a city
 * of a million lots holds two per lot. {@code details} is the lot's static data (operator, fees,
 * opening hours…) as the members of a JSON object, UTF-8, ready to append; null when it has none.
 * {@code countedByBays}: its free count comes from bay sensors ({@code counting = 'bays'}), not its gateway.
 */
public record LotNow(String id, String name, String district, double lat, double lon, int capacity,
    Integer total, Integer free, Boolean closed, Instant observedAt, Instant lastSeenAt, byte[] details, boolean countedByBays) {

  private static final String NO_DETAILS = "{}";

  /** Columns of {@link AvailabilityView}'s queries: a lot, its district, its state and its static data. */
  static LotNow of(Row row) {
    return new LotNow(row.getString("id"), row.getString("name"), row.getString("district_code"),
        row.getDouble("lat"), row.getDouble("lon"), row.getInteger("capacity"), row.getInteger("total"),
        row.getInteger("free"), row.getBoolean("closed"), instant(row.getOffsetDateTime("observed_at")),
        instant(row.getOffsetDateTime("last_seen_at")), members(row.getString("details")),
        "bays".equals(row.getString("counting")));
  }

  /** {@code {"a":1,"b":2}} as {@code "a":1,"b":2}; null for an empty object (or no lot). */
  private static byte[] members(String object) {
    if (object == null || object.equals(NO_DETAILS)) {
      return null;
    }
    return object.substring(1, object.length() - 1).getBytes(StandardCharsets.UTF_8);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  /**
   * A record's equality, but {@code details} by content: a record compares arrays by reference, and
   * every read makes new ones, so a reload would have taken every lot with static data for changed.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof LotNow other && id.equals(other.id) && Objects.equals(name, other.name)
        && district.equals(other.district) && Double.compare(lat, other.lat) == 0
        && Double.compare(lon, other.lon) == 0 && capacity == other.capacity && Objects.equals(total, other.total)
        && Objects.equals(free, other.free) && Objects.equals(closed, other.closed)
        && Objects.equals(observedAt, other.observedAt) && Objects.equals(lastSeenAt, other.lastSeenAt)
        && Arrays.equals(details, other.details) && countedByBays == other.countedByBays;
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(id, name, district, lat, lon, capacity, total, free, closed, observedAt, lastSeenAt,
        countedByBays) + Arrays.hashCode(details);
  }

  /** Whether the lot stands where it did: the spatial index holds positions, fixed between full loads. */
  boolean samePlace(LotNow other) {
    return district.equals(other.district) && lat == other.lat && lon == other.lon;
  }

  /**
   * Whether {@code other} is this lot as the registry describes it, its state aside: what is made
   * of the registry fields alone (an entity's encoded static parts) stays valid while this holds.
   * The view's lots are new objects after every change of state, their static data new arrays
   * with the same bytes: compared by content.
   */
  public boolean sameRegistry(LotNow other) {
    return id.equals(other.id) && Objects.equals(name, other.name) && samePlace(other) && capacity == other.capacity
        && countedByBays == other.countedByBays && Arrays.equals(details, other.details);
  }
}
