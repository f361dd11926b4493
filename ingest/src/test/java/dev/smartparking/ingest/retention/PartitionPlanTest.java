package dev.smartparking.ingest.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.config.ServerConfig;
import dev.smartparking.partition.Partition;
import dev.smartparking.partition.PartitionedTable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionPlanTest {

  private static final ServerConfig.Retention DEFAULTS = new ServerConfig.Retention(Duration.ofDays(90),
      Duration.ofDays(30), Duration.ofDays(400), Duration.ofHours(1));
  /** Midday, so a window's edge falls inside a day. */
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final LocalDate TODAY = LocalDate.parse("2026-12-04");

  @Test
  void freshDatabaseGetsEveryDayADeviceMaySendAndNothingOlderThanItsTableKeeps() {
    PartitionPlan plan = PartitionPlan.of(List.of(), NOW, DEFAULTS, 3);

    // ts may be 90 days old: 2026-09-05T12:00Z lies in the day starting 2026-09-05.
    assertThat(starts(plan, PartitionedTable.LOT_STATUS_EVENTS))
        .startsWith(TODAY, TODAY.plusDays(1), TODAY.plusDays(2), TODAY.plusDays(3), TODAY.minusDays(1))
        .endsWith(LocalDate.parse("2026-09-05"))
        .hasSize(91 + 3);
    // Received at the server's time and kept 30 days: nothing before 2026-11-04.
    assertThat(starts(plan, PartitionedTable.REJECTED_MESSAGES)).endsWith(LocalDate.parse("2026-11-04")).hasSize(31 + 3);
    // Minutes of events as old as 90 days, by month.
    assertThat(starts(plan, PartitionedTable.LOT_OCCUPANCY_MINUTES)).containsExactly(LocalDate.parse("2026-12-01"),
        LocalDate.parse("2026-11-01"), LocalDate.parse("2026-10-01"), LocalDate.parse("2026-09-01"));
    assertThat(plan.expired()).isEmpty();
  }

  @Test
  void todaysPartitionsOfEveryTableComeFirst() {
    PartitionPlan plan = PartitionPlan.of(List.of(), NOW, DEFAULTS, 3);

    assertThat(plan.missing().subList(0, PartitionedTable.values().length))
        .extracting(m -> m.table().span().start(TODAY).equals(m.start()))
        .containsOnly(true);
  }

  @Test
  void partitionGoesOnceItsLastInstantIsOlderThanTheWindow() {
    List<Partition> existing = new ArrayList<>();
    // 90 days before NOW is 2026-09-05T12:00Z: the day before ends before it, that day does not.
    existing.add(day(PartitionedTable.LOT_STATUS_EVENTS, "2026-09-04", false));
    existing.add(day(PartitionedTable.LOT_STATUS_EVENTS, "2026-09-05", false));
    existing.add(day(PartitionedTable.REJECTED_MESSAGES, "2026-11-03", false));
    existing.add(day(PartitionedTable.REJECTED_MESSAGES, "2026-11-04", false));

    PartitionPlan plan = PartitionPlan.of(existing, NOW, DEFAULTS, 3);

    assertThat(plan.expired()).extracting(Partition::name)
        .containsExactly("lot_status_events_p20260904", "rejected_messages_p20261103");
    assertThat(plan.missing()).noneMatch(m -> m.start().equals(LocalDate.parse("2026-09-05"))
        && m.table() == PartitionedTable.LOT_STATUS_EVENTS);
  }

  @Test
  void aDetachUnderWayIsFinishedBeforeOlderPartitionsAreStarted() {
    List<Partition> existing = List.of(
        day(PartitionedTable.BAY_EVENTS, "2026-08-01", false),
        day(PartitionedTable.BAY_EVENTS, "2026-08-03", true),
        day(PartitionedTable.BAY_EVENTS, "2026-08-02", false));

    PartitionPlan plan = PartitionPlan.of(existing, NOW, DEFAULTS, 3);

    assertThat(plan.expired()).extracting(Partition::name).containsExactly(
        "bay_events_p20260803", "bay_events_p20260801", "bay_events_p20260802");
  }

  @Test
  void monthOfMinutesStaysUntilItsLastMinuteIsOlderThanTheWindow() {
    // 400 days before NOW is 2025-10-30T12:00Z: September 2025 is wholly older, October is not.
    List<Partition> existing = List.of(
        month("2025-09-01"), month("2025-10-01"));

    PartitionPlan plan = PartitionPlan.of(existing, NOW, DEFAULTS, 3);

    assertThat(plan.expired()).extracting(Partition::name).containsExactly("lot_occupancy_minutes_p202509");
  }

  @Test
  void aDayAlreadyHeldIsNotMadeAgain() {
    PartitionPlan plan = PartitionPlan.of(List.of(day(PartitionedTable.LOT_STATUS_EVENTS, "2026-12-04", false)),
        NOW, DEFAULTS, 3);

    assertThat(plan.missing()).noneMatch(m -> m.table() == PartitionedTable.LOT_STATUS_EVENTS && m.start().equals(TODAY));
    assertThat(plan.missing()).anyMatch(m -> m.table() == PartitionedTable.BAY_EVENTS && m.start().equals(TODAY));
  }

  private static List<LocalDate> starts(PartitionPlan plan, PartitionedTable table) {
    return plan.missing().stream().filter(m -> m.table() == table).map(PartitionPlan.Missing::start).toList();
  }

  private static Partition day(PartitionedTable table, String day, boolean detaching) {
    LocalDate start = LocalDate.parse(day);
    return new Partition(table, table.partitionName(start), instant(start), instant(start.plusDays(1)), detaching);
  }

  private static Partition month(String first) {
    LocalDate start = LocalDate.parse(first);
    PartitionedTable table = PartitionedTable.LOT_OCCUPANCY_MINUTES;
    return new Partition(table, table.partitionName(start), instant(start), instant(start.plusMonths(1)), false);
  }

  private static Instant instant(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
