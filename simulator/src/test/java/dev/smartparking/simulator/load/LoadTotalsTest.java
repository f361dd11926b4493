package dev.smartparking.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadTotalsTest {

  private static LoadCounts counts(long sent, long acknowledged, long open) {
    return new LoadCounts(sent, acknowledged, 0, 0, 0, open, 0, 0, 0, open, 10, 0);
  }

  private static Histogram latencies(int values) {
    Histogram histogram = new Histogram(3);
    for (int i = 0; i < values; i++) {
      histogram.recordValue(100 + i);
    }
    return histogram;
  }

  private static WorkerFigures figures(Mark mark, LoadCounts counts, int acks, Map<String, Long> errors) {
    return new WorkerFigures(mark, counts, latencies(acks), new Histogram(3), errors, null);
  }

  @Test
  void countersAreEachProcessesLatestAndLatenciesAreAddedUp() {
    LoadTotals totals = new LoadTotals(2);

    totals.accept(0, figures(Mark.TICK, counts(10, 8, 5), 8, Map.of()));
    totals.accept(0, figures(Mark.TICK, counts(30, 25, 5), 17, Map.of()));
    totals.accept(1, figures(Mark.TICK, counts(20, 20, 4), 20, Map.of()));

    assertThat(totals.latest()).isEqualTo(new LoadCounts(50, 45, 0, 0, 0, 9, 0, 0, 0, 9, 20, 0));
    assertThat(totals.ackRun().getTotalCount()).isEqualTo(45);
  }

  @Test
  void theStartAndStopMarksAreKeptPerProcess() {
    LoadTotals totals = new LoadTotals(2);

    totals.accept(0, figures(Mark.STARTED, counts(0, 0, 5), 0, Map.of()));
    totals.accept(1, figures(Mark.STARTED, counts(1, 1, 5), 1, Map.of()));
    totals.accept(0, figures(Mark.STOPPED, counts(100, 90, 5), 90, Map.of()));
    totals.accept(1, figures(Mark.STOPPED, counts(51, 50, 5), 49, Map.of()));
    totals.accept(0, figures(Mark.FINAL, counts(100, 100, 0), 10, Map.of()));

    assertThat(totals.atStart().sent()).isEqualTo(1);
    assertThat(totals.atStop().sent()).isEqualTo(151);
    assertThat(totals.latest().acknowledged()).isEqualTo(150);
  }

  @Test
  void theLastSecondsLatenciesAreHandedOutOnce() {
    LoadTotals totals = new LoadTotals(1);
    totals.accept(0, figures(Mark.TICK, counts(5, 5, 1), 5, Map.of()));

    assertThat(totals.takeAckSinceSample().getTotalCount()).isEqualTo(5);
    assertThat(totals.takeAckSinceSample().getTotalCount()).isZero();
    assertThat(totals.ackRun().getTotalCount()).isEqualTo(5);
  }

  @Test
  void errorKindsAreSummedOverProcessesAndAFailedProcessCounts() {
    LoadTotals totals = new LoadTotals(3);

    totals.accept(0, figures(Mark.TICK, counts(0, 0, 0), 0, Map.of("lost: closed by the server", 2L)));
    totals.accept(1, figures(Mark.TICK, counts(0, 0, 0), 0, Map.of("lost: closed by the server", 3L)));
    totals.processFailed(2, "exited with code 1");

    assertThat(totals.errorsByKind())
        .containsEntry("lost: closed by the server", 5L)
        .containsEntry("process: exited with code 1", 1L);
    assertThat(totals.processFailures()).isEqualTo(1);
    assertThat(totals.firstProblem()).isEqualTo("process 3: exited with code 1");
  }
}
