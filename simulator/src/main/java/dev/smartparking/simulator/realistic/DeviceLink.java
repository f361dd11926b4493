package dev.smartparking.simulator.realistic;

import dev.smartparking.simulator.device.DeviceConnection;
import dev.smartparking.simulator.device.PublishRejected;
import dev.smartparking.simulator.device.SequenceNumbers;
import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.Ledger;
import dev.smartparking.simulator.ledger.LedgerEntry;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One device's way to the server, as a field device has it: a seq counter and a wall clock, a queue
 * for while it is offline, and the messages it sent but has not seen acknowledged.
 *
 * <p>While offline, messages keep their seq and ts and wait in order. On reconnect the device first
 * retransmits what it sent before the drop without seeing a PUBACK (same seq, ts and payload: if the
 * server had committed it, that is a duplicate it must count once), then the queue. Every attempt
 * goes into the ledger when its answer is known. Driven from the simulation thread; the MQTT client's
 * threads only complete attempts.
 *
 * <p>A connection the server closes (a server process killed or stopping, a balancer failing over)
 * is lost the same way: attempts it left without an answer stay unacknowledged, and the device
 * reconnects at once, then every second until it is back, and retransmits them.
 */
public final class DeviceLink {

  private enum State {
    ONLINE,
    OFFLINE,
    RECONNECTING
  }

  private static final long RECONNECT_RETRY_NANOS = 1_000_000_000L;
  private static final int QOS = 1;

  private final String deviceId;
  private final DeviceConnection connection;
  private final SequenceNumbers seq;
  private final RunCounters counters;
  private final Ledger ledger;
  private final Deque<Outbound> queue = new ArrayDeque<>();
  private final Map<Long, Outbound> unacked = new ConcurrentHashMap<>();
  private State state = State.ONLINE;
  private CompletableFuture<Void> reconnecting;
  private long retryAtNanos;
  private long lastTs;
  // Attempts made on a connection up to this generation were cut off on purpose.
  private volatile int droppedGeneration = -1;
  private volatile int generation;

  public DeviceLink(
      String deviceId, DeviceConnection connection, SequenceNumbers seq, RunCounters counters, Ledger ledger) {
    this.deviceId = deviceId;
    this.connection = connection;
    this.seq = seq;
    this.counters = counters;
    this.ledger = ledger;
  }

  public String deviceId() {
    return deviceId;
  }

  public DeviceConnection connection() {
    return connection;
  }

  public long nextSeq() {
    return seq.next();
  }

  /**
   * The real wall clock, but strictly after this device's previous ts: the server orders a lot's
   * passages and snapshots by ts, so two messages must never share one.
   */
  public long nextTs(long wallMillis) {
    lastTs = Math.max(wallMillis, lastTs + 1);
    return lastTs;
  }

  public boolean isOffline() {
    return state != State.ONLINE;
  }

  /** Messages waiting for the device to be back, plus those sent and not yet acknowledged. */
  public int outstanding() {
    return queue.size() + unacked.size();
  }

  /** Online with messages sent and not yet acknowledged. */
  public boolean awaitingAcks() {
    return state == State.ONLINE && !unacked.isEmpty();
  }

  /** Publishes now when online, else queues. */
  public void send(Outbound message) {
    if (state == State.ONLINE) {
      publish(message);
    } else {
      queue.add(message);
    }
  }

  /** Drops the connection as a gateway losing its uplink would; unacknowledged attempts are kept for later. */
  public void goOffline() {
    if (state != State.ONLINE) {
      return;
    }
    state = State.OFFLINE;
    droppedGeneration = generation;
    generation++;
    counters.outage();
    connection.disconnect();
  }

  /** Starts reconnecting; {@link #pump} sends the backlog once the CONNACK is in. */
  public void comeBack(long nowNanos) {
    if (state != State.OFFLINE) {
      return;
    }
    state = State.RECONNECTING;
    reconnecting = connection.connect();
    retryAtNanos = nowNanos + RECONNECT_RETRY_NANOS;
  }

  /** Called every step: notices a lost connection, finishes a reconnect and sends the backlog, oldest first. */
  public void pump(long nowNanos) {
    if (state == State.ONLINE && !connection.isConnected()) {
      lost(nowNanos);
    }
    if (state != State.RECONNECTING || !reconnecting.isDone()) {
      return;
    }
    if (reconnecting.isCompletedExceptionally()) {
      if (nowNanos >= retryAtNanos) {
        counters.connectFailed(deviceId + " could not reconnect: " + reconnecting.handle((ok, e) -> e).join());
        reconnecting = connection.connect();
        retryAtNanos = nowNanos + RECONNECT_RETRY_NANOS;
      }
      return;
    }
    state = State.ONLINE;
    List<Outbound> retransmits = unacked.values().stream().sorted(Comparator.comparingLong(Outbound::seq)).toList();
    for (Outbound message : retransmits) {
      counters.retransmitted();
      publish(message);
    }
    while (!queue.isEmpty()) {
      publish(queue.poll());
    }
  }

  /** The server ended the connection: what it left unanswered goes again once the device is back. */
  private void lost(long nowNanos) {
    state = State.OFFLINE;
    droppedGeneration = generation;
    generation++;
    counters.linkLost();
    comeBack(nowNanos);
  }

  private void publish(Outbound message) {
    unacked.put(message.seq(), message);
    counters.sent(message.kind());
    int attemptGeneration = generation;
    long start = System.nanoTime();
    connection
        .publish(message.topic(), message.payload())
        .whenComplete((ok, error) -> completed(message, attemptGeneration, start, error));
  }

  private void completed(Outbound message, int attemptGeneration, long startNanos, Throwable error) {
    long micros = Math.max(0, (System.nanoTime() - startNanos) / 1000);
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (attemptGeneration <= droppedGeneration) {
      // Answered, if at all, after the device lost its link, so it never saw the answer: the
      // attempt stays in unacked and goes again on reconnect.
      counters.interrupted();
      record(message, Answer.UNANSWERED, 0);
    } else if (cause == null) {
      unacked.remove(message.seq());
      counters.acked(message.kind(), micros);
      record(message, Answer.ACKED, 0);
    } else if (cause instanceof PublishRejected rejection) {
      unacked.remove(message.seq());
      counters.rejected(micros, deviceId + " rejected: " + rejection.getMessage());
      record(message, Answer.ACKED, rejection.reasonCode());
    } else {
      // Not delivered (the connection went away under it): a device keeps it and sends it again
      // with the same seq once reconnected, so this is an interruption, not a loss.
      counters.interrupted();
      record(message, Answer.UNANSWERED, 0);
    }
  }

  private void record(Outbound message, Answer answer, int reasonCode) {
    ledger.record(
        new LedgerEntry(
            deviceId,
            message.topic(),
            message.seq(),
            message.ts(),
            QOS,
            LedgerEntry.ACCEPTED,
            answer,
            reasonCode,
            message.truth(),
            LedgerEntry.sha256(message.payload()),
            message.cover(),
            answer == Answer.ACKED ? System.currentTimeMillis() : null));
  }
}
