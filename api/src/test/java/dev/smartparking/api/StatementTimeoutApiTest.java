package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No query of the API runs longer than {@code http.statement-timeout}: PostgreSQL cancels it, the
 * client gets a 503 saying so, and the pooled connection is free again.
 */
class StatementTimeoutApiTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  @RegisterExtension
  static final ApiFixture api = ApiFixture.configured(
      config -> config.set("http.statement-timeout", TIMEOUT.toString()));

  @Test
  void aQueryThatWouldWaitLongerIsCancelledAndAnswered503() throws Exception {
    String rejected = "/api/v1/admin/rejected?since=" + Instant.now().minus(Duration.ofHours(1));
    try (Connection holder = DriverManager.getConnection(api.db().jdbcUrl(), api.db().user(), api.db().password())) {
      holder.setAutoCommit(false);
      try (Statement statement = holder.createStatement()) {
        // Any query of the table waits for this lock: as a query over months would run on.
        statement.execute("LOCK TABLE rejected_messages IN ACCESS EXCLUSIVE MODE");
      }

      HttpResponse<String> response = api.get(rejected, ADMIN_TOKEN);

      assertThat(ApiFixture.assertError(response, 503, "query_timeout").getString("message"))
          .contains("longer than the server allows");
      holder.rollback();
    }
    assertThat(api.get(rejected, ADMIN_TOKEN).statusCode()).as("the same query without the lock").isEqualTo(200);
  }
}
