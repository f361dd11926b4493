package dev.smartparking.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SliceTest {

  @ParameterizedTest(name = "{0} devices over {1} processes")
  @CsvSource({"1,1", "12,2", "50000,3", "50001,3", "7,7", "19999,4", "5,3"})
  void theSlicesCoverEveryDeviceExactlyOnceAndDifferByAtMostOne(int devices, int processes) {
    List<Integer> all = IntStream.range(0, devices).boxed().toList();

    List<Integer> covered = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < processes; i++) {
      List<Integer> share = new Slice(i, processes).of(all);
      covered.addAll(share);
      sizes.add(share.size());
    }

    assertThat(covered).isEqualTo(all);
    assertThat(sizes.stream().mapToInt(Integer::intValue).max().orElseThrow()
            - sizes.stream().mapToInt(Integer::intValue).min().orElseThrow())
        .isLessThanOrEqualTo(1);
  }

  @ParameterizedTest(name = "{0} addresses over {1} processes")
  @CsvSource({"1,1", "3,3", "4,3", "8,3", "250,7"})
  void withEnoughAddressesEachIsBoundByExactlyOneProcess(int addresses, int processes) {
    List<String> all = IntStream.range(0, addresses).mapToObj(i -> "127.0.0." + (i + 2)).toList();

    List<String> covered = new ArrayList<>();
    for (int i = 0; i < processes; i++) {
      List<String> mine = new Slice(i, processes).addresses(all);
      assertThat(mine).isNotEmpty();
      covered.addAll(mine);
    }

    assertThat(covered).containsExactlyInAnyOrderElementsOf(all);
  }

  @ParameterizedTest(name = "{0} addresses over {1} processes")
  @CsvSource({"1,3", "2,5"})
  void withFewerAddressesThanProcessesEachProcessStillGetsOne(int addresses, int processes) {
    List<String> all = IntStream.range(0, addresses).mapToObj(i -> "127.0.0." + (i + 2)).toList();

    for (int i = 0; i < processes; i++) {
      assertThat(new Slice(i, processes).addresses(all)).hasSize(1).isSubsetOf(all);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"1/1,0,1", "2/3,1,3", " 3 / 3 ,2,3"})
  void slicesAreWrittenOneBasedAsPeopleCountProcesses(String text, int index, int count) {
    assertThat(Slice.parse(text)).isEqualTo(new Slice(index, count));
    assertThat(new Slice(index, count).toString()).isEqualTo(text.replace(" ", ""));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"0/3", "4/3", "1/0", "1", "a/b", "1/2/3"})
  void slicesOutsideTheirCountAreRefused(String text) {
    assertThatThrownBy(() -> Slice.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
