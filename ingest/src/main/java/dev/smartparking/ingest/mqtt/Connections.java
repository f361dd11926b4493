package dev.smartparking.ingest.mqtt;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The open connections of one listener, drained when the listener stops: none is read any more,
 * what they read is committed and acknowledged, then each is sent away and closed.
 * Not thread-safe: used from the listener's event loop only.
 */
final class Connections {

  private final Vertx vertx;
  private final Set<DeviceSession> open = new HashSet<>();
  private boolean draining;

  Connections(Vertx vertx) {
    this.vertx = vertx;
  }

  void add(DeviceSession session) {
    open.add(session);
  }

  void remove(DeviceSession session) {
    open.remove(session);
  }

  /** The listener is stopping: new CONNECTs are refused. */
  boolean draining() {
    return draining;
  }

  /**
   * Stops reading every connection and waits up to {@code commitWait} for what they read to be
   * committed and acknowledged; then sends each away (MQTT 5: DISCONNECT 0x8B, after its last
   * acknowledgement) and waits up to {@code leaveWait} for the devices to close, closing the rest.
   * Messages not committed by then stay unacknowledged: their devices send them again.
   */
  Future<DrainReport> drain(Duration commitWait, Duration leaveWait) {
    draining = true;
    List<DeviceSession> sessions = List.copyOf(open);
    return within(vertx, Future.all(sessions.stream().map(DeviceSession::quiesce).toList()), commitWait)
        .compose(committed -> {
          DrainReport report = sessions.stream().map(DeviceSession::leave).reduce(DrainReport.NONE, DrainReport::plus);
          return within(vertx, Future.all(sessions.stream().map(DeviceSession::closed).toList()), leaveWait).map(report);
        })
        .andThen(left -> List.copyOf(open).forEach(DeviceSession::close));
  }

  /** Completes when {@code done} does, or after {@code limit}, whichever comes first; never fails. */
  private static Future<Void> within(Vertx vertx, Future<?> done, Duration limit) {
    Promise<Void> promise = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, limit.toMillis()), id -> promise.tryComplete());
    done.onComplete(result -> {
      vertx.cancelTimer(timer);
      promise.tryComplete();
    });
    return promise.future();
  }
}
