package dev.smartparking.api.ngsi;

import dev.smartparking.api.availability.LotNow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One term of an NGSI-LD {@code q}: {@code availableSpotNumber>=10}, on a lot's spot counts. An
 * entity without the attribute (a lot that never reported has no available count) matches no
 * term on it, as NGSI-LD says.
 */
record SpotCondition(String attribute, String operator, long value) implements Predicate<LotNow> {

  static final String AVAILABLE = "availableSpotNumber";
  static final String TOTAL = "totalSpotNumber";
  // The longest operators first, so that ">=" is not read as ">" and "=10".
  private static final Pattern TERM = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)(==|!=|>=|<=|>|<)(.*)");
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,15}");

  /** The terms of {@code q}, joined by {@code ;} (AND); fails naming the part it cannot read. */
  static List<SpotCondition> parse(String q) {
    if (q.contains("|") || q.contains("(") || q.contains(")")) {
      throw NgsiProblem.badRequest("q: only terms joined by ';' (AND) are supported, not '|' (OR) or parentheses: '"
          + q + "'");
    }
    List<SpotCondition> terms = new ArrayList<>();
    for (String term : q.split(";", -1)) {
      Matcher m = TERM.matcher(term.strip());
      if (!m.matches()) {
        throw NgsiProblem.badRequest("q: '" + term + "' is not <attribute><operator><value> with an operator of"
            + " ==, !=, >, >=, <, <=");
      }
      String attribute = m.group(1);
      if (!attribute.equals(AVAILABLE) && !attribute.equals(TOTAL)) {
        throw NgsiProblem.badRequest("q: attribute '" + attribute + "' cannot be queried; only " + AVAILABLE
            + " and " + TOTAL + " can");
      }
      String value = m.group(3).strip();
      if (!INTEGER.matcher(value).matches()) {
        throw NgsiProblem.badRequest("q: the value of '" + term + "' is not an integer: '" + value + "'");
      }
      terms.add(new SpotCondition(attribute, m.group(2), Long.parseLong(value)));
    }
    return terms;
  }

  @Override
  public boolean test(LotNow lot) {
    Integer actual = attribute.equals(AVAILABLE) ? lot.free() : ParkingEntities.totalSpots(lot);
    if (actual == null) {
      return false;
    }
    int c = Long.compare(actual, value);
    return switch (operator) {
      case "==" -> c == 0;
      case "!=" -> c != 0;
      case ">" -> c > 0;
      case ">=" -> c >= 0;
      case "<" -> c < 0;
      default -> c <= 0;
    };
  }
}
