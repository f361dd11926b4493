package dev.smartparking.ingest.mqtt;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that another thread or process makes true, failing after a deadline. */
public final class Eventually {

  private Eventually() {}

  public static void within(Duration deadline, String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + deadline + ": " + what);
      }
      Thread.sleep(20);
    }
  }
}
