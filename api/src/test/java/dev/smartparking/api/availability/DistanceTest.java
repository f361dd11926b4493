package dev.smartparking.api.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The nearby search passes over a lot on its haversine term alone: that must never drop a lot the
 * full distance would have kept, the one at the bound itself included.
 */
class DistanceTest {

  @Test
  void theTermOfAPointAtTheBoundIsNeverBeyondIt() {
    Random random = new Random(14);
    for (int i = 0; i < 200_000; i++) {
      double lat1 = 34.9 + random.nextDouble() * 0.5;
      double lon1 = 112.9 + random.nextDouble() * 0.6;
      double lat2 = 34.9 + random.nextDouble() * 0.5;
      double lon2 = 112.9 + random.nextDouble() * 0.6;
      double cos1 = Math.cos(Math.toRadians(lat1));
      double cos2 = Math.cos(Math.toRadians(lat2));
      double term = Distance.term(lat1, lon1, cos1, lat2, lon2, cos2);

      assertThat(term).isLessThanOrEqualTo(Distance.termBeyond(Distance.haversineM(lat1, lon1, lat2, lon2)));
    }
  }

  @Test
  void theTermGivesTheDistanceBitForBit() {
    double lat1 = 35.2154;
    double lon1 = 113.2417;
    double lat2 = 35.1984;
    double lon2 = 113.2911;

    double viaTerm = Distance.fromTerm(Distance.term(lat1, lon1, Math.cos(Math.toRadians(lat1)), lat2, lon2,
        Math.cos(Math.toRadians(lat2))));

    assertThat(viaTerm).isEqualTo(Distance.haversineM(lat1, lon1, lat2, lon2)).isBetween(4_800.0, 5_000.0);
  }

  @Test
  void nothingIsBeyondHalfTheEarthAround() {
    assertThat(Distance.termBeyond(Math.PI * Distance.EARTH_RADIUS_M)).isInfinite();
    assertThat(Distance.term(0, 0, 1, 0, 180, 1)).isLessThanOrEqualTo(Distance.termBeyond(50_000_000));
  }
}
