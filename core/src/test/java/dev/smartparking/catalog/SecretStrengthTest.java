package dev.smartparking.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretStrengthTest {

  private final SecureRandom random = new SecureRandom();

  @Test
  void takesThousandsOfRandom128BitSecretsInHexAndBase64() {
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[16 + (i % 2) * 1];
      random.nextBytes(bytes);
      assertThat(SecretStrength.weakness(HexFormat.of().formatHex(bytes))).isEmpty();
      assertThat(SecretStrength.weakness(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))).isEmpty();
      assertThat(SecretStrength.weakness(Base64.getEncoder().encodeToString(bytes))).isEmpty();
    }
  }

  @Test
  void takesTheSecretsTheServerIssues() {
    for (int i = 0; i < 1000; i++) {
      assertThat(SecretStrength.weakness(DeviceSecrets.issue())).isEmpty();
    }
  }

  @Test
  void refusesASecretShorterThan22Characters() {
    assertThat(SecretStrength.weakness("Xq7-Lm2pZr9_Kd4wTy8v")).hasValueSatisfying(why -> assertThat(why).startsWith("20 characters"));
  }

  @Test
  void refusesFewBitsForItsAlphabet() {
    // 24 lower-case letters: about 113 bits at best.
    assertThat(SecretStrength.weakness("qwhfkzmxpvtrbnslgjdyoeca")).hasValueSatisfying(why -> assertThat(why).contains("bits"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"given-secret-0123456789", "Tr7#kq-aaaaaaaaaaaaaaaaaaa", "zyxwvutsrqPONMLK-9876543210"})
  void refusesRunsOfRepeatedOrConsecutiveCharacters(String secret) {
    assertThat(SecretStrength.weakness(secret)).hasValueSatisfying(why -> assertThat(why).contains("run of"));
  }

  @Test
  void refusesARepeatedShortPattern() {
    assertThat(SecretStrength.weakness("aB3$aB3$aB3$aB3$aB3$aB3$aB3$aB3$"))
        .hasValueSatisfying(why -> assertThat(why).contains("distinct characters"));
  }
}
