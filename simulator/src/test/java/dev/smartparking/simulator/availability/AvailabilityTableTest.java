package dev.smartparking.simulator.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvailabilityTableTest {

  private static final String ANSWER =
      """
      {"updated_at": "2026-11-23T08:00:00.250Z",
       "total": 1500, "free": 300, "occupancy_rate": 0.8,
       "lots": 3, "lots_reporting": 2,
       "districts": [
         {"code": "410802", "name": "解放区", "lots": 2, "lots_reporting": 2,
          "total": 1000, "free": 100, "occupancy_rate": 0.9, "updated_at": "2026-11-23T08:00:00.250Z"},
         {"code": "jz-gaoxin", "name": "高新区", "lots": 1, "lots_reporting": 0,
          "total": 500, "free": 200, "updated_at": "2026-11-23T08:00:00.250Z"}]}
      """;

  @Test
  void availabilityTableListsEveryDistrictAndTheCityTotals() {
    String table = AvailabilityTable.render(Availability.fromJson(new JsonObject(ANSWER)));

    List<String> lines = table.lines().toList();
    assertThat(lines.get(0)).contains("code", "name", "lots", "reporting", "total", "free", "occupancy");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("410802").contains("解放区").contains("1000").endsWith("90.0 %"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("jz-gaoxin").contains("高新区").endsWith("60.0 %"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("city").contains("1500", "300").endsWith("80.0 %"));
    assertThat(lines.get(lines.size() - 1)).isEqualTo("updated_at 2026-11-23T08:00:00.250Z");
  }

  @Test
  void chineseNamesKeepTheColumnsAligned() {
    String table = AvailabilityTable.render(Availability.fromJson(new JsonObject(ANSWER)));

    List<Integer> widths =
        table.lines().filter(l -> !l.startsWith("updated_at") && !l.startsWith("-")).map(DisplayWidth::of).distinct().toList();
    assertThat(widths).hasSize(1);
  }

  @Test
  void aMissingOccupancyRateIsWorkedOutFromTotalAndFree() {
    Availability availability = Availability.fromJson(new JsonObject(ANSWER));

    assertThat(availability.districts().get(1).occupancyRate()).isCloseTo(0.6, within(1e-9));
    assertThat(availability.lotsReporting()).isEqualTo(2);
  }

  @Test
  void cjkCharactersTakeTwoColumns() {
    assertThat(DisplayWidth.of("解放区")).isEqualTo(6);
    assertThat(DisplayWidth.of("jz-gaoxin")).isEqualTo(9);
  }
}
