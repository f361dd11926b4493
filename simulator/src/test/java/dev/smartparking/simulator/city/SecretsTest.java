package dev.smartparking.simulator.city;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  void seededSecretsAreStablePerSeedAndDevice() {
    assertThat(new SeededSecrets(7).secretFor("gw-L-1")).isEqualTo(new SeededSecrets(7).secretFor("gw-L-1"));
    assertThat(new SeededSecrets(7).secretFor("gw-L-1")).isNotEqualTo(new SeededSecrets(8).secretFor("gw-L-1"));
    assertThat(new SeededSecrets(7).secretFor("gw-L-1")).isNotEqualTo(new SeededSecrets(7).secretFor("gw-L-2"));
  }

  @Test
  void secretsAre24BytesOfBase64UrlWithoutPadding() {
    for (SecretSource source : new SecretSource[] {new SeededSecrets(7), new RandomSecrets()}) {
      String secret = source.secretFor("cs-C-000001");

      assertThat(secret).hasSize(32).matches("[A-Za-z0-9_-]+");
      assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(24);
    }
  }

  @Test
  void randomSecretsDifferEveryTime() {
    RandomSecrets source = new RandomSecrets();

    assertThat(source.secretFor("gw-L-1")).isNotEqualTo(source.secretFor("gw-L-1"));
  }
}
