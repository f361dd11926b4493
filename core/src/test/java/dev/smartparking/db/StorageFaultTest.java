package dev.smartparking.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one reading of storage errors that ingest and the API act on. */
class StorageFaultTest {

  private static PgException pg(String sqlState) {
    return new PgException("failed", "ERROR", sqlState, null);
  }

  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({
      "08006, connection failure",
      "08P01, protocol violation",
      "40001, serialization failure",
      "40P01, deadlock detected",
      "40003, statement completion unknown",
      "53100, disk full",
      "53200, out of memory",
      "53300, too many connections",
      "57P01, admin shutdown",
      "57P02, crash shutdown",
      "57P03, cannot connect now",
      "55P03, lock not available"})
  void faultsPostgresqlRecoversFromAreWaitedOut(String sqlState, String what) {
    assertThat(StorageFault.of(pg(sqlState))).isEqualTo(StorageFault.UNAVAILABLE);
    assertThat(StorageFault.of(pg(sqlState)).isTransient()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = "57014")
  void aCancelledStatementIsTransientAndToldApart(String sqlState) {
    assertThat(StorageFault.of(pg(sqlState))).isEqualTo(StorageFault.CANCELLED);
    assertThat(StorageFault.CANCELLED.isTransient()).isTrue();
  }

  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({
      "22001, string data right truncation",
      "22P02, invalid text representation",
      "23505, unique violation",
      "23514, check violation",
      "40002, integrity violation at commit"})
  void faultsOfTheDataAreNotWaitedOut(String sqlState, String what) {
    assertThat(StorageFault.of(pg(sqlState))).isEqualTo(StorageFault.DATA);
    assertThat(StorageFault.DATA.isTransient()).isFalse();
  }

  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({
      "42P01, undefined table",
      "42883, undefined function",
      "XX000, internal error",
      "55006, object in use"})
  void anythingElseIsABug(String sqlState, String what) {
    assertThat(StorageFault.of(pg(sqlState))).isEqualTo(StorageFault.OTHER);
  }

  @Test
  void aConnectionThatFailedOrTimedOutIsUnavailable() {
    assertThat(StorageFault.of(new ConnectException("Connection refused"))).isEqualTo(StorageFault.UNAVAILABLE);
    assertThat(StorageFault.of(ClosedConnectionException.INSTANCE)).isEqualTo(StorageFault.UNAVAILABLE);
    assertThat(StorageFault.of(new NoStackTraceTimeoutException("no connection in time")))
        .isEqualTo(StorageFault.UNAVAILABLE);
    assertThat(StorageFault.of(new VertxException("wrapped", new ConnectException("refused"))))
        .isEqualTo(StorageFault.UNAVAILABLE);
  }

  @Test
  void theSqlStateDecidesOverWhatWrapsIt() {
    assertThat(StorageFault.of(new VertxException("wrapped", pg("40P01")))).isEqualTo(StorageFault.UNAVAILABLE);
    assertThat(StorageFault.of(new IllegalStateException("bug"))).isEqualTo(StorageFault.OTHER);
  }
}
