package dev.smartparking.testkit;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition that another thread or process makes true, failing after a deadline: a
 * deadline for a loaded machine, not a speed check. The one way tests here wait (no bare sleeps),
 * and the one way they show that something stays true for a while.
 */
public final class Eventually {

  private static final long POLL_MS = 20;

  /** A check that may need a query or a connection to answer: what it throws fails the test. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** A read that may need a query or a request: what it throws fails the test. */
  @FunctionalInterface
  public interface Read<T> {
    T get() throws Exception;
  }

  private Eventually() {}

  /** Returns once {@code condition} holds; fails with {@code what} after {@code deadline}. */
  public static void within(Duration deadline, String what, Condition condition) {
    within(deadline, () -> what, condition);
  }

  /** As above, the failure message built only when it fails (it may show the state it waited on). */
  public static void within(Duration deadline, Supplier<String> what, Condition condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!check(condition)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + deadline + ": " + what.get());
      }
      pause();
    }
  }

  /**
   * Reads until what it read is {@code wanted} and returns that; fails after {@code deadline},
   * naming {@code what} and the last thing read.
   */
  public static <T> T read(Duration deadline, String what, Read<T> read, Predicate<? super T> wanted) {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      T value = get(read);
      if (wanted.test(value)) {
        return value;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + deadline + ": " + what + "; last read: " + value);
      }
      pause();
    }
  }

  /**
   * Checks {@code condition} over the whole of {@code window}, from now: for a bound that must
   * hold while something goes on (a limit never passed), where one look at the end could miss
   * a moment it was broken.
   */
  public static void throughout(Duration window, String what, Condition condition) {
    long end = System.nanoTime() + window.toNanos();
    do {
      if (!check(condition)) {
        throw new AssertionError("not throughout " + window + ": " + what);
      }
      pause();
    } while (System.nanoTime() < end);
    if (!check(condition)) {
      throw new AssertionError("not throughout " + window + ": " + what);
    }
  }

  private static boolean check(Condition condition) {
    return get(condition::holds);
  }

  private static <T> T get(Read<T> read) {
    try {
      return read.get();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new AssertionError("the check itself failed", e);
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
