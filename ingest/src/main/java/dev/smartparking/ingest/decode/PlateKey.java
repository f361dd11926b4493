package dev.smartparking.ingest.decode;

import dev.smartparking.config.ConfigException;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The plate HMAC key from configuration ({@code ingest.plate-key}), or a random one for this process. */
public final class PlateKey {

  private static final Logger LOG = LoggerFactory.getLogger(PlateKey.class);
  static final int MIN_BYTES = 32;

  private PlateKey() {}

  public static byte[] from(String configured) {
    if (configured == null || configured.isEmpty()) {
      LOG.warn("ingest.plate-key is not set: plates are hashed with a random key of this process, "
          + "so an entry and its exit pair only while it runs");
      byte[] key = new byte[MIN_BYTES];
      new SecureRandom().nextBytes(key);
      return key;
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(configured);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("ingest.plate-key: not base64: " + e.getMessage());
    }
    if (key.length < MIN_BYTES) {
      throw new ConfigException("ingest.plate-key: " + key.length + " bytes; at least " + MIN_BYTES + " are needed");
    }
    return key;
  }
}
