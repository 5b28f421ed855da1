package dev.conveyor.gateway.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Gives every operation the error answers it shares with the others, so that controllers declare
 * only their own (a 404 for an unknown job, a 409, a 503 where Kafka must acknowledge), and gives
 * every error answer the {@code application/problem+json} body that {@link ProblemResponses} writes.
 *
 * <p>Shared by all: 400 (a query parameter is unknown or bad), 401, 403, 500, and 503 (a gateway
 * that cannot vouch for tokens). Shared by those with a body: 413 and 415.
 */
@Component
class ErrorResponsesCustomizer implements OpenApiCustomizer {

    static final String PROBLEM_MEDIA_TYPE = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final String PROBLEM = "Problem";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;
    private static final String STALE_TOKENS = "This gateway cannot vouch for the token now: it has not heard from "
            + "Kafka about tokens for longer than `conveyor.gateway.auth.tokens-max-staleness`, so it cannot tell "
            + "whether the token was revoked. Try again after `Retry-After` seconds, or on another gateway.";

    private final String maxRequestSize;

    ErrorResponsesCustomizer(GatewayProperties properties) {
        this.maxRequestSize = OpenApiConfiguration.readable(properties.maxRequestSize());
    }

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents();
        components.addSchemas(PROBLEM, problemSchema());
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(op -> complete(path, op)));
    }

    private void complete(String path, Operation operation) {
        ApiResponses responses = operation.getResponses();
        responses.putIfAbsent("400", new ApiResponse().description("Bad input: each offending body field or "
                + "parameter is named in `errors`. Unknown body fields and query parameters are refused too."));
        responses.putIfAbsent("401", new ApiResponse()
                .description("No valid API token; send `Authorization: Bearer <token>`")
                .addHeaderObject(HttpHeaders.WWW_AUTHENTICATE, new Header()
                        .description("`Bearer`, with the reason when a token was sent")
                        .schema(new StringSchema())));
        responses.putIfAbsent("403", new ApiResponse().description("The token's role may not do this"));
        unavailableWhileTokensAreStale(responses);
        if (operation.getRequestBody() != null) {
            responses.putIfAbsent("413", new ApiResponse().description("The body is larger than " + maxRequestSize));
            responses.putIfAbsent("415", new ApiResponse().description("The body is not `application/json`"));
        }
        responses.putIfAbsent("500", new ApiResponse().description("The gateway failed; the cause is in its log, "
                + "not in the answer"));
        responses.forEach((code, response) -> {
            if (isError(code)) {
                // Over whatever the generator guessed from the method's return type.
                response.content(problemContent(code, path, operation));
            }
            if (code.equals("503") && (response.getHeaders() == null
                    || !response.getHeaders().containsKey(HttpHeaders.RETRY_AFTER))) {
                response.addHeaderObject(HttpHeaders.RETRY_AFTER, new Header()
                        .description("Seconds to wait before trying again")
                        .schema(new IntegerSchema()));
            }
        });
        operation.setResponses(sorted(responses));
    }

    /** Any token but the admin token may be answered 503 by a gateway that cannot tell whether it was revoked. */
    private static void unavailableWhileTokensAreStale(ApiResponses responses) {
        ApiResponse unavailable = responses.get("503");
        if (unavailable == null) {
            responses.put("503", new ApiResponse().description(STALE_TOKENS));
        } else if (!unavailable.getDescription().contains(STALE_TOKENS)) {
            unavailable.description(unavailable.getDescription() + " Also: " + STALE_TOKENS);
        }
    }

    private static boolean isError(String code) {
        return code.startsWith("4") || code.startsWith("5");
    }

    private static Content problemContent(String code, String path, Operation operation) {
        MediaType mediaType = new MediaType().schema(new Schema<>().$ref(PROBLEM_REF));
        if (code.equals("400")) {
            if (operation.getRequestBody() != null) {
                mediaType.addExamples("invalid body", new Example()
                        .summary("Two fields of the body are wrong")
                        .value(problem("Invalid job", "/queue: unknown queue 'nowhere'; /params/duration: is required",
                                path, List.of(
                                        error("pointer", "/queue", "unknown queue 'nowhere'"),
                                        error("pointer", "/params/duration", "is required")))));
            }
            List<String> known = operation.getParameters() == null ? List.of() : operation.getParameters().stream()
                    .filter(parameter -> "query".equals(parameter.getIn())).map(Parameter::getName).toList();
            mediaType.addExamples("unknown query parameter", new Example()
                    .summary("A query parameter the endpoint does not take")
                    .value(problem("Invalid query", "colour: unknown query parameter", path, List.of(
                            error("parameter", "colour", "unknown query parameter; this endpoint takes " + known)))));
        }
        return new Content().addMediaType(PROBLEM_MEDIA_TYPE, mediaType);
    }

    private static Map<String, Object> problem(String title, String detail, String path, List<Map<String, String>> errors) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", 400);
        problem.put("detail", detail);
        // A real path: a template's braces are not a URI reference.
        problem.put("instance", path.replaceAll("\\{[^}]*}", "3f2b8c1e-0d4a-4c9e-9a57-5b1f2e7d8c90"));
        problem.put("errors", errors);
        return problem;
    }

    private static Map<String, String> error(String kind, String name, String detail) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put(kind, name);
        error.put("detail", detail);
        return error;
    }

    private static ApiResponses sorted(ApiResponses responses) {
        ApiResponses sorted = new ApiResponses();
        new TreeMap<>(responses).forEach(sorted::addApiResponse);
        sorted.setExtensions(responses.getExtensions());
        return sorted;
    }

    /** What {@link ProblemResponses} writes: RFC 9457 fields, {@code errors} on a 400, {@code reason} on some refusals. */
    private static Schema<?> problemSchema() {
        Schema<?> error = new ObjectSchema()
                .description("One offending input: `pointer` for a body field, `parameter` for a query, "
                        + "path or header parameter")
                .addProperty("pointer", new StringSchema()
                        .description("A JSON pointer (RFC 6901) to the field in the request body; empty for the "
                                + "whole body")
                        .example("/params/duration"))
                .addProperty("parameter", new StringSchema()
                        .description("The name of the query, path or header parameter")
                        .example("limit"))
                .addProperty("detail", new StringSchema()
                        .description("What is wrong with it")
                        .example("must be between 1 and 500"))
                .required(List.of("detail"));
        return new ObjectSchema()
                .description("An RFC 9457 problem detail: why a request failed")
                .addProperty("type", new StringSchema().format("uri-reference")
                        .description("A URI that names the kind of problem; `about:blank` when the status says it")
                        .example("about:blank"))
                .addProperty("title", new StringSchema()
                        .description("A short summary of the kind of problem")
                        .example("Invalid job"))
                .addProperty("status", new IntegerSchema().minimum(BigDecimal.valueOf(400)).maximum(BigDecimal.valueOf(599))
                        .description("The HTTP status of the answer")
                        .example(400))
                .addProperty("detail", new StringSchema()
                        .description("What went wrong in this request, for people")
                        .example("/queue: unknown queue 'nowhere'"))
                .addProperty("instance", new StringSchema().format("uri-reference")
                        .description("The path of the request")
                        .example("/api/v1/jobs"))
                .addProperty("errors", new ArraySchema().items(error)
                        .description("On a 400: every offending input; on a relaunch's 409 `invalid-today`: every "
                                + "problem of the job, pointing into it"))
                .addProperty("reason", new StringSchema()
                        .description("On some refusals, which rule refused, for programs: a relaunch's 403 or 409 "
                                + "(`template-deleted`, `template-changed`, `role`, `command-without-template`, "
                                + "`invalid-today`)")
                        .example("template-deleted"))
                .required(List.of("title", "status"));
    }
}
