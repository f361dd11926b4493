package dev.smartparking.simulator.device;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Connects many devices at once and tells, for each, whether it was accepted in time. */
public final class Connecting {

  private Connecting() {}

  /**
   * One entry per connection, in order: empty when it connected within {@code timeout}, else why
   * not (the error it failed with, or that no CONNACK came in time).
   */
  public static List<Optional<String>> all(List<DeviceConnection> connections, Duration timeout)
      throws InterruptedException {
    List<CompletableFuture<Void>> attempts = connections.stream().map(DeviceConnection::connect).toList();
    try {
      CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new))
          .exceptionally(error -> null)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Judged one by one below: the late ones failed.
    }
    return attempts.stream().map(attempt -> failure(attempt, timeout)).toList();
  }

  private static Optional<String> failure(CompletableFuture<Void> attempt, Duration timeout) {
    if (!attempt.isDone()) {
      return Optional.of("no CONNACK within " + timeout);
    }
    return attempt.isCompletedExceptionally()
        ? Optional.of(String.valueOf(attempt.handle((ok, error) -> error).join()))
        : Optional.empty();
  }
}
