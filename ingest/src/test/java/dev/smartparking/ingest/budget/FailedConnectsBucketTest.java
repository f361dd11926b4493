package dev.smartparking.ingest.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedConnectsBucketTest {

  private final AtomicLong now = new AtomicLong();

  @Test
  void bucketRefillsAtItsRate() {
    FailedConnects failed = new FailedConnects(60, 10, now::get);
    for (int i = 0; i < 60; i++) {
      failed.spend("10.0.0.1");
    }
    assertThat(failed.allows("10.0.0.1")).isFalse();

    now.addAndGet(TimeUnit.SECONDS.toNanos(1));

    assertThat(failed.allows("10.0.0.1")).isTrue();
  }

  @Test
  void otherAddressesKeepTheirBudget() {
    FailedConnects failed = new FailedConnects(1, 10, now::get);
    failed.spend("10.0.0.1");

    assertThat(failed.allows("10.0.0.1")).isFalse();
    assertThat(failed.allows("10.0.0.2")).isTrue();
  }

  @Test
  void keepsAtMostTheBoundOfAddresses() {
    FailedConnects failed = new FailedConnects(1, 100, now::get);
    for (int i = 0; i < 10_000; i++) {
      failed.spend("10.0." + (i / 256) + "." + (i % 256));
    }

    assertThat(failed.tracked()).isEqualTo(100);
  }
}
