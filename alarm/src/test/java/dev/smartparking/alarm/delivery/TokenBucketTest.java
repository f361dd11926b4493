package dev.smartparking.alarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final AtomicLong nanos = new AtomicLong();
  private final TokenBucket bucket = new TokenBucket(50, nanos::get);

  @Test
  void aSecondsWorthIsAvailableAtFirstAndRefillsAtTheRate() {
    assertThat(bucket.available()).isEqualTo(50);
    bucket.take(50);
    assertThat(bucket.available()).isZero();
    assertThat(bucket.millisUntil(5)).isEqualTo(100);

    nanos.addAndGet(100_000_000);
    assertThat(bucket.available()).isEqualTo(5);
  }

  @Test
  void anIdleBucketSavesUpNoMoreThanOneSecond() {
    bucket.take(50);
    nanos.addAndGet(60_000_000_000L);

    assertThat(bucket.available()).isEqualTo(50);
  }
}
