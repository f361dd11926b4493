package dev.smartparking.ingest.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The budget's arithmetic on a clock the test moves; the MQTT side is RejectBudgetIngestTest. */
class RejectBudgetTest {

  private static final int PER_MINUTE = 3;
  private long now = 1_000;
  private final RejectBudget budget = new RejectBudget(PER_MINUTE, Duration.ofSeconds(10), () -> now);

  private void advance(Duration by) {
    now += by.toNanos();
  }

  @Test
  void theRejectionBeyondTheBudgetIsRefusedAndStartsTheCoolDown() {
    assertThat(budget.spend("d")).isTrue();
    assertThat(budget.spend("d")).isTrue();
    assertThat(budget.spend("d")).isTrue();
    assertThat(budget.coolingDown("d")).isFalse();

    assertThat(budget.spend("d")).as("the fourth within a minute").isFalse();
    assertThat(budget.coolingDown("d")).isTrue();
  }

  @Test
  void theCoolDownEnds() {
    for (int i = 0; i <= PER_MINUTE; i++) {
      budget.spend("d");
    }
    advance(Duration.ofSeconds(9));
    assertThat(budget.coolingDown("d")).isTrue();

    advance(Duration.ofSeconds(1));

    assertThat(budget.coolingDown("d")).isFalse();
  }

  @Test
  void aDeviceStillOverItsBudgetAfterTheCoolDownIsCutOffAtItsNextRejection() {
    for (int i = 0; i <= PER_MINUTE; i++) {
      budget.spend("d");
    }
    advance(Duration.ofSeconds(10));

    assertThat(budget.spend("d")).as("three rejections within the last minute still").isFalse();
    assertThat(budget.coolingDown("d")).isTrue();
  }

  /** A counter reset each minute would let 2 × budget through across a minute's boundary. */
  @Test
  void noSixtySecondsEverHoldMoreThanTheBudget() {
    budget.spend("d");
    advance(Duration.ofSeconds(50));
    budget.spend("d");
    budget.spend("d");
    advance(Duration.ofSeconds(9));

    assertThat(budget.spend("d")).as("three within the 59 s before it").isFalse();
  }

  @Test
  void rejectionsOlderThanAMinuteNoLongerCount() {
    budget.spend("d");
    advance(Duration.ofSeconds(30));
    budget.spend("d");
    budget.spend("d");
    advance(Duration.ofSeconds(30));

    assertThat(budget.spend("d")).as("the first is a minute old").isTrue();
    assertThat(budget.spend("d")).isFalse();
  }

  @Test
  void devicesHaveBudgetsOfTheirOwn() {
    for (int i = 0; i <= PER_MINUTE; i++) {
      budget.spend("bad");
    }

    assertThat(budget.spend("good")).isTrue();
    assertThat(budget.coolingDown("good")).isFalse();
  }

  @Test
  void idleDevicesAreForgottenButNotThoseCoolingDown() {
    budget.spend("once");
    for (int i = 0; i <= PER_MINUTE; i++) {
      budget.spend("bad");
    }
    RejectBudget longCoolDown = new RejectBudget(PER_MINUTE, Duration.ofMinutes(5), () -> now);
    for (int i = 0; i <= PER_MINUTE; i++) {
      longCoolDown.spend("bad");
    }
    advance(Duration.ofSeconds(61));

    budget.forgetIdle();
    longCoolDown.forgetIdle();

    assertThat(budget.tracked()).isZero();
    assertThat(longCoolDown.tracked()).isEqualTo(1);
    assertThat(longCoolDown.coolingDown("bad")).isTrue();
  }
}
