package dev.smartparking.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LotStateChannelTest {

  @Test
  void manyLotsAreSplitIntoPayloadsNotifyAccepts() {
    // 1000 ids of the catalogue's longest, 64 characters: about 65 kB
    List<String> ids = IntStream.range(0, 1000).mapToObj(i -> "L-" + "%062d".formatted(i)).toList();

    List<String> payloads = LotStateChannel.payloads(ids);

    assertThat(payloads).hasSizeGreaterThan(8)
        .allSatisfy(p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThan(8000));
    assertThat(payloads.stream().flatMap(p -> LotStateChannel.lotIds(p).stream()).toList()).isEqualTo(ids);
  }

  @Test
  void fewLotsTakeOnePayload() {
    assertThat(LotStateChannel.payloads(List.of("L-1", "L-2"))).containsExactly("L-1,L-2");
    assertThat(LotStateChannel.lotIds("L-1,L-2")).containsExactly("L-1", "L-2");
  }

  @Test
  void noLotsNeedNoPayload() {
    assertThat(LotStateChannel.payloads(List.of())).isEmpty();
    assertThat(LotStateChannel.lotIds("")).isEmpty();
  }
}
