package dev.smartparking.ingest.decode;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns licence plates into HMAC-SHA256 under a server-side key: equal plates give equal
 * hashes (an entry pairs with its exit), and without the key a hash cannot be reversed by
 * trying the few million plates of a province. Also scrubs plates from payloads that are
 * stored as rejected, since raw plates are never stored.
 */
public final class PlateHasher {

  /**
   * A "plate" member of a JSON text, even in a payload too broken to parse. Possessive
   * quantifiers throughout: Java matches a plain {@code (?:a|b)*} by recursing once per
   * repetition, which overflows the stack on a long value (a 60 KiB plate or run of
   * backslashes); a possessive group is matched in a loop and never backtracks.
   */
  private static final Pattern PLATE_MEMBER =
      Pattern.compile("(\"plate\"\\s*+:\\s*+\")((?:[^\"\\\\]++|\\\\.)*+)(\")");
  /** A Chinese plate anywhere (province character, letter, 4 to 6 more), e.g. 豫H12345. */
  private static final Pattern CHINESE_PLATE = Pattern.compile("[\\u4e00-\\u9fa5][A-Z][A-Z0-9]{4,6}[\\u4e00-\\u9fa5]?");
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  public PlateHasher(byte[] key) {
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** Spaces, dots and dashes are dropped and letters upper-cased, so 豫H·12345 and 豫h12345 pair. */
  public byte[] hash(String plate) {
    String normalized = plate.replaceAll("[\\s·.\\-]", "").toUpperCase(Locale.ROOT);
    return macs.get().doFinal(normalized.getBytes(StandardCharsets.UTF_8));
  }

  /** The payload with every plate replaced by {@code hmac:<hex>}; unchanged when it holds none. */
  public Buffer redact(Buffer payload) {
    String text = payload.toString(StandardCharsets.UTF_8);
    String scrubbed = redact(text);
    return scrubbed.equals(text) ? payload : Buffer.buffer(scrubbed, "UTF-8");
  }

  /** The text (a payload, or a rejection detail that may quote device input) with every plate replaced. */
  public String redact(String text) {
    return replace(CHINESE_PLATE.matcher(replace(PLATE_MEMBER.matcher(text), 2)), 0);
  }

  private String replace(Matcher matcher, int group) {
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String replacement = group == 0
          ? token(matcher.group())
          : matcher.group(1) + token(matcher.group(2)) + matcher.group(3);
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private String token(String plate) {
    return "hmac:" + HexFormat.of().formatHex(hash(plate), 0, 8);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }
}
