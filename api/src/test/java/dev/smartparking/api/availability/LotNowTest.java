package dev.smartparking.api.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A reload reads every lot anew: only a lot whose content changed may count as moved, and only one
 * whose registry fields changed as another registry entry.
 */
class LotNowTest {

  private static final Instant SEEN = Instant.parse("2026-12-05T02:00:00Z");

  private static LotNow lot(int free, String details) {
    return new LotNow("L-1", "东门", "410802", 35.24, 113.24, 420, 400, free, false, SEEN, SEEN,
        details.getBytes(StandardCharsets.UTF_8), false);
  }

  @Test
  void aLotReadAgainWithTheSameStaticDataIsTheSameLot() {
    LotNow first = lot(12, "\"phone\":\"0391-1234567\"");
    LotNow again = lot(12, "\"phone\":\"0391-1234567\"");

    assertThat(again).isEqualTo(first).hasSameHashCodeAs(first);
  }

  @Test
  void aLotWhoseStaticDataOrStateChangedIsNot() {
    LotNow first = lot(12, "\"phone\":\"0391-1234567\"");

    assertThat(lot(12, "\"phone\":\"0391-7654321\"")).isNotEqualTo(first);
    assertThat(lot(11, "\"phone\":\"0391-1234567\"")).isNotEqualTo(first);
  }

  @Test
  void aLotWhoseStateChangedHasTheSameRegistry() {
    LotNow first = lot(12, "\"phone\":\"0391-1234567\"");
    LotNow later = new LotNow("L-1", "东门", "410802", 35.24, 113.24, 420, 380, 3, true, SEEN.plusSeconds(60),
        SEEN.plusSeconds(60), "\"phone\":\"0391-1234567\"".getBytes(StandardCharsets.UTF_8), false);

    assertThat(later.sameRegistry(first)).isTrue();
  }

  @Test
  void aLotWhoseStaticDataNameOrCountingChangedHasNot() {
    LotNow first = lot(12, "\"phone\":\"0391-1234567\"");

    assertThat(lot(12, "\"phone\":\"0391-7654321\"").sameRegistry(first)).isFalse();
    assertThat(new LotNow("L-1", "西门", "410802", 35.24, 113.24, 420, 400, 12, false, SEEN, SEEN,
        first.details(), false).sameRegistry(first)).isFalse();
    assertThat(new LotNow("L-1", "东门", "410802", 35.24, 113.24, 420, 400, 12, false, SEEN, SEEN,
        first.details(), true).sameRegistry(first)).isFalse();
  }
}
