package dev.smartparking.api.contract;

import dev.smartparking.api.http.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a request's path, query and header parameters against its operation in the
 * contract (vertx-openapi's validator) before the resource runs: required parameters, types,
 * enums, bounds and patterns come from {@code openapi.yaml}, not from checks written beside it.
 * A violation fails the request with a 400 {@code bad_parameter} whose message starts with the
 * parameter's name; on the NGSI-LD path its failure handler makes that a BadRequestData problem.
 * It runs after the token check, so an unauthenticated caller learns nothing of the parameters.
 * It also hands the resource its operation's body check ({@link ContractBody}), which the resource
 * applies once it has read the body with its size bound.
 *
 * <p>The parameters are read here, decoded, not by {@code ValidatableRequest.of}: vertx-openapi
 * 5.0.8 reads a string parameter that is not a bare word as JSON ({@code [113.24,35.24]} became an
 * array, refused as "not a string"), so a string parameter is given to its transformer JSON-quoted,
 * which reads back the string sent. Its {@code RequestValidator} is not used per request: through
 * it each guarded request cost the server 60-140 µs more CPU (bench/reads.sh, shared machine),
 * several times a lot answer.
 */
public final class ContractCheck implements Handler<RoutingContext> {

  /** Where the validator's message names the parameter: "... of query parameter limit ...". */
  private static final Pattern NAMED = Pattern.compile("(?:path|query|header|cookie) parameter (\\S+?)(?=[ .]|$)");
  private static final Pattern REASON = Pattern.compile("Reason: (.*)$");

  private final ApiContract contract;
  /** What each route ("GET /api/v1/lots/:lotId") is held to, found in the contract once. */
  private final Map<String, Guarded> routes = new ConcurrentHashMap<>();
  /** Each parameter's check, its schema validator made once: the library makes one per call. */
  private final Map<Parameter, ParameterCheck> parameters = new ConcurrentHashMap<>();

  public ContractCheck(ApiContract contract) {
    this.contract = contract;
  }

  /**
   * A route's operation and its body check (null when it takes no body), found and made once:
   * finding the operation by path per request cost more than the lot answer itself.
   */
  private record Guarded(Operation operation, ContractBody body) {}

  @Override
  public void handle(RoutingContext ctx) {
    Guarded guarded = guarded(ctx);
    // Not an operation the route names (the unimplemented NGSI-LD parts): its handler answers.
    if (guarded != null) {
      try {
        validate(ctx, guarded.operation());
      } catch (ValidatorException e) {
        ctx.fail(ApiException.badParameter(message(e, guarded.operation())));
        return;
      }
      // The body is read by the resource, bounded, and checked there through this (ContractBody).
      if (guarded.body() != null) {
        ctx.put(ContractBody.KEY, guarded.body());
      }
    }
    ctx.next();
  }

  /**
   * Each route with a path is one operation of the contract, its path the operation's template
   * (EveryOperationAnswersItsSchemaTest), so it defines every path parameter the operation has:
   * vertx-openapi refuses at start-up a path parameter its path does not name. A pattern route has
   * no path: the NGSI-LD parts not implemented here answer 501 whatever their parameters (the only
   * one they take, a batch's {operation}, is any string), so they are not checked.
   */
  private Guarded guarded(RoutingContext ctx) {
    String route = ctx.currentRoute().getPath();
    if (route == null) {
      return null;
    }
    return routes.computeIfAbsent(ctx.request().method().name() + " " + route, key -> {
      Operation operation = contract.validated().findOperation(ctx.request().path(), ctx.request().method());
      return operation == null ? null : new Guarded(operation, ContractBody.of(operation, contract));
    });
  }

  /**
   * Each parameter of the operation as the library's validator checks it (its transformers read
   * the text into the schema's type, the contract's schema validates the value; {@link
   * ParameterCheck}, which remembers the texts that passed), on the event loop: the library's
   * {@code RequestValidator.validate} hands every request to a worker thread and makes a schema
   * validator per parameter per request.
   */
  private void validate(RoutingContext ctx, Operation operation) {
    for (Parameter parameter : operation.getParameters()) {
      String name = parameter.getName();
      String value = switch (parameter.getIn()) {
        case HEADER -> ctx.request().getHeader(name);
        // Given twice is refused by the resource (QueryParameters), naming the parameter.
        case QUERY -> ctx.queryParams().get(name);
        // Decoded by the router, as the resource reads it.
        case PATH -> ctx.pathParam(name);
        default -> null;
      };
      // An empty value is an absent one, as the resources read it.
      if (value == null || value.isEmpty()) {
        if (parameter.isRequired()) {
          throw ValidatorException.createMissingRequiredParameter(parameter);
        }
        continue;
      }
      check(parameter, value);
    }
  }

  private void check(Parameter parameter, String value) {
    parameters.computeIfAbsent(parameter,
        key -> new ParameterCheck(key, contract.validated().getSchemaRepository().validator(key.getSchema())))
        .check(value);
  }

  /**
   * "limit: ..." : the parameter's name first, as every 400 of this API starts, then what is
   * wrong and the contract's rule for it.
   */
  static String message(Throwable failure, Operation operation) {
    String words = failure.getMessage() == null ? "invalid" : failure.getMessage();
    Matcher named = NAMED.matcher(words);
    if (!named.find()) {
      return words;
    }
    String name = named.group(1);
    if (failure instanceof ValidatorException e && e.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER) {
      return name + ": required";
    }
    Matcher reason = REASON.matcher(words);
    return failure instanceof SchemaValidationException && reason.find()
        ? name + ": " + reason.group(1) + "; the contract wants " + rule(operation, name)
        : name + ": " + words;
  }

  private static String rule(Operation operation, String name) {
    return operation.getParameters().stream()
        .filter(parameter -> parameter.getName().equals(name))
        .map(parameter -> parameter.getOpenAPIModel().getValue("schema"))
        .map(String::valueOf)
        .findFirst()
        .orElse("a valid value");
  }
}
