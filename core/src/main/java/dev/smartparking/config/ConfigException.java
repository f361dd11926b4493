package dev.smartparking.config;

/** A configuration that cannot be used, with a message naming the option and the problem. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
