package dev.smartparking.simulator.realistic;

import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.city.Cover;
import dev.smartparking.simulator.city.Device;
import dev.smartparking.simulator.city.Lot;
import dev.smartparking.simulator.device.Broker;
import dev.smartparking.simulator.device.Connecting;
import dev.smartparking.simulator.device.SequenceNumbers;
import dev.smartparking.simulator.ledger.Ledger;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Plays every device of a city in accelerated time on the calling thread: lot gateways, bay gateways
 * and cover sensors, with gateway outages and their back-fill.
 *
 * <p>Each step moves every device from the previous simulated time to the current one; once a wall
 * second it prints the progress line. Random choices come from the seed, split per device, so a run's
 * model is the same for the same seed (the timing of steps still varies with the machine).
 */
public final class CityRun {

  private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

  private final RunSettings settings;
  private final RunCounters counters;
  private final List<SimulatedDevice> devices;
  private final SplittableRandom random;
  private final Map<DeviceLink, LocalDateTime> offlineUntil = new HashMap<>();
  private final Set<DeviceLink> dropDue = new HashSet<>();
  private List<SimulatedDevice> running = List.of();

  private CityRun(RunSettings settings, RunCounters counters, List<SimulatedDevice> devices, SplittableRandom random) {
    this.settings = settings;
    this.counters = counters;
    this.devices = List.copyOf(devices);
    this.random = random;
  }

  // Distinct from the city's seed, so that planning silences leaves every device's model as it was.
  private static final long SILENCE_SEED_OFFSET = 0x51_4C_4E_54L;

  /**
   * One simulated device per device of the city, each with its own seq counter from {@code
   * seqBaseMillis}. The city is the one provisioned ({@link RunSettings#inWallClock}): a cover
   * reports every report_interval_s of wall time, i.e. that times the speed-up of simulated time.
   */
  public static CityRun of(
      City city, Broker broker, RunSettings settings, RunCounters counters, Ledger ledger, long seed, long seqBaseMillis) {
    SplittableRandom random = new SplittableRandom(seed);
    SplittableRandom silenceRandom = new SplittableRandom(seed + SILENCE_SEED_OFFSET);
    Map<String, Lot> lots = city.lots().stream().collect(Collectors.toMap(Lot::id, Function.identity()));
    Map<String, Cover> covers = city.covers().stream().collect(Collectors.toMap(Cover::id, Function.identity()));
    List<SimulatedDevice> devices = new ArrayList<>();
    for (Device device : city.devices()) {
      DeviceLink link =
          new DeviceLink(
              device.id(), broker.connectionFor(device.id(), device.secret()), SequenceNumbers.fromWallClock(seqBaseMillis), counters, ledger);
      SplittableRandom own = random.split();
      switch (device.kind()) {
        case LOT_GATEWAY -> devices.add(new StatusLotGateway(lotModel(lots.get(device.lots().get(0)), settings, own), link, settings.policy()));
        case BAY_GATEWAY -> devices.add(new BayLotGateway(lotModel(lots.get(device.lots().get(0)), settings, own), link));
        case COVER_SENSOR -> {
          Cover cover = covers.get(device.covers().get(0));
          CoverModel model = new CoverModel(cover, settings.hazards(), own);
          Duration wallInterval = Duration.ofSeconds(cover.limits().reportIntervalS());
          Duration simInterval = Duration.ofNanos(Math.round(wallInterval.toNanos() * settings.speedUp()));
          Optional<Silence> silence =
              settings.silences().draw(wallInterval, settings.start(), settings.simSpan(), settings.speedUp(), silenceRandom);
          devices.add(
              new CoverSensor(model, link, settings.rain(), settings.hazards(), settings.start(), simInterval, silence, own));
        }
      }
    }
    return new CityRun(settings, counters, devices, random);
  }

  /** Gives each lot its kind's demand, and a propensity so that lots of one kind differ. */
  private static LotModel lotModel(Lot lot, RunSettings settings, SplittableRandom random) {
    double propensity = 0.85 + 0.25 * random.nextDouble();
    return new LotModel(lot, LotDemand.forKind(lot.kind()), propensity, settings.start(), random);
  }

  public List<SimulatedDevice> devices() {
    return devices;
  }

  /** The devices that connected and play. */
  public List<SimulatedDevice> running() {
    return running;
  }

  /** Connects every device at once; those not accepted within {@code timeout} are counted as failures and sit out. */
  public List<SimulatedDevice> connect(Duration timeout) throws InterruptedException {
    List<Optional<String>> failures =
        Connecting.all(devices.stream().map(d -> d.link().connection()).toList(), timeout);
    List<SimulatedDevice> connected = new ArrayList<>();
    for (int i = 0; i < devices.size(); i++) {
      if (failures.get(i).isEmpty()) {
        connected.add(devices.get(i));
      } else {
        counters.connectFailed(devices.get(i).link().deviceId() + " could not connect: " + failures.get(i).get());
      }
    }
    running = List.copyOf(connected);
    return running;
  }

  /** Plays the simulated span in the wall duration, printing a progress line every second. */
  public void play(PrintWriter progress) throws InterruptedException {
    SimClock clock = new SimClock(settings.start(), settings.simSpan(), settings.wallDuration(), System.nanoTime());
    ProgressLine line = new ProgressLine(counters.figures(), clock.wallStartNanos());
    LocalDateTime simDone = clock.simStart();
    long lastProgress = clock.wallStartNanos();
    while (true) {
      long now = System.nanoTime();
      LocalDateTime simNow = clock.simTimeAt(now);
      step(simDone, simNow, now);
      simDone = simNow;
      boolean finished = clock.finishedAt(now);
      // The last line always shows the end of simulated time, even between two seconds.
      if (finished || now - lastProgress >= PROGRESS_EVERY_NANOS) {
        lastProgress = now;
        progress.println(line.next(simNow, counters.figures(), now, offline(), connected(), devices.size()));
        progress.flush();
      }
      if (finished) {
        return;
      }
      Thread.sleep(settings.tick().toMillis());
    }
  }

  private void step(LocalDateTime from, LocalDateTime to, long nowNanos) {
    double minutes = Duration.between(from, to).toNanos() / 60e9;
    long wallMillis = System.currentTimeMillis();
    for (SimulatedDevice device : running) {
      DeviceLink link = device.link();
      LocalDateTime backAt = offlineUntil.get(link);
      if (backAt != null && !to.isBefore(backAt)) {
        offlineUntil.remove(link);
        link.comeBack(nowNanos);
      }
      link.pump(nowNanos);
      device.advance(from, to, wallMillis);
      if (backAt == null && device.dropsOut() && settings.outages().startsWithin(minutes, random)) {
        dropDue.add(link);
      }
      // An uplink fails while sending: the drop waits for a step with messages still unacknowledged,
      // which then go again on reconnect.
      if (dropDue.contains(link) && link.awaitingAcks()) {
        dropDue.remove(link);
        offlineUntil.put(link, to.plus(settings.outages().draw(random)));
        link.goOffline();
      }
    }
  }

  /**
   * Brings back every gateway still offline, then waits up to {@code timeout} for the backlog to go
   * out and for outstanding PUBACKs.
   */
  public RunFigures drain(Duration timeout) throws InterruptedException {
    long now = System.nanoTime();
    for (DeviceLink link : offlineUntil.keySet()) {
      link.comeBack(now);
    }
    offlineUntil.clear();
    long deadline = now + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long at = System.nanoTime();
      running.forEach(d -> d.link().pump(at));
      if (running.stream().allMatch(d -> !d.link().isOffline() && d.link().outstanding() == 0)) {
        break;
      }
      Thread.sleep(50);
    }
    return counters.figures();
  }

  /** Messages still queued or unacknowledged in devices: a drain that ran out of time leaves some. */
  public int leftOver() {
    return running.stream().mapToInt(d -> d.link().outstanding()).sum();
  }

  public void disconnect() throws InterruptedException {
    CompletableFuture<?>[] closing =
        devices.stream().map(d -> d.link().connection().disconnect()).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(closing).get(5, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Leaving anyway: the process exit closes whatever is left.
    }
  }

  private int offline() {
    return (int) running.stream().filter(d -> d.link().isOffline()).count();
  }

  private int connected() {
    return (int) running.stream().filter(d -> d.link().connection().isConnected()).count();
  }
}
