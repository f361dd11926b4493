package dev.smartparking.ingest.decode;

/**
 * Control characters (Unicode Cc: U+0000–U+001F, U+007F–U+009F) in device-supplied text.
 * PostgreSQL text cannot hold U+0000 at all, and one such value fails the whole batch it is
 * written in; so decoders refuse them in fields, and text stored about a refused message
 * (its topic, the detail) carries them escaped.
 */
public final class ControlCharacters {

  private ControlCharacters() {}

  /** The index of the first control character in the text, or -1. */
  public static int indexIn(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** The text with each control character written as {@code \}{@code uXXXX}; the text itself when it has none. */
  public static String escaped(String text) {
    int first = indexIn(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** How a complaint names one: {@code U+0000}. */
  static String name(char c) {
    return String.format("U+%04X", (int) c);
  }
}
