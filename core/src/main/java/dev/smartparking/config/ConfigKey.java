package dev.smartparking.config;

import java.util.Locale;

/** One configuration option: its key in a properties file, its default and what it means. */
public record ConfigKey(String key, String defaultValue, String description) {

  /** The environment variable that overrides this key: {@code mqtt.port} is {@code SMARTPARKING_MQTT_PORT}. */
  public String environmentVariable() {
    return "SMARTPARKING_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
