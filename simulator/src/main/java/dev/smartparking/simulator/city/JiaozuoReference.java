package dev.smartparking.simulator.city;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Jiaozuo's published figures (districts, cover units) and the simulator's rough geography, from resources. */
public record JiaozuoReference(
    List<ReferenceDistrict> districts, List<ReferenceUnit> units, Map<String, DistrictPlace> places) {

  private static final String DIR = "/jiaozuo/";

  public static JiaozuoReference load() {
    List<ReferenceDistrict> districts =
        rows("jiaozuo-districts.csv").stream()
            .map(r -> new ReferenceDistrict(r[0], r[1], optional(r[2]), Long.parseLong(r[3])))
            .toList();
    List<ReferenceUnit> units =
        rows("manhole-units.csv").stream()
            .map(r -> new ReferenceUnit(r[0], optional(r[1]), Integer.parseInt(r[2]), Integer.parseInt(r[3])))
            .toList();
    Map<String, DistrictPlace> places =
        rows("district-places.csv").stream()
            .map(
                r ->
                    new DistrictPlace(
                        r[0],
                        r[1],
                        new GeoBox(Double.parseDouble(r[2]), Double.parseDouble(r[3]), Double.parseDouble(r[4]))))
            .collect(Collectors.toMap(DistrictPlace::name, Function.identity()));
    for (ReferenceDistrict district : districts) {
      if (!places.containsKey(district.name())) {
        throw new IllegalStateException("district-places.csv has no row for " + district.name());
      }
    }
    return new JiaozuoReference(districts, units, Map.copyOf(places));
  }

  private static Optional<String> optional(String field) {
    return field.isBlank() ? Optional.empty() : Optional.of(field.strip());
  }

  /** The files are ours and quote nothing, so a plain split is a complete parser for them. */
  private static List<String[]> rows(String file) {
    try (InputStream in = JiaozuoReference.class.getResourceAsStream(DIR + file)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DIR + file);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return reader.lines().skip(1).filter(line -> !line.isBlank()).map(line -> line.split(",", -1)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
