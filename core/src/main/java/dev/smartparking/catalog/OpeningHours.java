package dev.smartparking.catalog;

import ch.poole.openinghoursparser.OpeningHoursParseException;
import ch.poole.openinghoursparser.OpeningHoursParser;
import ch.poole.openinghoursparser.TokenMgrError;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The OpenStreetMap {@code opening_hours} syntax, checked by Simon Poole's OpeningHoursParser (the
 * one Vespucci, GraphHopper and OpenTripPlanner use) in its strict mode: the specification's
 * grammar, with only the leniencies the parser keeps in every mode (case, leading zeros in times,
 * en and em dashes for hyphens).
 */
public final class OpeningHours {

  private OpeningHours() {}

  /** Why {@code text} does not parse, or empty when it does. */
  public static Optional<String> problem(String text) {
    try {
      new OpeningHoursParser(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).rules(true);
      return Optional.empty();
    } catch (OpeningHoursParseException e) {
      String message = e.getMessage() == null ? "not in the opening_hours syntax" : e.getMessage().strip();
      return Optional.of(message.lines().findFirst().orElse(message));
    } catch (TokenMgrError e) {
      // The generated lexer's answer to a character it has no token for: an Error, but only bad input.
      return Optional.of("not in the opening_hours syntax: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
