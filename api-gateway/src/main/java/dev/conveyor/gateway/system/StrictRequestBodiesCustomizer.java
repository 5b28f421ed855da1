package dev.conveyor.gateway.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Marks the records of request bodies {@code additionalProperties: false}: the gateway refuses
 * unknown fields ({@code spring.jackson.deserialization.fail-on-unknown-properties}), and a client
 * generated from the document should know. Free-form objects (a job's {@code params}, its
 * {@code labels}) have no properties of their own and stay open.
 */
@Component
class StrictRequestBodiesCustomizer implements OpenApiCustomizer {

    private static final String REF_PREFIX = "#/components/schemas/";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null || openApi.getComponents() == null
                || openApi.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        Deque<Schema<?>> pending = new ArrayDeque<>();
        openApi.getPaths().values().stream()
                .flatMap(path -> path.readOperations().stream())
                .filter(operation -> operation.getRequestBody() != null
                        && operation.getRequestBody().getContent() != null)
                .flatMap(operation -> operation.getRequestBody().getContent().values().stream())
                .map(mediaType -> (Schema<?>) mediaType.getSchema())
                .filter(Objects::nonNull)
                .forEach(pending::add);
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            Schema<?> schema = pending.pop();
            if (schema.get$ref() != null) {
                String name = schema.get$ref().substring(REF_PREFIX.length());
                if (seen.add(name) && schemas.get(name) != null) {
                    Schema<?> named = schemas.get(name);
                    if (named.getProperties() != null && !named.getProperties().isEmpty()
                            && named.getAdditionalProperties() == null) {
                        named.setAdditionalProperties(false);
                    }
                    pending.push(named);
                }
                continue;
            }
            children(schema).filter(Objects::nonNull).forEach(pending::push);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Stream<Schema<?>> children(Schema<?> schema) {
        Stream<Schema> properties = schema.getProperties() == null ? Stream.empty()
                : schema.getProperties().values().stream().map(s -> (Schema) s);
        Stream<Schema> items = Stream.ofNullable(schema.getItems());
        Stream<Schema> values = schema.getAdditionalProperties() instanceof Schema<?> open
                ? Stream.of(open) : Stream.empty();
        return Stream.of(properties, items, values).flatMap(s -> s).map(s -> (Schema<?>) s);
    }
}
