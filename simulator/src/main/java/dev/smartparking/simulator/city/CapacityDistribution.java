package dev.smartparking.simulator.city;

import java.util.random.RandomGenerator;

/** A triangular distribution of spaces per lot: most lots near the mode, a few large ones. */
public record CapacityDistribution(int min, int mode, int max) {

  public CapacityDistribution {
    if (min < 1 || min > mode || mode > max) {
      throw new IllegalArgumentException("need 1 <= min <= mode <= max, got " + min + "/" + mode + "/" + max);
    }
  }

  public int draw(RandomGenerator random) {
    if (min == max) {
      return min;
    }
    double u = random.nextDouble();
    double span = max - min;
    double split = (mode - min) / span;
    double x =
        u < split
            ? min + Math.sqrt(u * span * (mode - min))
            : max - Math.sqrt((1 - u) * span * (max - mode));
    return (int) Math.round(x);
  }
}
