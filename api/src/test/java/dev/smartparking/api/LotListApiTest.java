package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/v1/lots?district=&min_free=&limit=&cursor=}. */
class LotListApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @BeforeAll
  static void seedLots() {
    api.district("410802", "解放区");
    api.district("410803", "中站区");
    api.lot("L-a", "410802", 100);
    api.state("L-a", 100, 0, false, Duration.ofSeconds(10));
    api.lot("L-b", "410803", 200);
    api.state("L-b", 200, 50, false, Duration.ofSeconds(10));
    api.lot("L-c", "410802", 300);
    api.state("L-c", 300, 120, true, Duration.ofSeconds(10));
    api.lot("L-d", "410802", 40);
    // 101 more lots in district 410803, enough to pass the default page size.
    api.db().execute("""
        INSERT INTO lots (id, name, district_code, lat, lon, capacity, counting, kind)
        SELECT 'M-' || lpad(n::text, 3, '0'), 'Many ' || n, '410803', 35.2, 113.2, 10, 'status', 'commercial'
        FROM generate_series(1, 101) n""");
    api.await("/api/v1/lots/M-101", lot -> true);
  }

  @Test
  void listsEachLotInTheShapeOfTheSingleLotAnswer() {
    JsonArray lots = page("/api/v1/lots?district=410802").getJsonArray("lots");

    for (int i = 0; i < lots.size(); i++) {
      JsonObject listed = lots.getJsonObject(i);
      HttpResponse<String> single = api.get("/api/v1/lots/" + listed.getString("id"), READER_TOKEN);
      assertThat(listed).isEqualTo(ApiFixture.json(single));
    }
  }

  @Test
  void filtersByDistrictInIdOrder() {
    assertThat(ids(page("/api/v1/lots?district=410802"))).containsExactly("L-a", "L-c", "L-d");
  }

  @Test
  void unknownDistrictIsAnEmptyPage() {
    JsonObject page = page("/api/v1/lots?district=999999");

    assertThat(page.getJsonArray("lots")).isEmpty();
    assertThat(page.containsKey("next_cursor")).isTrue();
    assertThat(page.getValue("next_cursor")).isNull();
  }

  @Test
  void minFreeKeepsLotsWithAtLeastThatManyFree() {
    assertThat(ids(page("/api/v1/lots?min_free=50"))).containsExactly("L-b", "L-c");
  }

  @Test
  void lotsThatNeverReportedNeverMeetMinFree() {
    assertThat(ids(page("/api/v1/lots?min_free=0"))).containsExactly("L-a", "L-b", "L-c");
  }

  @Test
  void defaultPageHoldsOneHundredLotsAndPointsToTheNext() {
    JsonObject page = page("/api/v1/lots");

    assertThat(page.getJsonArray("lots")).hasSize(100);
    assertThat(page.getString("next_cursor")).isNotBlank();
  }

  @Test
  void pagesWalkEveryLotOnceInIdOrder() {
    List<String> all = ids(page("/api/v1/lots?limit=1000"));
    List<String> walked = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page = page("/api/v1/lots?limit=7" + (cursor == null ? "" : "&cursor=" + cursor));
      walked.addAll(ids(page));
      cursor = page.getString("next_cursor");
      pages++;
    } while (cursor != null);

    assertThat(all).hasSize(105).isSorted();
    assertThat(walked).isEqualTo(all);
    assertThat(pages).isEqualTo(15);
  }

  @Test
  void lastFullPageHasNoNextCursor() {
    JsonObject page = page("/api/v1/lots?district=410802&limit=3");

    assertThat(ids(page)).hasSize(3);
    assertThat(page.getValue("next_cursor")).isNull();
  }

  @Test
  void cursorKeepsTheFilters() {
    JsonObject first = page("/api/v1/lots?district=410802&limit=1");
    JsonObject second = page("/api/v1/lots?district=410802&limit=1&cursor=" + first.getString("next_cursor"));

    assertThat(ids(first)).containsExactly("L-a");
    assertThat(ids(second)).containsExactly("L-c");
  }

  @ParameterizedTest
  @CsvSource({
      "district=41%2F0802, district",
      "min_free=-1, min_free",
      "min_free=many, min_free",
      "limit=0, limit",
      "limit=1001, limit",
      "limit=1.5, limit",
      "cursor=not-a-cursor, cursor",
      "cursor=WzFd, cursor",
      "distrct=410802, distrct",
      "limit=1&limit=2, limit",
      "district=410802&limit=2&district=410802, district",
      "zone=1&area=2, area"})
  void badParameterIsRefusedNamingIt(String query, String parameter) {
    HttpResponse<String> response = api.get("/api/v1/lots?" + query, READER_TOKEN);

    assertThat(ApiFixture.assertError(response, 400, "bad_parameter").getString("message")).startsWith(parameter + ":");
  }

  private static JsonObject page(String path) {
    HttpResponse<String> response = api.get(path, READER_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject page = ApiFixture.json(response);
    assertThat(page.fieldNames()).containsExactlyInAnyOrder("lots", "next_cursor");
    return page;
  }

  private static List<String> ids(JsonObject page) {
    List<String> ids = new ArrayList<>();
    page.getJsonArray("lots").forEach(lot -> ids.add(((JsonObject) lot).getString("id")));
    return ids;
  }
}
