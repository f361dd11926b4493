package dev.smartparking.simulator.load;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drives the connections of one event loop: starts and stops their publishing, spends the target
 * rate among them, and pings the quiet ones. Touched only on its loop.
 */
final class LoopDriver {

  private static final long PACE_TICK_MICROS = 1_000;

  private final EventLoop loop;
  private final double ratePerSecond;
  private final long keepAliveIdleNanos;
  private final List<LoadConnection> connections = new ArrayList<>();
  private final List<LoadConnection> touched = new ArrayList<>();
  private boolean publishing;
  private long startNanos;
  private long paced;
  private int cursor;
  private ScheduledFuture<?> pacer;

  /**
   * @param ratePerSecond this loop's share of the target rate; 0 means every connection keeps its
   *     window full
   */
  LoopDriver(EventLoop loop, double ratePerSecond, int keepAliveSeconds) {
    this.loop = loop;
    this.ratePerSecond = ratePerSecond;
    // Half the keep-alive: the server allows 1.5 times it, so one missed sweep is still in time.
    this.keepAliveIdleNanos = TimeUnit.SECONDS.toNanos(keepAliveSeconds) / 2;
    if (keepAliveSeconds > 0) {
      loop.scheduleAtFixedRate(this::keepAlive, 1, 1, TimeUnit.SECONDS);
    }
  }

  EventLoop loop() {
    return loop;
  }

  boolean publishing() {
    return publishing;
  }

  void add(LoadConnection connection) {
    connection.driverSlot = connections.size();
    connections.add(connection);
  }

  void remove(LoadConnection connection) {
    int slot = connection.driverSlot;
    if (slot < 0) {
      return;
    }
    LoadConnection last = connections.remove(connections.size() - 1);
    if (last != connection) {
      connections.set(slot, last);
      last.driverSlot = slot;
    }
    connection.driverSlot = -1;
  }

  void start() {
    publishing = true;
    startNanos = System.nanoTime();
    paced = 0;
    if (ratePerSecond > 0) {
      pacer = loop.scheduleAtFixedRate(this::pace, 0, PACE_TICK_MICROS, TimeUnit.MICROSECONDS);
      return;
    }
    for (LoadConnection connection : List.copyOf(connections)) {
      connection.fill();
      connection.flush();
    }
  }

  void stop() {
    publishing = false;
    if (pacer != null) {
      pacer.cancel(false);
    }
  }

  void disconnectAll() {
    stop();
    for (LoadConnection connection : List.copyOf(connections)) {
      connection.disconnect();
    }
  }

  /**
   * Sends what the rate owes since the start, one message per connection in turn, then flushes each
   * connection it wrote to once.
   */
  private void pace() {
    if (!publishing || connections.isEmpty()) {
      return;
    }
    long due = (long) (ratePerSecond * (System.nanoTime() - startNanos) / 1e9) - paced;
    // Fallen behind (windows full, loop busy): skip what is older than 100 ms rather than burst
    // it; the report then shows the rate actually sent.
    long backlog = Math.max(1, (long) (ratePerSecond / 10));
    if (due > backlog) {
      paced += due - backlog;
      due = backlog;
    }
    int size = connections.size();
    int refusals = 0;
    while (due > 0 && refusals < size) {
      if (cursor >= size) {
        cursor = 0;
      }
      LoadConnection connection = connections.get(cursor++);
      if (connection.publish(1) == 1) {
        due--;
        paced++;
        refusals = 0;
        if (!connection.touched) {
          connection.touched = true;
          touched.add(connection);
        }
      } else {
        refusals++;
      }
    }
    for (LoadConnection connection : touched) {
      connection.touched = false;
      connection.flush();
    }
    touched.clear();
  }

  private void keepAlive() {
    long now = System.nanoTime();
    for (LoadConnection connection : List.copyOf(connections)) {
      connection.pingIfIdle(now, keepAliveIdleNanos);
    }
  }
}
