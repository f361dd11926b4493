package dev.smartparking.simulator.realistic;

import dev.smartparking.simulator.city.Counting;
import dev.smartparking.simulator.city.Lot;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The cars in one lot: Poisson arrivals sized to the lot's demand curve, departures when each car's
 * dwell time is up.
 *
 * <p>Arrivals come at rate {@code target / meanDwell + (target - occupied) / PULL}: the first term
 * alone would hold a full lot at its target, the second follows the curve when it rises. When the
 * curve falls faster than dwell times empty the lot, the rate turns negative and that many cars leave
 * early instead. An arrival at a full lot drives on, so 0 ≤ free ≤ capacity always holds. Dwell
 * times are log-normal around the kind's mean. Driven from one thread.
 */
public final class LotModel {

  static final double PULL_MINUTES = 15.0;
  private static final double DWELL_SIGMA = 0.5;
  private static final int SPACES_PER_GATE = 300;

  private record ParkedCar(String plate, String bay, LocalDateTime leavesAt) {}

  private record Happening(LocalDateTime at, ParkedCar leaving) {}

  private final Lot lot;
  private final LotDemand demand;
  private final double propensity;
  private final RandomGenerator random;
  private final int gates;
  private final List<ParkedCar> parked = new ArrayList<>();
  private final List<String> emptyBays;
  private final Set<String> occupiedBays = new HashSet<>();

  /**
   * Starts with the lot at its target occupancy, each car part-way through its stay.
   *
   * @param propensity how much busier (above 1) or quieter than its kind this lot runs
   */
  public LotModel(Lot lot, LotDemand demand, double propensity, LocalDateTime start, RandomGenerator random) {
    this.lot = lot;
    this.demand = demand;
    this.propensity = propensity;
    this.random = random;
    this.gates = 1 + lot.capacity() / SPACES_PER_GATE;
    this.emptyBays = new ArrayList<>(lot.bays());
    long initial = Math.round(target(start));
    for (int i = 0; i < initial; i++) {
      // A car found parked has been there for a uniform share of its stay.
      park(start.plus(minutes(dwellMinutes() * random.nextDouble())));
    }
  }

  public Lot lot() {
    return lot;
  }

  public int capacity() {
    return lot.capacity();
  }

  public int free() {
    return lot.capacity() - parked.size();
  }

  public boolean isOccupied(String bay) {
    return occupiedBays.contains(bay);
  }

  /** The expected number of occupied spaces at {@code at}. */
  public double target(LocalDateTime at) {
    return Math.min(1.0, demand.occupancyAt(at) * propensity) * lot.capacity();
  }

  /** Moves the lot from {@code from} to {@code to}; returns what happened, in time order. */
  public List<LotEvent> advance(LocalDateTime from, LocalDateTime to) {
    double minutes = Duration.between(from, to).toNanos() / 60e9;
    if (minutes <= 0) {
      return List.of();
    }
    List<Happening> happenings = new ArrayList<>();
    double target = target(to);
    double drive = target / demand.meanDwellMinutes() + (target - parked.size()) / PULL_MINUTES;
    int arrivals = Poisson.draw(Math.max(0, drive) * minutes, random);
    for (int i = 0; i < arrivals; i++) {
      happenings.add(new Happening(timeWithin(from, minutes), null));
    }
    Set<ParkedCar> leaving = new HashSet<>();
    for (ParkedCar car : parked) {
      if (!car.leavesAt().isAfter(to)) {
        leaving.add(car);
        happenings.add(new Happening(car.leavesAt().isBefore(from) ? from : car.leavesAt(), car));
      }
    }
    int early = Math.min(parked.size() - leaving.size(), Poisson.draw(Math.max(0, -drive) * minutes, random));
    while (early > 0) {
      ParkedCar car = parked.get(random.nextInt(parked.size()));
      if (leaving.add(car)) {
        happenings.add(new Happening(timeWithin(from, minutes), car));
        early--;
      }
    }
    happenings.sort(Comparator.comparing(Happening::at));
    List<LotEvent> events = new ArrayList<>();
    for (Happening happening : happenings) {
      if (happening.leaving() != null) {
        events.add(leave(happening.leaving()));
      } else if (free() > 0) {
        events.add(park(happening.at().plus(minutes(dwellMinutes()))));
      }
    }
    return events;
  }

  private LotEvent park(LocalDateTime leavesAt) {
    String bay = null;
    if (lot.counting() == Counting.BAYS) {
      // Take a random empty bay: swap it to the end and remove it there.
      int index = random.nextInt(emptyBays.size());
      bay = emptyBays.get(index);
      emptyBays.set(index, emptyBays.get(emptyBays.size() - 1));
      emptyBays.remove(emptyBays.size() - 1);
      occupiedBays.add(bay);
    }
    ParkedCar car = new ParkedCar(Plates.next(random), bay, leavesAt);
    parked.add(car);
    return new LotEvent(true, car.plate(), gate("E"), bay, free());
  }

  private LotEvent leave(ParkedCar car) {
    parked.remove(car);
    if (car.bay() != null) {
      occupiedBays.remove(car.bay());
      emptyBays.add(car.bay());
    }
    return new LotEvent(false, car.plate(), gate("X"), car.bay(), free());
  }

  private String gate(String prefix) {
    return lot.counting() == Counting.BAYS ? null : prefix + (1 + random.nextInt(gates));
  }

  private double dwellMinutes() {
    return demand.meanDwellMinutes() * Math.exp(DWELL_SIGMA * random.nextGaussian() - DWELL_SIGMA * DWELL_SIGMA / 2);
  }

  private LocalDateTime timeWithin(LocalDateTime from, double minutes) {
    return from.plus(minutes(minutes * random.nextDouble()));
  }

  private static Duration minutes(double minutes) {
    return Duration.ofMillis(Math.round(minutes * 60_000));
  }
}
