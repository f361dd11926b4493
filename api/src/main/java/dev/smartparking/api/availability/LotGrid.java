package dev.smartparking.api.availability;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where lots stand: square cells of latitude and longitude, each with the ids and positions of
 * its lots. Built whole with every full load of the registry (positions change only with it) and
 * read-only afterwards, so request threads share it without locks. The cell side is chosen at
 * build time for about {@link #LOTS_PER_CELL} lots in an occupied cell: 0.01° (1.1 by 0.9 km in
 * Jiaozuo) for a city's thousands of lots, down to {@link #MIN_CELL_DEG} as lots grow denser. A
 * search visits cells in square rings around the point's cell and stops as soon as no lot of a
 * further ring can be nearer than what it already holds, so it reads about {@code limit} lots'
 * worth of cells, not every lot within the radius.
 */
final class LotGrid {

  private static final double BASE_CELL_DEG = 0.01;
  private static final double MIN_CELL_DEG = 0.0005;
  private static final double LOTS_PER_CELL = 16;
  /** Metres per degree of latitude on the sphere of {@link Distance#EARTH_RADIUS_M}. */
  private static final double METRES_PER_DEG = Distance.EARTH_RADIUS_M * Math.PI / 180;
  /**
   * A ring's distance bound uses the flat-map width of its cells; a great circle between two
   * points is a little shorter than the parallel through them, so the bound keeps a margin.
   */
  private static final double MARGIN = 0.9;

  private final double cellDeg;
  private final int lots;
  private final Map<Long, Cell> cells;

  private LotGrid(double cellDeg, int lots, Map<Long, Cell> cells) {
    this.cellDeg = cellDeg;
    this.lots = lots;
    this.cells = cells;
  }

  /** The lots in one cell: ids, positions and the cosines of their latitudes side by side. */
  private record Cell(String[] ids, double[] lats, double[] lons, double[] cosLats) {}

  /** What a search keeps: the lots that pass the request's filters, nearest first once sorted. */
  interface Collector {
    /** Offers a lot within the radius, which it keeps if it passes the request's filters. */
    void offer(String id, double distanceM);

    /** Distance of the {@code limit}-th nearest lot kept so far, or infinity while fewer are kept. */
    double limitDistance();
  }

  static LotGrid of(Collection<LotNow> lots) {
    double perBaseCell = lots.size() / (double) Math.max(1, byCell(lots, BASE_CELL_DEG).size());
    double cellDeg = Math.max(MIN_CELL_DEG, Math.min(BASE_CELL_DEG, BASE_CELL_DEG * Math.sqrt(LOTS_PER_CELL / perBaseCell)));
    Map<Long, List<LotNow>> byCell = byCell(lots, cellDeg);
    Map<Long, Cell> cells = new HashMap<>(byCell.size() * 2);
    byCell.forEach((key, members) -> {
      String[] ids = new String[members.size()];
      double[] lats = new double[members.size()];
      double[] lons = new double[members.size()];
      double[] cosLats = new double[members.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = members.get(i).id();
        lats[i] = members.get(i).lat();
        lons[i] = members.get(i).lon();
        cosLats[i] = Math.cos(Math.toRadians(lats[i]));
      }
      cells.put(key, new Cell(ids, lats, lons, cosLats));
    });
    return new LotGrid(cellDeg, lots.size(), cells);
  }

  private static Map<Long, List<LotNow>> byCell(Collection<LotNow> lots, double cellDeg) {
    Map<Long, List<LotNow>> byCell = new HashMap<>();
    for (LotNow lot : lots) {
      byCell.computeIfAbsent(key(index(lot.lat(), cellDeg), index(lot.lon(), cellDeg)), k -> new ArrayList<>()).add(lot);
    }
    return byCell;
  }

  /** Offers {@code into} every lot within {@code radiusM} of the point that it may need. */
  void search(double lat, double lon, double radiusM, Collector into) {
    double ringLatM = cellDeg * METRES_PER_DEG;
    int maxRing = (int) Math.ceil(radiusM / (ringLatM * MARGIN)) + 1;
    double farthestLat = Math.abs(lat) + (maxRing + 1) * cellDeg;
    long ringCells = (2L * maxRing + 1) * (2L * maxRing + 1);
    // Near a pole or the antimeridian cells stop being neighbours by index; and when the rings
    // hold many more (mostly empty) cells than there are lots, reading every lot costs less.
    if (farthestLat >= 89 || Math.abs(lon) + (maxRing + 1) * cellDeg >= 180 || ringCells > 2L * lots) {
      cells.values().forEach(cell -> offerAll(cell, lat, lon, radiusM, into));
      return;
    }
    double ringM = Math.min(ringLatM, ringLatM * Math.cos(Math.toRadians(farthestLat))) * MARGIN;
    int row = index(lat, cellDeg);
    int column = index(lon, cellDeg);
    for (int ring = 0; ring <= maxRing; ring++) {
      visitRing(row, column, ring, lat, lon, radiusM, into);
      // Lots of further rings are at least `ring` whole cells away from the point's cell.
      double nearestUnvisited = ring * ringM;
      if (nearestUnvisited > radiusM || into.limitDistance() <= nearestUnvisited) {
        return;
      }
    }
  }

  private void visitRing(int row, int column, int ring, double lat, double lon, double radiusM, Collector into) {
    for (int r = row - ring; r <= row + ring; r++) {
      boolean edgeRow = r == row - ring || r == row + ring;
      for (int c = column - ring; c <= column + ring; c += edgeRow || ring == 0 ? 1 : 2 * ring) {
        Cell cell = cells.get(key(r, c));
        if (cell != null) {
          offerAll(cell, lat, lon, radiusM, into);
        }
      }
    }
  }

  /**
   * Offers the cell's lots within {@code radiusM}. A lot whose haversine term alone puts it beyond
   * the radius, or beyond the farthest of the {@code limit} kept when the cell was entered, could
   * not be kept: it is passed over before its arc sine, most of a distance's cost.
   */
  private static void offerAll(Cell cell, double lat, double lon, double radiusM, Collector into) {
    double cosLat = Math.cos(Math.toRadians(lat));
    double beyond = Distance.termBeyond(Math.min(radiusM, into.limitDistance()));
    for (int i = 0; i < cell.ids.length; i++) {
      double term = Distance.term(lat, lon, cosLat, cell.lats[i], cell.lons[i], cell.cosLats[i]);
      if (term > beyond) {
        continue;
      }
      double distance = Distance.fromTerm(term);
      if (distance <= radiusM) {
        into.offer(cell.ids[i], distance);
      }
    }
  }

  /** The cell row of a latitude, or column of a longitude. */
  private static int index(double degrees, double cellDeg) {
    return (int) Math.floor(degrees / cellDeg);
  }

  private static long key(int row, int column) {
    return ((long) row << 32) | (column & 0xffffffffL);
  }
}
