package dev.smartparking.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's configuration table is the documentation of every option: it must not drift from the code. */
class ReadmeDocumentsEveryOptionTest {

  @Test
  void everyOptionIsInTheReadmeWithItsVariableAndDefault() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);

    for (ConfigKey key : ConfigKeys.ALL) {
      String shownDefault = key.defaultValue().isEmpty() ? "(empty)" : "`" + key.defaultValue() + "`";
      assertThat(readme).as(key.key())
          .contains("| `" + key.key() + "` | `" + key.environmentVariable() + "` | " + shownDefault + " |");
    }
  }
}
