package dev.conveyor.gateway.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document's frame: what the API is, how callers authenticate and where it is served.
 * The operations come from the controllers' annotations; the error answers every operation shares
 * are added by {@link ErrorResponsesCustomizer}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** The name of the security scheme that every operation requires. */
    static final String BEARER_AUTH = "bearerAuth";

    static {
        // Job parameters and results are JSON objects whose fields the job type defines; left alone,
        // the schema generator would describe Jackson's JsonNode class instead.
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new ObjectSchema()
                .description("A JSON object whose fields depend on the job type"));
        // An event stream is text, described where it is answered, not Spring's emitter class.
        SpringDocUtils.getConfig().replaceWithSchema(SseEmitter.class, new StringSchema());
    }

    @Bean
    OpenAPI conveyorOpenApi(GatewayProperties properties, ObjectProvider<BuildProperties> build) {
        return new OpenAPI()
                .info(new Info()
                        .title("Conveyor API")
                        .version(build.getIfAvailable() == null ? "development" : build.getObject().getVersion())
                        .summary("Submit jobs to Conveyor, a distributed job runner on Apache Kafka, and follow them")
                        .description(description(properties)))
                // Relative: the document is right wherever the gateway runs, behind whatever proxy.
                .servers(List.of(new Server().url("/").description("The gateway that serves this document")))
                .components(new Components().addSecuritySchemes(BEARER_AUTH, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("An API token, sent as `Authorization: Bearer <token>`. Its role is "
                                + "`viewer` (reads), `operator` (also submits and cancels jobs) or `admin` "
                                + "(everything, including templates and tokens).")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER_AUTH));
    }

    private static String description(GatewayProperties properties) {
        return """
                Conveyor runs jobs on Apache Kafka: submit a job here and a worker runs it; the job's \
                state (`QUEUED`, `RUNNING`, then `SUCCEEDED`, `FAILED`, `TIMED_OUT`, `CANCELED` or \
                `DEAD`) can be read here until it ends.

                **Authentication.** Every call carries an API token: `Authorization: Bearer <token>`. \
                A token has a role: `viewer` reads, `operator` also submits and cancels jobs, `admin` \
                may do everything. Each operation names the roles it needs. Without a valid token the \
                answer is `401`; with a role that may not, `403`; from a gateway that has not heard from \
                Kafka about tokens for too long, so cannot tell whether a token was revoked, `503` with \
                `Retry-After`.

                **Errors.** Every error is an RFC 9457 problem, `application/problem+json`. A `400` \
                lists each offending input in `errors`: a JSON pointer into the body (`/params/duration`) \
                or the name of a query, path or header parameter, each with what is wrong. Unknown body \
                fields and unknown query parameters are refused rather than ignored, so that a typo does \
                not go unnoticed. A request body may be at most %s (`413` beyond).
                """.formatted(readable(properties.maxRequestSize()));
    }

    /** {@code 1 MiB} rather than {@code 1048576B}. */
    static String readable(DataSize size) {
        long bytes = size.toBytes();
        if (bytes >= DataSize.ofMegabytes(1).toBytes() && bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
            return size.toMegabytes() + " MiB";
        }
        if (bytes >= DataSize.ofKilobytes(1).toBytes() && bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
            return size.toKilobytes() + " KiB";
        }
        return bytes + " bytes";
    }
}
