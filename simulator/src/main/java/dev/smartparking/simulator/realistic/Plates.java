package dev.smartparking.simulator.realistic;

import java.util.random.RandomGenerator;

/** Jiaozuo number plates (豫H and five characters), drawn from the run's seeded random source. */
final class Plates {

  // Plates leave out I and O, which read as 1 and 0.
  private static final String CHARACTERS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

  private Plates() {}

  static String next(RandomGenerator random) {
    StringBuilder plate = new StringBuilder("豫H");
    for (int i = 0; i < 5; i++) {
      // Mostly digits, as on real plates.
      plate.append(random.nextDouble() < 0.7 ? CHARACTERS.charAt(random.nextInt(10)) : CHARACTERS.charAt(random.nextInt(CHARACTERS.length())));
    }
    return plate.toString();
  }
}
