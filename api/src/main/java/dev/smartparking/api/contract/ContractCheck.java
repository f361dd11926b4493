package dev.smartparking.api.contract;

import dev.smartparking.api.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a request's path, query and header parameters against its operation in the
 * contract (vertx-openapi's validator) before the resource runs: required parameters, types,
 * enums, bounds and patterns come from {@code openapi.yaml}, not from checks written beside it.
 * A violation fails the request with a 400 {@code bad_parameter} whose message starts with the
 * parameter's name; on the NGSI-LD path its failure handler makes that a BadRequestData problem.
 * It runs after the token check, so an unauthenticated caller learns nothing of the parameters.
 *
 * <p>The request handed to the validator is built here, from the decoded parameters, not by
 * {@code ValidatableRequest.of}: vertx-openapi 5.0.8 reads a string parameter that is not a bare
 * word as JSON ({@code [113.24,35.24]} became an array, refused as "not a string"), so a string
 * parameter is given to it JSON-quoted, which it reads back as the string sent. That needs its two
 * value classes from {@code validation.impl}; a change of them fails the build, not a request.
 */
public final class ContractCheck implements Handler<RoutingContext> {

  /** Where the validator's message names the parameter: "... of query parameter limit ...". */
  private static final Pattern NAMED = Pattern.compile("(?:path|query|header|cookie) parameter (\\S+?)(?=[ .]|$)");
  private static final Pattern REASON = Pattern.compile("Reason: (.*)$");

  private final ApiContract contract;

  public ContractCheck(ApiContract contract) {
    this.contract = contract;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Operation operation = contract.validated().findOperation(ctx.request().path(), ctx.request().method());
    if (operation == null) {
      // Not an operation of the contract (an unimplemented NGSI-LD part): its handler answers.
      ctx.next();
      return;
    }
    Future.succeededFuture(operation)
        .map(found -> request(ctx, found))
        .compose(request -> contract.validator().validate(request, operation.getOperationId()))
        .onSuccess(valid -> ctx.next())
        .onFailure(e -> ctx.fail(ApiException.badParameter(message(e, operation))));
  }

  private static ValidatableRequestImpl request(RoutingContext ctx, Operation operation) {
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    String[] segments = ctx.request().path().substring(1).split("/");
    for (Parameter parameter : operation.getParameters()) {
      String name = parameter.getName();
      switch (parameter.getIn()) {
        case HEADER -> put(headers, parameter, ctx.request().getHeader(name));
        case QUERY -> {
          List<String> values = ctx.queryParams().getAll(name);
          // Given twice is refused by the resource (QueryParameters), naming the parameter.
          put(query, parameter, values.isEmpty() ? null : values.get(0));
        }
        case PATH -> {
          int segment = RequestUtils.findPathSegment(operation.getAbsoluteOpenAPIPath(), name);
          put(path, parameter, segment > 0 && segment <= segments.length
              ? URLDecoder.decode(segments[segment - 1].replace("+", "%2B"), StandardCharsets.UTF_8) : null);
        }
        default -> { }
      }
    }
    return new ValidatableRequestImpl(Map.of(), headers, path, query);
  }

  private static void put(Map<String, RequestParameter> into, Parameter parameter, String value) {
    // An empty value is an absent one, as the resources read it.
    if (value != null && !value.isEmpty()) {
      into.put(parameter.getName(),
          new RequestParameterImpl(parameter.getSchemaType() == SchemaType.STRING ? Json.encode(value) : value));
    }
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
