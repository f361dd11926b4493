package dev.smartparking.simulator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharesTest {

  @Test
  void theDefaultNamesEveryHostileKind() {
    Shares shares = Shares.parse(Shares.DEFAULT);

    assertThat(shares.byKind().keySet())
        .containsExactlyInAnyOrder(
            HostileKind.MALFORMED, HostileKind.INVALID, HostileKind.UNKNOWN_TOPIC, HostileKind.FORBIDDEN,
            HostileKind.UNKNOWN_ENTITY, HostileKind.CLOCK, HostileKind.OVERSIZED, HostileKind.WRONG_PASSWORD);
    assertThat(shares.byKind().get(HostileKind.UNKNOWN_ENTITY)).isEqualTo(0.02);
  }

  @Test
  void eachKindTakesItsShareOfTheDrawsAndTheRestIsValid() {
    Shares shares = Shares.parse("clock=0.25,malformed=0.5");
    Map<HostileKind, Integer> picked = new EnumMap<>(HostileKind.class);
    for (int i = 0; i < 1000; i++) {
      picked.merge(shares.pick(i / 1000.0), 1, Integer::sum);
    }

    assertThat(picked)
        .containsExactlyInAnyOrderEntriesOf(Map.of(HostileKind.MALFORMED, 500, HostileKind.CLOCK, 250, HostileKind.VALID, 250));
  }

  @Test
  void refusesSharesAddingUpToMoreThanOne() {
    assertThatThrownBy(() -> Shares.parse("clock=0.6,invalid=0.5")).hasMessageContaining("more than 1");
  }

  @Test
  void refusesAKindItDoesNotKnow() {
    assertThatThrownBy(() -> Shares.parse("clocks=0.1")).hasMessageContaining("no hostile kind 'clocks'");
  }

  @Test
  void refusesAShareForValidTraffic() {
    assertThatThrownBy(() -> Shares.parse("valid=0.5")).hasMessageContaining("the valid share is what the others leave");
  }
}
