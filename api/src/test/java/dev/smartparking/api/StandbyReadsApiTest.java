package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.testkit.Eventually;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With a standby configured and within its lag bound, history, reports and audit lists are read
 * from it. The test's "standby" is the test database itself: a server not in recovery counts as
 * caught up (a promoted standby is a primary).
 */
class StandbyReadsApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.configured(config -> config
      .set("db.replica-host", "127.0.0.1")
      .set("db.replica-port", config.build().database().port() + ""));

  @Test
  void reportsAreReadFromTheStandbyWithinItsLagBound() {
    Eventually.within(Duration.ofSeconds(20), "the standby's lag measured",
        () -> api.meters.get("smartparking.api.replica.lag").gauge().value() == 0.0);

    HttpResponse<String> report = api.get("/api/v1/reports/onboarding", ApiFixture.READER_TOKEN);

    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(api.meters.get("smartparking.api.reads").tag("pool", "replica").counter().count()).isEqualTo(1);
    assertThat(api.meters.get("smartparking.api.reads").tag("pool", "primary").counter().count()).isZero();
  }
}
