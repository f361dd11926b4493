package dev.smartparking.simulator.load;

import java.util.ArrayList;
import java.util.List;

/**
 * One process's share of a load run: a contiguous range of the devices and its own source addresses.
 *
 * @param index 0-based; written {@code index+1/count} on the command line
 */
public record Slice(int index, int count) {

  public static final Slice WHOLE = new Slice(0, 1);

  public Slice {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("a slice is i/n with 1 <= i <= n, got " + (index + 1) + "/" + count);
    }
  }

  /** Reads {@code i/n}, 1-based as people count processes. */
  public static Slice parse(String text) {
    String[] parts = text.strip().split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException("a slice is i/n, e.g. 2/3; got '" + text + "'");
    }
    try {
      return new Slice(Integer.parseInt(parts[0].strip()) - 1, Integer.parseInt(parts[1].strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a slice is i/n, e.g. 2/3; got '" + text + "'", e);
    }
  }

  /** This slice's devices: sizes differ by at most one between slices. */
  public <T> List<T> of(List<T> all) {
    int from = (int) ((long) all.size() * index / count);
    int to = (int) ((long) all.size() * (index + 1) / count);
    return all.subList(from, to);
  }

  /**
   * Every count-th address starting at this slice's own, so no two processes bind the same one;
   * with fewer addresses than processes, slices share them round-robin (the kernel still keeps
   * their ports apart).
   */
  public <T> List<T> addresses(List<T> all) {
    if (all.isEmpty()) {
      throw new IllegalArgumentException("need at least one source address");
    }
    if (all.size() < count) {
      return List.of(all.get(index % all.size()));
    }
    List<T> mine = new ArrayList<>();
    for (int i = index; i < all.size(); i += count) {
      mine.add(all.get(i));
    }
    return mine;
  }

  @Override
  public String toString() {
    return (index + 1) + "/" + count;
  }
}
