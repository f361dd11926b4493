package dev.smartparking.simulator.city;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits a whole number among weighted shares by largest remainder (Hamilton's method).
 *
 * <p>Each part lies within one of its exact quota and the parts add up to the total.
 */
public final class LargestRemainder {

  private LargestRemainder() {}

  public static int[] apportion(int total, List<Long> weights) {
    if (total < 0) {
      throw new IllegalArgumentException("total must be >= 0, got " + total);
    }
    double sum = weights.stream().mapToLong(Long::longValue).sum();
    int[] parts = new int[weights.size()];
    if (sum <= 0 || total == 0) {
      return parts;
    }
    double[] quotas = weights.stream().mapToDouble(w -> total * (w / sum)).toArray();
    int given = 0;
    for (int i = 0; i < parts.length; i++) {
      parts[i] = (int) Math.floor(quotas[i]);
      given += parts[i];
    }
    // Ties go to the earlier share so that the result depends on nothing but the input order.
    List<Integer> byRemainder =
        IntStream.range(0, parts.length)
            .boxed()
            .sorted(
                Comparator.comparingDouble((Integer i) -> quotas[i] - Math.floor(quotas[i]))
                    .reversed()
                    .thenComparing(i -> i))
            .toList();
    for (int k = 0; given < total; k++, given++) {
      parts[byRemainder.get(k)]++;
    }
    return parts;
  }
}
