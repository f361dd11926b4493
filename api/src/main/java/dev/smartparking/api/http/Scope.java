package dev.smartparking.api.http;

/**
 * What a bearer token may see (API.md, Access): the whole city, one responsible unit's covers and
 * alarms, or one district's covers, alarms and lots. A unit owns covers, not lots, so a unit's
 * token sees no lot. The SQL conditions here are the one copy of that rule every scope-aware
 * route applies; their parameters are {@link #district()} and {@link #unit()}, null when unscoped.
 */
public record Scope(String unit, String district) {

  public static final Scope CITY = new Scope(null, null);

  public Scope {
    if (unit != null && district != null) {
      throw new IllegalArgumentException("a token is scoped to a unit or to a district, not both");
    }
  }

  public static Scope unit(String unit) {
    return new Scope(unit, null);
  }

  public static Scope district(String district) {
    return new Scope(null, district);
  }

  public boolean cityWide() {
    return unit == null && district == null;
  }

  /**
   * The condition on a cover row {@code c} (covers), with the scope's district as parameter
   * {@code $districtParameter} and its unit as {@code $unitParameter}.
   */
  public static String coverCondition(int districtParameter, int unitParameter) {
    return "($%d::text IS NULL OR c.district_code = $%d) AND ($%d::text IS NULL OR c.unit_id = $%d)"
        .formatted(districtParameter, districtParameter, unitParameter, unitParameter);
  }

  /** The condition on a lot row {@code l} (lots): in the scope's district, and never for a unit's token. */
  public static String lotCondition(int districtParameter, int unitParameter) {
    return "($%d::text IS NULL OR l.district_code = $%d) AND $%d::text IS NULL"
        .formatted(districtParameter, districtParameter, unitParameter);
  }

  /** The rule of {@link #lotCondition} for rows that are a district's lots as a whole (a ledger row per district). */
  public boolean seesLotsOf(String districtCode) {
    return unit == null && (district == null || district.equals(districtCode));
  }

  /** How the scope shows in the token list and in messages: {@code unit U-01}, {@code district 410825}, {@code city}. */
  @Override
  public String toString() {
    return unit != null ? "unit " + unit : district != null ? "district " + district : "city";
  }
}
