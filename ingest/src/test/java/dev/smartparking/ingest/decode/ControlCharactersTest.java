package dev.smartparking.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {

  @Test
  void escapesEveryControlCharacterAsItsCodePoint() {
    assertThat(ControlCharacters.escaped("a\u0000b\u001f\u007f\u0085")).isEqualTo("a\\u0000b\\u001F\\u007F\\u0085");
  }

  @Test
  void leavesOtherTextAlone() {
    String text = "豫H12345 bays[0] \\u0000 é";

    assertThat(ControlCharacters.escaped(text)).isSameAs(text);
    assertThat(ControlCharacters.indexIn(text)).isEqualTo(-1);
  }

  @Test
  void findsTheFirstControlCharacter() {
    assertThat(ControlCharacters.indexIn("E1\t\u0000")).isEqualTo(2);
  }
}
