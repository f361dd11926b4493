package dev.smartparking.ingest.decode;

import dev.smartparking.config.ConfigException;
import java.util.Base64;

/**
 * The plate HMAC key from configuration ({@code ingest.plate-key}). Required: with a key of its
 * own, each process (and each restart) would hash the same plate differently, and an entry would
 * never pair with its exit.
 */
public final class PlateKey {

  static final int MIN_BYTES = 32;

  private PlateKey() {}

  public static byte[] from(String configured) {
    if (configured == null || configured.isEmpty()) {
      throw new ConfigException("ingest.plate-key: required when this process ingests (mqtt.enabled=true); "
          + "the same key on every ingest process, kept across restarts (make one with: head -c 32 /dev/urandom | base64)");
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
