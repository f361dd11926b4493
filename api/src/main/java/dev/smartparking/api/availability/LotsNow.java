package dev.smartparking.api.availability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Every registered lot as the {@link AvailabilityView} last applied it, for the lot answers: by
 * id, in id order (all, or one district's) and by position ({@link LotGrid}). The registry part
 * (which lots, where, in what order) is fixed for the life of an instance: a registry change
 * makes the view build a new one. Lot states are replaced one record at a time by the view; a
 * reader sees each lot either as it was or as it is.
 */
public final class LotsNow {

  private static final Comparator<Nearby> NEAREST_FIRST =
      Comparator.comparingDouble(Nearby::distanceM).thenComparing(nearby -> nearby.lot().id());

  private final Map<String, LotNow> byId;
  private final String[] ids;
  private final Map<String, String[]> idsByDistrict;
  private final LotGrid grid;

  private LotsNow(Map<String, LotNow> byId, String[] ids, Map<String, String[]> idsByDistrict, LotGrid grid) {
    this.byId = byId;
    this.ids = ids;
    this.idsByDistrict = idsByDistrict;
    this.grid = grid;
  }

  /** A lot and how far it is from the point searched. */
  public record Nearby(LotNow lot, double distanceM) {}

  static LotsNow of(Collection<LotNow> lots) {
    Map<String, LotNow> byId = new ConcurrentHashMap<>(lots.size() * 2);
    Map<String, List<String>> byDistrict = new HashMap<>();
    for (LotNow lot : lots) {
      byId.put(lot.id(), lot);
      byDistrict.computeIfAbsent(lot.district(), d -> new ArrayList<>()).add(lot.id());
    }
    // Id order is PostgreSQL's under the C collation the lists were answered in: ids are ASCII.
    String[] ids = byId.keySet().toArray(String[]::new);
    Arrays.sort(ids);
    Map<String, String[]> idsByDistrict = new HashMap<>();
    byDistrict.forEach((district, members) -> {
      String[] sorted = members.toArray(String[]::new);
      Arrays.sort(sorted);
      idsByDistrict.put(district, sorted);
    });
    return new LotsNow(byId, ids, idsByDistrict, LotGrid.of(lots));
  }

  /** The lot's new state; its place in the registry is unchanged (the view checks). */
  void update(LotNow lot) {
    byId.put(lot.id(), lot);
  }

  /** The lot, or null when it is not registered. */
  public LotNow get(String id) {
    return byId.get(id);
  }

  public int size() {
    return byId.size();
  }

  /**
   * Up to {@code max} lots in id order after {@code after} (null: from the first), of one
   * district (null: all), that {@code keep} accepts.
   */
  public List<LotNow> inIdOrder(String district, String after, Predicate<LotNow> keep, int max) {
    String[] order = district == null ? ids : idsByDistrict.getOrDefault(district, new String[0]);
    int from = 0;
    if (after != null) {
      int at = Arrays.binarySearch(order, after);
      from = at >= 0 ? at + 1 : -at - 1;
    }
    List<LotNow> page = new ArrayList<>(Math.min(max, 64));
    for (int i = from; i < order.length && page.size() < max; i++) {
      LotNow lot = byId.get(order[i]);
      if (keep.test(lot)) {
        page.add(lot);
      }
    }
    return page;
  }

  /** Up to {@code limit} lots within {@code radiusM} that {@code keep} accepts, nearest first, then by id. */
  public List<Nearby> nearby(double lat, double lon, double radiusM, Predicate<LotNow> keep, int limit) {
    // The `limit` nearest so far, the farthest of them on top: a lot that would not make the
    // list is dropped on its distance alone, before its state is even looked up.
    PriorityQueue<Nearby> nearest = new PriorityQueue<>(limit + 1, NEAREST_FIRST.reversed());
    grid.search(lat, lon, radiusM, new LotGrid.Collector() {
      @Override
      public void offer(String id, double distanceM) {
        if (nearest.size() == limit) {
          Nearby farthest = nearest.peek();
          if (distanceM > farthest.distanceM()
              || distanceM == farthest.distanceM() && id.compareTo(farthest.lot().id()) > 0) {
            return;
          }
        }
        LotNow lot = byId.get(id);
        if (keep.test(lot)) {
          nearest.add(new Nearby(lot, distanceM));
          if (nearest.size() > limit) {
            nearest.poll();
          }
        }
      }

      @Override
      public double limitDistance() {
        return nearest.size() == limit ? nearest.peek().distanceM() : Double.POSITIVE_INFINITY;
      }
    });
    List<Nearby> found = new ArrayList<>(nearest);
    found.sort(NEAREST_FIRST);
    return found;
  }
}
