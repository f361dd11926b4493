package dev.smartparking.simulator.city;

/** What a lot serves; it sets how it is counted, how big it tends to be and, later, its demand curve. */
public enum LotKind {
  COMMUTER("commuter", "通勤", Counting.STATUS, 0.30, new CapacityDistribution(60, 150, 400)),
  COMMERCIAL("commercial", "商业", Counting.STATUS, 0.30, new CapacityDistribution(80, 250, 800)),
  HOSPITAL("hospital", "医院", Counting.STATUS, 0.10, new CapacityDistribution(60, 180, 500)),
  RESIDENTIAL("residential", "小区", Counting.STATUS, 0.30, new CapacityDistribution(40, 120, 500)),
  ON_STREET("on_street", "路内泊位", Counting.BAYS, 0.0, new CapacityDistribution(6, 16, 40));

  private final String wireName;
  private final String label;
  private final Counting counting;
  private final double shareOfStatusLots;
  private final CapacityDistribution capacity;

  LotKind(String wireName, String label, Counting counting, double shareOfStatusLots, CapacityDistribution capacity) {
    this.wireName = wireName;
    this.label = label;
    this.counting = counting;
    this.shareOfStatusLots = shareOfStatusLots;
    this.capacity = capacity;
  }

  public String wireName() {
    return wireName;
  }

  /** The Chinese word used in generated lot names. */
  public String label() {
    return label;
  }

  public Counting counting() {
    return counting;
  }

  /** Share among status-counted lots; on-street segments are apportioned separately. */
  public double shareOfStatusLots() {
    return shareOfStatusLots;
  }

  public CapacityDistribution capacity() {
    return capacity;
  }
}
