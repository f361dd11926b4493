package dev.smartparking.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smartparking.config.ConfigException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PlateKeyTest {

  @Test
  void refusesToIngestWithoutAKeyNamingTheOption() {
    assertThatThrownBy(() -> PlateKey.from(""))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ingest.plate-key: required");
  }

  @Test
  void refusesAKeyShorterThan32Bytes() {
    String key = Base64.getEncoder().encodeToString(new byte[31]);

    assertThatThrownBy(() -> PlateKey.from(key)).isInstanceOf(ConfigException.class).hasMessageContaining("31 bytes");
  }

  @Test
  void takesTheConfiguredKeyAsIs() {
    byte[] bytes = new byte[32];
    bytes[0] = 7;

    assertThat(PlateKey.from(Base64.getEncoder().encodeToString(bytes))).isEqualTo(bytes);
  }
}
