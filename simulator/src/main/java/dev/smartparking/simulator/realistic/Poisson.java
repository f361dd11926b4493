package dev.smartparking.simulator.realistic;

import java.util.random.RandomGenerator;

/** Draws from a Poisson distribution: how many independent arrivals fall into one step. */
final class Poisson {

  private Poisson() {}

  static int draw(double mean, RandomGenerator random) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 30) {
      // Knuth's product would underflow; at this size the normal approximation is close enough.
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int count = 0;
    while (product > limit) {
      product *= random.nextDouble();
      count++;
    }
    return count;
  }
}
