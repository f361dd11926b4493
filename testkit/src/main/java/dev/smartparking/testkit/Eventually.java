package dev.smartparking.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition that another thread or process makes true, failing after a deadline: a
 * deadline for a loaded machine, not a speed check. The one way tests here wait (no bare sleeps).
 */
public final class Eventually {

  private static final long POLL_MS = 20;

  private Eventually() {}

  /** Returns once {@code condition} holds; fails with {@code what} after {@code deadline}. */
  public static void within(Duration deadline, String what, BooleanSupplier condition) {
    within(deadline, () -> what, condition);
  }

  /** As above, the failure message built only when it fails (it may show the state it waited on). */
  public static void within(Duration deadline, Supplier<String> what, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + deadline + ": " + what.get());
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
