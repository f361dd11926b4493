package dev.smartparking.simulator.device;

import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.city.Device;
import dev.smartparking.simulator.city.DeviceKind;
import dev.smartparking.simulator.city.Lot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A city's status-counting lot gateways as one group: connected together, drained and closed together. */
public final class GatewayFleet {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayFleet.class);

  private final List<LotGateway> gateways;
  private final DeliveryStats stats;

  private GatewayFleet(List<LotGateway> gateways, DeliveryStats stats) {
    this.gateways = List.copyOf(gateways);
    this.stats = stats;
  }

  /**
   * One gateway per {@code lot_gateway} device of the city, each with its own seq counter started
   * from {@code seqBaseMillis}. Bay gateways and cover sensors are left out: the server handles
   * only the status topic so far.
   */
  public static GatewayFleet of(
      City city, Broker broker, PublishPolicy policy, DeliveryStats stats, long seqBaseMillis) {
    Map<String, Lot> lotsById = city.lots().stream().collect(Collectors.toMap(Lot::id, Function.identity()));
    List<LotGateway> gateways = new ArrayList<>();
    for (Device device : city.devices()) {
      if (device.kind() != DeviceKind.LOT_GATEWAY) {
        continue;
      }
      gateways.add(
          new LotGateway(
              device.id(),
              lotsById.get(device.lots().get(0)),
              broker.connectionFor(device.id(), device.secret()),
              SequenceNumbers.fromWallClock(seqBaseMillis),
              policy,
              stats));
    }
    return new GatewayFleet(gateways, stats);
  }

  public int size() {
    return gateways.size();
  }

  /** Connects every gateway at once; returns those accepted within {@code timeout}, counting the rest as failures. */
  public List<LotGateway> connect(Duration timeout) throws InterruptedException {
    List<CompletableFuture<Void>> attempts = gateways.stream().map(g -> g.connection().connect()).toList();
    try {
      CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new))
          .exceptionally(error -> null)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Judged one by one below: the late ones count as failures.
    }
    List<LotGateway> connected = new ArrayList<>();
    for (int i = 0; i < gateways.size(); i++) {
      CompletableFuture<Void> attempt = attempts.get(i);
      if (attempt.isDone() && !attempt.isCompletedExceptionally()) {
        connected.add(gateways.get(i));
        continue;
      }
      Throwable cause =
          attempt.isDone()
              ? attempt.handle((ok, error) -> error).join()
              : new TimeoutException("no CONNACK within " + timeout);
      LOG.warn("{} could not connect: {}", gateways.get(i).deviceId(), cause.toString());
      stats.connectFailed(gateways.get(i).deviceId(), cause);
    }
    return connected;
  }

  /** Waits up to {@code timeout} for outstanding PUBACKs and returns the figures then. */
  public DeliveryFigures drain(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    DeliveryFigures figures = stats.figures();
    while (figures.pending() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      figures = stats.figures();
    }
    return figures;
  }

  public void disconnect() throws InterruptedException {
    CompletableFuture<?>[] closing =
        gateways.stream().map(g -> g.connection().disconnect()).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(closing).get(5, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Leaving anyway: the process exit closes whatever is left.
    }
  }
}
