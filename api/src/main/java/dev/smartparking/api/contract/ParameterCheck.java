package dev.smartparking.api.contract;

import io.vertx.core.json.Json;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One parameter of the contract as the library checks it (its transformer reads the text into the
 * schema's type, the contract's schema validates the value), remembering the last texts it
 * passed. Reading and validating one value cost 3-9 µs (bench/reads.sh's values on the shared
 * machine: a nearby request's three parameters cost more than its answer), and the answer for a
 * text never changes: the city platform polls the same few queries over and over. Only texts that
 * passed are remembered, so a refusal always comes from the library with its message; at most
 * {@link #REMEMBERED} of them, the set started afresh when full, so a flood of different values
 * costs one set insertion each more, never memory.
 */
final class ParameterCheck {

  static final int REMEMBERED = 1024;

  private static final ParameterTransformer FORM = new FormTransformer();
  private static final ParameterTransformer SIMPLE = new SimpleTransformer();

  private final Parameter parameter;
  private final Validator validator;
  private volatile Set<String> passed = ConcurrentHashMap.newKeySet();

  ParameterCheck(Parameter parameter, Validator validator) {
    this.parameter = parameter;
    this.validator = validator;
  }

  /** Checks the parameter's text (present, not empty) or throws the library's SchemaValidationException. */
  void check(String value) {
    Set<String> known = passed;
    if (known.contains(value)) {
      return;
    }
    // The transformers read a string that is not a bare word as JSON; quoted, it stays the string.
    String text = parameter.getSchemaType() == SchemaType.STRING ? Json.encode(value) : value;
    Object typed = (parameter.getStyle() == Style.FORM ? FORM : SIMPLE).transform(parameter, text);
    OutputUnit result = validator.validate(typed);
    try {
      result.checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
    }
    if (known.size() >= REMEMBERED) {
      known = ConcurrentHashMap.newKeySet();
      passed = known;
    }
    known.add(value);
  }

  /** How many passed texts it remembers now. */
  int remembered() {
    return passed.size();
  }
}
