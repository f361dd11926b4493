package dev.smartparking.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class WorkerFiguresTest {

  private static Histogram latencies(long... micros) {
    Histogram histogram = new Histogram(3);
    for (long value : micros) {
      histogram.recordValue(value);
    }
    return histogram;
  }

  @Test
  void aJsonLineCarriesCountersLatenciesAndErrorsUnchanged() {
    LoadCounts counts = new LoadCounts(100, 90, 2, 0, 3, 10, 1, 1, 0, 9, 12, 5_000_000);
    WorkerFigures figures =
        new WorkerFigures(
            Mark.STOPPED,
            counts,
            latencies(120, 130, 5_000_000),
            latencies(),
            Map.of("connect: refused CONNECTION_REFUSED_NOT_AUTHORIZED", 1L, "lost: closed by the server", 1L),
            "connect: refused CONNECTION_REFUSED_NOT_AUTHORIZED");

    WorkerFigures read = WorkerFigures.fromJsonLine(figures.toJsonLine());

    assertThat(figures.toJsonLine()).doesNotContain("\n");
    assertThat(read.mark()).isEqualTo(Mark.STOPPED);
    assertThat(read.counts()).isEqualTo(counts);
    assertThat(read.ackMicros()).isEqualTo(figures.ackMicros());
    assertThat(read.ackMicros().getTotalCount()).isEqualTo(3);
    assertThat(read.receivedMicros().getTotalCount()).isZero();
    assertThat(read.errorsByKind()).isEqualTo(figures.errorsByKind());
    assertThat(read.firstProblem()).isEqualTo(figures.firstProblem());
  }
}
