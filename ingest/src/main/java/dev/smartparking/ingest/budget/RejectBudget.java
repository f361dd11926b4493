package dev.smartparking.ingest.budget;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many rejected messages each device may send: at most {@code perMinute} within any 60 s. The
 * rejection that would be one too many is refused here, and its device is cut off for the cool-down,
 * so one broken or stolen device cannot fill the rejected store (PROTOCOL.md, "Rejected messages").
 *
 * <p>One per ingest process, shared by its event loops: a device that reconnects, on whichever
 * loop, finds its count and cool-down where it left them. Another ingest process knows nothing of
 * them, so with several processes the budget is per process a device connects to. Only rejections
 * and CONNECTs touch it, and a device's state is updated atomically ({@code compute}), as the last
 * messages of a closing connection may still be judged on one loop while the device reconnects on
 * another. The window slides: the times of a device's rejections within the last minute are kept
 * (at most {@code perMinute} of them), so no 60 s span ever holds more than the budget, which a
 * counter reset each minute would allow twice over across a minute's boundary.
 */
public final class RejectBudget {

  private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final int perMinute;
  private final long cooldownNanos;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Spent> devices = new ConcurrentHashMap<>();

  /** {@code nanoTime}: a monotonic clock, {@code System::nanoTime} but in tests. */
  public RejectBudget(int perMinute, Duration cooldown, LongSupplier nanoTime) {
    this.perMinute = perMinute;
    this.cooldownNanos = cooldown.toNanos();
    this.nanoTime = nanoTime;
  }

  /** A device's rejections within the window, oldest first, and the end of its cool-down if any. */
  private static final class Spent {
    final ArrayDeque<Long> times = new ArrayDeque<>();
    boolean coolingDown;
    long coolingUntil;
  }

  /**
   * Records one rejected message of the device. False when it is over budget (or the device is
   * cooling down already): it must not be stored, and the device is cut off from now on for the
   * cool-down.
   */
  public boolean spend(String deviceId) {
    long now = nanoTime.getAsLong();
    boolean[] within = {false};
    devices.compute(deviceId, (id, spent) -> {
      Spent s = spent == null ? new Spent() : spent;
      forgetOld(s, now);
      if (coolingDown(s, now)) {
        return s;
      }
      if (s.times.size() >= perMinute) {
        s.coolingDown = true;
        s.coolingUntil = now + cooldownNanos;
        return s;
      }
      s.times.addLast(now);
      within[0] = true;
      return s;
    });
    return within[0];
  }

  /** The device went over its budget less than the cool-down ago: its CONNECT is refused. */
  public boolean coolingDown(String deviceId) {
    long now = nanoTime.getAsLong();
    boolean[] cooling = {false};
    // compute, not get: the state is changed in place, and only its lock makes those changes visible
    devices.computeIfPresent(deviceId, (id, s) -> {
      cooling[0] = coolingDown(s, now);
      return s;
    });
    return cooling[0];
  }

  /**
   * Drops the devices with no rejection within the window and no cool-down running, so that the
   * map holds only devices that misbehave now. Run it every minute or so.
   */
  public void forgetIdle() {
    long now = nanoTime.getAsLong();
    for (String deviceId : devices.keySet()) {
      devices.computeIfPresent(deviceId, (id, s) -> {
        forgetOld(s, now);
        return s.times.isEmpty() && !coolingDown(s, now) ? null : s;
      });
    }
  }

  /** Devices with rejections within the last minute or cooling down. */
  public int tracked() {
    return devices.size();
  }

  private static void forgetOld(Spent s, long now) {
    while (!s.times.isEmpty() && now - s.times.peekFirst() >= WINDOW_NANOS) {
      s.times.removeFirst();
    }
  }

  private static boolean coolingDown(Spent s, long now) {
    return s.coolingDown && now - s.coolingUntil < 0;
  }
}
