package dev.smartparking.simulator.city;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Builds a Jiaozuo-shaped city from the reference figures.
 *
 * <p>Lots are apportioned to districts by piped-gas households; each unit keeps its 2023 cover
 * target times the scale, rounded half up and never below one while the scale is above zero (a
 * unit with no cover could not appear in the ledger the city ranks); a city-wide unit's covers are
 * apportioned over the urban districts by households.
 *
 * <p>Most covers get the protocol's default thresholds; one in four has some of its own, as a
 * bureau sets them for a shaft's place (a stricter gas limit near a gas main, a wider water margin
 * where the street floods, a sensor that reports more or less often), so per-cover thresholds are
 * exercised end to end.
 */
public final class CityGenerator {

  /** Share of covers whose thresholds are not all the defaults. */
  static final double OWN_LIMITS_SHARE = 0.25;

  private final JiaozuoReference reference;
  private final SecretSource secrets;

  public CityGenerator(JiaozuoReference reference, SecretSource secrets) {
    this.reference = reference;
    this.secrets = secrets;
  }

  public City generate(CityParameters parameters) {
    // Separate streams, so that changing how lots are drawn leaves the covers where they were.
    SplittableRandom root = new SplittableRandom(parameters.seed());
    SplittableRandom lotRandom = root.split();
    SplittableRandom coverRandom = root.split();
    SplittableRandom limitRandom = root.split();

    List<District> districts = districts();
    List<Unit> units = units(districts, parameters);
    List<Lot> lots = lots(districts, parameters, lotRandom);
    List<Cover> covers = covers(districts, units, parameters, coverRandom, limitRandom);
    List<Device> devices = devices(lots, covers);
    return new City(districts, units, lots, covers, devices);
  }

  private List<District> districts() {
    return reference.districts().stream()
        .map(
            d -> {
              DistrictPlace place = reference.places().get(d.name());
              // No official code exists for 高新区: "jz-" marks the code as ours, never a real one.
              String code = d.adminCode().orElse("jz-" + place.slug());
              return new District(code, d.name(), d.gasHouseholds(), d.urban(), place.box());
            })
        .toList();
  }

  private List<Unit> units(List<District> districts, CityParameters parameters) {
    Map<String, String> codeByName = new HashMap<>();
    districts.forEach(d -> codeByName.put(d.name(), d.code()));
    List<Unit> units = new ArrayList<>();
    List<ReferenceUnit> rows = reference.units();
    for (int i = 0; i < rows.size(); i++) {
      ReferenceUnit row = rows.get(i);
      units.add(new Unit("U-%02d".formatted(i + 1), row.name(), row.districtName().map(codeByName::get),
          Optional.empty(), OptionalInt.of(coverCount(row.coversTarget(), parameters.scale()))));
    }
    return units;
  }

  private static List<Lot> lots(List<District> districts, CityParameters parameters, SplittableRandom random) {
    long households = districts.stream().mapToLong(District::gasHouseholds).sum();
    int total = (int) Math.round(households / 10_000.0 * parameters.lotsPer10kHouseholds() * parameters.scale());
    int[] perDistrict = LargestRemainder.apportion(total, districts.stream().map(District::gasHouseholds).toList());
    List<Lot> lots = new ArrayList<>();
    for (int i = 0; i < districts.size(); i++) {
      District district = districts.get(i);
      int onStreet = (int) Math.round(perDistrict[i] * parameters.onStreetShare());
      for (int n = 1; n <= perDistrict[i] - onStreet; n++) {
        lots.add(statusLot(district, n, random));
      }
      for (int n = 1; n <= onStreet; n++) {
        lots.add(onStreetLot(district, n, random));
      }
    }
    return lots;
  }

  private static Lot statusLot(District district, int number, SplittableRandom random) {
    LotKind kind = drawStatusKind(random);
    return new Lot(
        "L-" + district.code() + "-" + zeroPadded(number, 4),
        district.name() + kind.label() + "停车场" + zeroPadded(number, 2),
        district.code(),
        district.box().randomPoint(random),
        kind.capacity().draw(random),
        kind,
        List.of());
  }

  private static Lot onStreetLot(District district, int number, SplittableRandom random) {
    int capacity = LotKind.ON_STREET.capacity().draw(random);
    List<String> bays = new ArrayList<>(capacity);
    for (int b = 1; b <= capacity; b++) {
      bays.add("A-" + zeroPadded(b, 3));
    }
    // "S-" as in the catalogue's own example: a street segment rather than an off-street lot.
    return new Lot(
        "S-" + district.code() + "-" + zeroPadded(number, 4),
        district.name() + "路段" + zeroPadded(number, 2),
        district.code(),
        district.box().randomPoint(random),
        capacity,
        LotKind.ON_STREET,
        bays);
  }

  private static LotKind drawStatusKind(SplittableRandom random) {
    double u = random.nextDouble();
    LotKind last = LotKind.COMMUTER;
    for (LotKind kind : LotKind.values()) {
      if (kind.counting() != Counting.STATUS) {
        continue;
      }
      last = kind;
      u -= kind.shareOfStatusLots();
      if (u < 0) {
        return kind;
      }
    }
    return last;
  }

  private List<Cover> covers(
      List<District> districts,
      List<Unit> units,
      CityParameters parameters,
      SplittableRandom random,
      SplittableRandom limitRandom) {
    Map<String, District> byCode = new HashMap<>();
    districts.forEach(d -> byCode.put(d.code(), d));
    List<District> urban = districts.stream().filter(District::urban).toList();
    List<Long> urbanWeights = urban.stream().map(District::gasHouseholds).toList();

    List<Cover> covers = new ArrayList<>();
    for (int u = 0; u < units.size(); u++) {
      Unit unit = units.get(u);
      int count = coverCount(reference.units().get(u).coversTarget(), parameters.scale());
      List<District> homes;
      int[] perHome;
      if (unit.districtCode().isPresent()) {
        homes = List.of(byCode.get(unit.districtCode().get()));
        perHome = new int[] {count};
      } else {
        homes = urban;
        perHome = LargestRemainder.apportion(count, urbanWeights);
      }
      for (int h = 0; h < homes.size(); h++) {
        District home = homes.get(h);
        for (int k = 0; k < perHome[h]; k++) {
          covers.add(
              new Cover(
                  "C-" + zeroPadded(covers.size() + 1, 6),
                  unit.id(),
                  home.code(),
                  home.box().randomPoint(random),
                  limits(limitRandom)));
        }
      }
    }
    return covers;
  }

  /**
   * The defaults, or for {@link #OWN_LIMITS_SHARE} of covers each threshold replaced with a coin's
   * chance by one a bureau might set instead (at least one is replaced). Report intervals stay
   * within 300–900 s so a demo's sped-up run still sees several readings and a silence.
   */
  static CoverLimits limits(SplittableRandom random) {
    CoverLimits d = CoverLimits.DEFAULTS;
    if (random.nextDouble() >= OWN_LIMITS_SHARE) {
      return d;
    }
    int changed = 1 + random.nextInt(31);
    return new CoverLimits(
        (changed & 1) != 0 ? pick(random, 300, 900) : d.reportIntervalS(),
        (changed & 2) != 0 ? pick(random, 10, 35) : d.gasLimitPpm(),
        (changed & 4) != 0 ? pick(random, 10, 20) : d.tiltLimitDeg(),
        (changed & 8) != 0 ? pick(random, 15, 50) : d.waterMarginCm(),
        (changed & 16) != 0 ? pick(random, 15, 30) : d.batteryMinPct());
  }

  private static int pick(SplittableRandom random, int a, int b) {
    return random.nextBoolean() ? a : b;
  }

  /**
   * {@code value} in decimal, left-padded with zeros to {@code width} digits, as {@code %0<width>d}
   * writes it; by hand because Formatter made a 50,000-lot load city take a second to build.
   */
  static String zeroPadded(int value, int width) {
    String digits = Integer.toString(value);
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }

  static int coverCount(int target, double scale) {
    if (scale == 0 || target == 0) {
      return 0;
    }
    return (int) Math.max(1, Math.round(target * scale));
  }

  private List<Device> devices(List<Lot> lots, List<Cover> covers) {
    List<Device> devices = new ArrayList<>(lots.size() + covers.size());
    for (Lot lot : lots) {
      String id = "gw-" + lot.id();
      DeviceKind kind = lot.counting() == Counting.STATUS ? DeviceKind.LOT_GATEWAY : DeviceKind.BAY_GATEWAY;
      devices.add(new Device(id, kind, List.of(lot.id()), List.of(), secrets.secretFor(id)));
    }
    for (Cover cover : covers) {
      String id = "cs-" + cover.id();
      devices.add(new Device(id, DeviceKind.COVER_SENSOR, List.of(), List.of(cover.id()), secrets.secretFor(id)));
    }
    return devices;
  }
}
