package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /metrics}: the registry handed to the API, in Prometheus text format. */
class MetricsApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @Test
  void answersTheRegistryInPrometheusText() {
    api.meters.counter("smartparking.test.probe").increment(3);

    HttpResponse<String> response = api.get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
    assertThat(response.body())
        .contains("# TYPE smartparking_test_probe_total counter")
        .containsPattern("(?m)^smartparking_test_probe_total 3\\.0$");
  }

  @Test
  void exposesEachDistrictsSpacesAndLotsAsGauges() {
    api.district("M-1", "gauged");
    api.lot("M-1-a", "M-1", 50);
    api.lot("M-1-b", "M-1", 30);
    api.state("M-1-a", 50, 17, false, Duration.ZERO);
    api.await("/api/v1/availability", city -> free(city, "M-1") == 17);

    String body = api.get("/metrics").body();

    assertThat(body)
        .containsPattern("(?m)^smartparking_district_spaces_free\\{district=\"M-1\"\\} 17\\.0$")
        .containsPattern("(?m)^smartparking_district_spaces\\{district=\"M-1\"\\} 50\\.0$")
        .containsPattern("(?m)^smartparking_district_lots_registered\\{district=\"M-1\"\\} 2\\.0$")
        .containsPattern("(?m)^smartparking_district_lots_reporting\\{district=\"M-1\"\\} 1\\.0$");
  }

  @Test
  void measuresTheLagFromALotsReportToTheViewShowingIt() {
    api.district("M-2", "lagged");
    api.lot("M-2-a", "M-2", 10);
    api.state("M-2-a", 10, 4, false, Duration.ZERO);
    api.await("/api/v1/availability", city -> free(city, "M-2") == 4);

    api.db().execute("UPDATE lot_state SET free = 3, last_seen_at = now() - interval '3 seconds' WHERE lot_id = 'M-2-a'");
    api.await("/api/v1/availability", city -> free(city, "M-2") == 3);

    // Reported 3 s before it was applied: counted in the 5 s bucket, not in the 2 s one.
    String body = api.get("/metrics").body();
    assertThat(bucket(body, "5.0")).isGreaterThan(bucket(body, "2.0"));
  }

  private static long free(JsonObject city, String district) {
    return city.getJsonArray("districts").stream().map(JsonObject.class::cast)
        .filter(d -> d.getString("code").equals(district))
        .mapToLong(d -> d.getLong("free")).findFirst().orElse(-1);
  }

  private static double bucket(String metrics, String le) {
    String prefix = "smartparking_availability_visible_lag_seconds_bucket{le=\"" + le + "\"} ";
    return metrics.lines().filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
        .findFirst().orElseThrow();
  }
}
