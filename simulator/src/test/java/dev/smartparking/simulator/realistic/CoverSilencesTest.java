package dev.smartparking.simulator.realistic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.city.CityGenerator;
import dev.smartparking.simulator.city.CityParameters;
import dev.smartparking.simulator.city.Cover;
import dev.smartparking.simulator.city.CoverLimits;
import dev.smartparking.simulator.city.GeoPoint;
import dev.smartparking.simulator.city.JiaozuoReference;
import dev.smartparking.simulator.city.SeededSecrets;
import dev.smartparking.simulator.device.PublishPolicy;
import dev.smartparking.simulator.device.SequenceNumbers;
import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.Ledger;
import dev.smartparking.simulator.ledger.LedgerEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Silent sensors: when they fall silent and for how long, in the wall time the server judges by. */
class CoverSilencesTest {

  private static final LocalDateTime START = LocalDateTime.of(2026, 11, 27, 7, 30);
  private static final Duration SPAN = Duration.ofMinutes(60);

  @TempDir Path dir;

  @Test
  void aSilenceOutlastsTwoIntervalsASweepAndTheMarginInWallTimeAndMostFitTheRun() {
    CoverSilences silences = new CoverSilences(1.0, Duration.ofSeconds(1));
    SplittableRandom random = new SplittableRandom(3);
    double speedUp = 60;
    Duration wallInterval = Duration.ofSeconds(10);

    List<Silence> drawn = IntStream.range(0, 200).mapToObj(i -> silences.draw(wallInterval, START, SPAN, speedUp, random).orElseThrow()).toList();

    assertThat(drawn).allSatisfy(s -> {
      double wallSeconds = Duration.between(s.from(), s.until()).toMillis() / 1000.0 / speedUp;
      assertThat(wallSeconds).isBetween(2 * 10 + 1 + 4.0, 3 * 10 + 1 + 4.0);
      assertThat(s.from()).isAfterOrEqualTo(START.plus(SPAN.dividedBy(10)));
    });
    long back = drawn.stream().filter(s -> s.until().isBefore(START.plus(SPAN))).count();
    assertThat(back).as("silences over before the run ends").isBetween(40L, 160L);
  }

  @Test
  void theShareDecidesHowManySensorsFallSilent() {
    SplittableRandom random = new SplittableRandom(4);
    CoverSilences some = new CoverSilences(0.1, Duration.ofSeconds(30));

    long silent = IntStream.range(0, 2000).filter(i -> some.draw(Duration.ofSeconds(10), START, SPAN, 60, random).isPresent()).count();

    assertThat(silent).isBetween(150L, 250L);
    assertThat(CoverSilences.NONE.draw(Duration.ofSeconds(10), START, SPAN, 60, random)).isEmpty();
  }

  @Test
  void theProvisionedReportIntervalIsTheGeneratedOneInWallSecondsAtLeastOne() {
    City city = new CityGenerator(JiaozuoReference.load(), new SeededSecrets(7)).generate(CityParameters.of(7, 0.05));
    RunSettings atSixty = settings(Duration.ofSeconds(60));
    RunSettings atTwelveHundred = settings(Duration.ofSeconds(3));

    assertThat(atSixty.inWallClock(city).covers())
        .extracting(c -> c.limits().reportIntervalS())
        .containsOnly(5, 10, 15)
        .contains(5, 10, 15);
    assertThat(atTwelveHundred.inWallClock(city).covers()).extracting(c -> c.limits().reportIntervalS()).containsOnly(1);
    assertThat(atSixty.inWallClock(city).covers()).extracting(Cover::limits).extracting(CoverLimits::gasLimitPpm)
        .containsExactlyElementsOf(city.covers().stream().map(c -> c.limits().gasLimitPpm()).toList());
  }

  @Test
  void aSilentSensorSendsNothingWhileItsSilenceLastsAndReportsAgainAfter() throws Exception {
    Cover cover = new Cover("C-1", "U-01", "410802", new GeoPoint(35.2, 113.2), CoverLimits.DEFAULTS.withReportIntervalS(10));
    ScriptedConnection connection = new ScriptedConnection();
    Silence silence = new Silence(START.plusMinutes(20), START.plusMinutes(40));
    try (Ledger ledger = Ledger.create(dir.resolve("ledger.jsonl"))) {
      DeviceLink link = new DeviceLink("cs-C-1", connection, SequenceNumbers.startingAt(1), new RunCounters(), ledger);
      CoverHazards quiet = new CoverHazards(0, 0, 0, 0);
      SplittableRandom random = new SplittableRandom(5);
      CoverSensor sensor =
          new CoverSensor(new CoverModel(cover, quiet, random), link, Optional.empty(), quiet, START, Duration.ofMinutes(10), Optional.of(silence), random);
      for (int minute = 0; minute < 60; minute++) {
        sensor.advance(START.plusMinutes(minute), START.plusMinutes(minute + 1), 1_000L * minute);
      }
      connection.ackAll();

      assertThat(sensor.skipped()).isEqualTo(2);
      assertThat(connection.sent).hasSize(4);
    }
    List<LedgerEntry> entries = Ledger.read(dir.resolve("ledger.jsonl"));
    assertThat(entries).hasSize(4).allSatisfy(e -> {
      assertThat(e.answer()).isEqualTo(Answer.ACKED);
      assertThat(e.answeredAt()).isNotNull();
      assertThat(e.cover().coverId()).isEqualTo("C-1");
      assertThat(e.cover().limits().reportIntervalS()).isEqualTo(10);
    });
  }

  private static RunSettings settings(Duration wall) {
    return new RunSettings(
        START, SPAN, wall, Duration.ofMillis(200), new PublishPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30)), Optional.empty(),
        new CoverHazards(0, 0, 0, 0), new Outages(0, Duration.ofMinutes(4)), CoverSilences.NONE);
  }
}
