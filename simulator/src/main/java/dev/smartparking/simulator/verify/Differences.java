package dev.smartparking.simulator.verify;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What verify found wrong, per check: the first {@code shownPerCheck} described, the rest only
 * counted, so a badly broken run still prints a readable report.
 */
public final class Differences {

  private final int shownPerCheck;
  private final Map<Check, List<String>> shown = new EnumMap<>(Check.class);
  private final Map<Check, Integer> counts = new EnumMap<>(Check.class);

  public Differences(int shownPerCheck) {
    if (shownPerCheck < 0) {
      throw new IllegalArgumentException("shownPerCheck must be >= 0, got " + shownPerCheck);
    }
    this.shownPerCheck = shownPerCheck;
  }

  public void add(Check check, String description) {
    int count = counts.merge(check, 1, Integer::sum);
    if (count <= shownPerCheck) {
      shown.computeIfAbsent(check, c -> new ArrayList<>()).add(description);
    }
  }

  public boolean none() {
    return counts.isEmpty();
  }

  public int count(Check check) {
    return counts.getOrDefault(check, 0);
  }

  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The descriptions kept for {@code check}, at most the limit. */
  public List<String> shown(Check check) {
    return List.copyOf(shown.getOrDefault(check, List.of()));
  }

  /** Every description kept, across checks, for a one-glance assertion or log. */
  public List<String> all() {
    List<String> all = new ArrayList<>();
    for (Check check : Check.values()) {
      all.addAll(shown(check));
    }
    return all;
  }
}
