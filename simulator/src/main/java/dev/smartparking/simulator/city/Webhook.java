package dev.smartparking.simulator.city;

/** Where a unit wants its alarm events, and the secret that signs them (docs/catalogue.md {@code units[].webhook}). */
public record Webhook(String url, String secret) {

  /** The catalogue's least secret length. */
  public static final int MIN_SECRET_LENGTH = 16;

  public Webhook {
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException("a webhook secret has at least " + MIN_SECRET_LENGTH + " characters");
    }
  }

  /** The secret is never printed. */
  @Override
  public String toString() {
    return "Webhook[url=" + url + "]";
  }
}
