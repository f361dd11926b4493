package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A standby that does not answer has no measured lag, so lag-tolerant reads go to the primary. */
class StandbyAwayApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.configured(config -> config
      .set("db.replica-host", "127.0.0.1")
      .set("db.replica-port", Integer.toString(ApiFixture.closedPort())));

  @Test
  void reportsAreReadFromThePrimaryWhileTheStandbyIsAway() {
    HttpResponse<String> report = api.get("/api/v1/reports/onboarding", ApiFixture.READER_TOKEN);

    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(api.meters.get("smartparking.api.replica.lag").gauge().value()).isNaN();
    assertThat(api.meters.get("smartparking.api.reads").tag("pool", "primary").counter().count()).isEqualTo(1);
    assertThat(api.meters.get("smartparking.api.reads").tag("pool", "replica").counter().count()).isZero();
  }
}
