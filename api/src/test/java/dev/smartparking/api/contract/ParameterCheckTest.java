package dev.smartparking.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.SchemaValidationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A parameter's check remembers the texts it passed: a remembered text must still be one the
 * contract allows, a refused one is refused every time, and what it remembers stays bounded.
 */
class ParameterCheckTest {

  private static Vertx vertx;
  private static ApiContract contract;

  @BeforeAll
  static void loadContract() throws Exception {
    vertx = Vertx.vertx();
    contract = ApiContract.load(vertx).toCompletionStage().toCompletableFuture().get();
  }

  @AfterAll
  static void close() {
    vertx.close();
  }

  /** {@code lat} of the nearby search: a number from -90 to 90. */
  private static ParameterCheck latitude() {
    Operation nearby = contract.validated().operation("listNearbyLots");
    Parameter lat = nearby.getParameters().stream().filter(p -> p.getName().equals("lat")).findFirst().orElseThrow();
    return new ParameterCheck(lat, contract.validated().getSchemaRepository().validator(lat.getSchema()));
  }

  @Test
  void aTextRefusedOnceIsRefusedAgain() {
    ParameterCheck lat = latitude();
    lat.check("35.24");

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> lat.check("91")).isInstanceOf(SchemaValidationException.class)
          .hasMessageContaining("lat");
      assertThatThrownBy(() -> lat.check("north")).isInstanceOf(SchemaValidationException.class);
    }
  }

  @Test
  void aTextThatPassedPassesAgain() {
    ParameterCheck lat = latitude();

    lat.check("35.240545121951236");
    lat.check("35.240545121951236");

    assertThat(lat.remembered()).isEqualTo(1);
  }

  @Test
  void whatItRemembersStaysBoundedUnderManyDifferentValues() {
    ParameterCheck lat = latitude();

    for (int i = 0; i < 3 * ParameterCheck.REMEMBERED; i++) {
      lat.check("35." + i);
    }

    assertThat(lat.remembered()).isBetween(1, ParameterCheck.REMEMBERED);
    assertThatThrownBy(() -> lat.check("-90.5")).isInstanceOf(SchemaValidationException.class);
  }
}
