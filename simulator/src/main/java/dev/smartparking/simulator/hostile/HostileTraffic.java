package dev.smartparking.simulator.hostile;

import dev.smartparking.simulator.device.Broker;
import dev.smartparking.simulator.device.ConnectRefusal;
import dev.smartparking.simulator.device.DeviceConnection;
import dev.smartparking.simulator.device.MqttVersion;
import dev.smartparking.simulator.device.PublishRejected;
import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.Ledger;
import dev.smartparking.simulator.ledger.LedgerEntry;
import dev.smartparking.simulator.ledger.LotTruth;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends valid status snapshots mixed with hostile messages at a steady rate from the calling
 * thread, and writes each one to the ledger once its answer is known.
 *
 * <p>An oversized packet is sent on its own: the gateway's earlier messages are answered first,
 * so that the connection it closes takes no innocent message with it, and the gateway reconnects
 * before it sends again.
 */
final class HostileTraffic {

  private static final Logger LOG = LoggerFactory.getLogger(HostileTraffic.class);
  private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
  private static final Duration TICK = Duration.ofMillis(10);
  /** How long an oversized packet's fate, or a reconnect, may take. */
  private static final Duration SETTLE = Duration.ofSeconds(10);
  private static final int QOS = 1;

  private final List<HostileGateway> gateways;
  private final List<String> silentDevices;
  private final Broker broker;
  private final Shares shares;
  private final int ratePerSecond;
  private final SplittableRandom random;
  private final Ledger ledger;
  private final HostileTally tally;
  private final PrintWriter progress;
  private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

  /**
   * @param silentDevices registered devices that do not publish in this run, whose ids the
   *     wrong-password attempts borrow (so that no gateway's own session is disturbed)
   */
  HostileTraffic(
      List<HostileGateway> gateways,
      List<String> silentDevices,
      Broker broker,
      Shares shares,
      int ratePerSecond,
      SplittableRandom random,
      Ledger ledger,
      HostileTally tally,
      PrintWriter progress) {
    this.gateways = List.copyOf(gateways);
    this.silentDevices = silentDevices.isEmpty() ? gateways.stream().map(g -> g.deviceId).toList() : List.copyOf(silentDevices);
    this.broker = broker;
    this.shares = shares;
    this.ratePerSecond = ratePerSecond;
    this.random = random;
    this.ledger = ledger;
    this.tally = tally;
    this.progress = progress;
  }

  /** Each gateway's first snapshot, then {@code duration} of mixed traffic, then up to {@code drain} for answers. */
  void run(Duration duration, Duration drain) throws InterruptedException {
    // A snapshot first: lots need one before anything else means much, and the run's window starts there.
    for (HostileGateway gateway : gateways) {
      sendValid(gateway);
    }
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    Progress line = new Progress(tally.figures(), start);
    // On a thread of its own: an oversized packet holds the sender up while its gateway reconnects.
    ScheduledExecutorService printer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "hostile-progress");
              thread.setDaemon(true);
              return thread;
            });
    printer.scheduleAtFixedRate(
        () -> line.print(System.nanoTime()), PROGRESS_EVERY_NANOS, PROGRESS_EVERY_NANOS, TimeUnit.NANOSECONDS);
    try {
      long sentInRun = 0;
      for (long now = start; now < end; now = System.nanoTime()) {
        long due = (now - start) * ratePerSecond / 1_000_000_000L;
        // After a hold-up, catch up at most a second's worth: the report shows the rate reached.
        sentInRun = Math.max(sentInRun, due - ratePerSecond);
        for (; sentInRun < due && System.nanoTime() < end; sentInRun++) {
          sendOne();
        }
        Thread.sleep(TICK.toMillis());
      }
      long drainEnd = System.nanoTime() + drain.toNanos();
      while (tally.outstanding() > 0 && System.nanoTime() < drainEnd) {
        Thread.sleep(TICK.toMillis());
      }
    } finally {
      printer.shutdownNow();
      printer.awaitTermination(1, TimeUnit.SECONDS);
    }
    line.print(System.nanoTime());
  }

  /** Disconnects every gateway and waits for the answers that disconnecting settles (as unanswered). */
  void close() throws InterruptedException {
    CompletableFuture<?>[] closing = gateways.stream().map(g -> g.connection.disconnect()).toArray(CompletableFuture[]::new);
    settle(CompletableFuture.allOf(closing));
    settle(CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)));
  }

  private void sendOne() throws InterruptedException {
    HostileKind kind = shares.pick(random.nextDouble());
    List<HostileGateway> usable = gateways.stream().filter(g -> g.usable).toList();
    if (usable.isEmpty()) {
      return;
    }
    HostileGateway gateway = usable.get(random.nextInt(usable.size()));
    switch (kind) {
      case VALID -> sendValid(gateway);
      case WRONG_PASSWORD -> tryWrongPassword();
      case OVERSIZED -> sendOversized(gateway);
      default -> {
        int variant = random.nextInt(HostilePayloads.variants(kind));
        publish(gateway, HostilePayloads.hostile(kind, variant, gateway.target(), gateway.seq.next(), System.currentTimeMillis()), null);
      }
    }
  }

  private void sendValid(HostileGateway gateway) {
    LotTruth truth = gateway.move(random);
    HostileMessage message =
        HostilePayloads.valid(gateway.lot.id(), gateway.seq.next(), System.currentTimeMillis(), truth.total(), truth.free(), truth.closed());
    publish(gateway, message, truth);
  }

  private void publish(HostileGateway gateway, HostileMessage message, LotTruth truth) {
    tally.sent(message.kind());
    gateway.inFlight.incrementAndGet();
    long start = System.nanoTime();
    CompletableFuture<Void> answer =
        gateway.connection.publish(message.topic(), message.payload())
            .handle(
                (ok, error) -> {
                  gateway.inFlight.decrementAndGet();
                  Throwable cause = unwrap(error);
                  boolean acked = cause == null || cause instanceof PublishRejected;
                  int code = cause instanceof PublishRejected rejected ? rejected.reasonCode() : 0;
                  record(gateway.deviceId, message, acked ? Answer.ACKED : Answer.UNANSWERED, code, truth, start);
                  return null;
                });
    pending.add(answer);
    answer.whenComplete((ok, error) -> pending.remove(answer));
  }

  private void sendOversized(HostileGateway gateway) throws InterruptedException {
    awaitQuiet(gateway);
    HostileMessage message =
        HostilePayloads.hostile(HostileKind.OVERSIZED, 0, gateway.target(), gateway.seq.next(), System.currentTimeMillis());
    long start = System.nanoTime();
    CompletableFuture<Void> sent = gateway.connection.publish(message.topic(), message.payload());
    tally.sent(HostileKind.OVERSIZED);
    Answer answer;
    int code = 0;
    try {
      sent.get(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
      answer = Answer.ACKED;
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e.getCause());
      if (cause instanceof PublishRejected rejected) {
        answer = Answer.ACKED;
        code = rejected.reasonCode();
      } else {
        answer = awaitDisconnected(gateway) ? Answer.CLOSED : Answer.UNANSWERED;
      }
    } catch (TimeoutException e) {
      answer = Answer.UNANSWERED;
    }
    record(gateway.deviceId, message, answer, code, null, start);
    if (!gateway.connection.isConnected()) {
      reconnect(gateway);
    }
  }

  private void reconnect(HostileGateway gateway) throws InterruptedException {
    try {
      gateway.connection.connect().get(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("{} could not reconnect after its connection was closed: {}", gateway.deviceId, e.toString());
      gateway.usable = false;
      tally.reconnectFailed();
    }
  }

  /** A separate connection attempt as a registered device with a secret that is not its own. */
  private void tryWrongPassword() {
    String device = silentDevices.get(random.nextInt(silentDevices.size()));
    DeviceConnection impostor = broker.connectionFor(device, "wrong-" + Long.toHexString(random.nextLong()));
    tally.sent(HostileKind.WRONG_PASSWORD);
    long start = System.nanoTime();
    CompletableFuture<Void> attempt =
        impostor.connect()
            .handle(
                (ok, error) -> {
                  Answer answer;
                  int code = 0;
                  if (error == null) {
                    // Let in with a wrong secret: recorded as a success answer, which verify flags.
                    answer = Answer.ACKED;
                    impostor.disconnect();
                  } else {
                    ConnectRefusal refusal = ConnectRefusal.of(error).orElse(null);
                    answer = refusal == null ? Answer.UNANSWERED : Answer.REFUSED;
                    code = refusal == null || broker.version() != MqttVersion.V5 ? 0 : refusal.code();
                  }
                  ledger.record(
                      new LedgerEntry(device, null, null, null, QOS, HostileKind.WRONG_PASSWORD.expect(), answer, code, null, null));
                  tally.answered(HostileKind.WRONG_PASSWORD, answer, code, start);
                  return null;
                });
    pending.add(attempt);
    attempt.whenComplete((ok, error) -> pending.remove(attempt));
  }

  private void record(String device, HostileMessage message, Answer answer, int code, LotTruth truth, long startNanos) {
    ledger.record(
        new LedgerEntry(
            device,
            message.topic(),
            message.seq(),
            message.ts(),
            QOS,
            message.kind().expect(),
            answer,
            code,
            truth,
            LedgerEntry.sha256(message.payload())));
    tally.answered(message.kind(), answer, code, startNanos);
  }

  private static void awaitQuiet(HostileGateway gateway) throws InterruptedException {
    long end = System.nanoTime() + SETTLE.toNanos();
    while (gateway.inFlight.get() > 0 && System.nanoTime() < end) {
      Thread.sleep(1);
    }
  }

  private static boolean awaitDisconnected(HostileGateway gateway) throws InterruptedException {
    long end = System.nanoTime() + SETTLE.toNanos();
    while (gateway.connection.isConnected() && System.nanoTime() < end) {
      Thread.sleep(1);
    }
    return !gateway.connection.isConnected();
  }

  private static void settle(CompletableFuture<?> future) throws InterruptedException {
    try {
      future.get(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Leaving anyway: what has not settled is not in the ledger, and verify allows for it.
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  /** The once-a-second line: per-second rates since the previous one, latency, errors, closes, refusals. */
  private final class Progress {
    private HostileTally.Figures previous;
    private long previousNanos;
    private final long startNanos;

    Progress(HostileTally.Figures first, long startNanos) {
      this.previous = first;
      this.previousNanos = startNanos;
      this.startNanos = startNanos;
    }

    synchronized void print(long now) {
      HostileTally.Figures figures = tally.figures();
      double seconds = Math.max(1e-3, (now - previousNanos) / 1e9);
      long usable = gateways.stream().filter(g -> g.usable && g.connection.isConnected()).count();
      progress.println(
          "hostile %4ds | sent %6.0f/s | answered %6.0f/s | p50 %.1f ms p99 %.1f ms | errors %d | closed %d | refused %d | gateways %d/%d"
              .formatted(
                  (now - startNanos) / 1_000_000_000L,
                  (figures.sent() - previous.sent()) / seconds,
                  (figures.answered() - previous.answered()) / seconds,
                  figures.p50Micros() / 1000.0,
                  figures.p99Micros() / 1000.0,
                  figures.unanswered(),
                  figures.closed(),
                  figures.refused(),
                  usable,
                  gateways.size()));
      progress.flush();
      previous = figures;
      previousNanos = now;
    }
  }
}
