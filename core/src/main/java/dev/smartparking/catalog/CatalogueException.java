package dev.smartparking.catalog;

/** A catalogue that breaks a rule; the message names the offending entry, e.g. {@code lots[3].district}. */
public final class CatalogueException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CatalogueException(String message) {
    super(message);
  }
}
