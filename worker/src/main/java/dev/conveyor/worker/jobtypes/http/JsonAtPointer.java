package dev.conveyor.worker.jobtypes.http;

import dev.conveyor.common.json.ConveyorJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.filter.FilteringParserDelegate;
import tools.jackson.core.filter.JsonPointerBasedFilter;
import tools.jackson.core.filter.TokenFilter;
import tools.jackson.databind.JsonNode;

/**
 * The JSON value at a pointer in a body, built without the rest of the document. A body's tree
 * takes many times the body's memory (a mebibyte of {@code [0,0,…]} is half a million nodes), more
 * than the answer budget counts, so a pass over the body first finds the value and counts its
 * tokens, building nothing; the value is built only if it is no larger than the one it is compared
 * with, since a larger value cannot equal it. The rest of the body is read for its syntax alone.
 */
final class JsonAtPointer {

    /** What the body holds at the pointer. */
    sealed interface Found {
    }

    /** The body is not JSON, so it has nothing at any pointer. */
    record NotJson() implements Found {
    }

    /** The body is JSON with nothing at the pointer. */
    record Nothing() implements Found {
    }

    /** The value at the pointer has more tokens than the value it is compared with: it cannot equal it. */
    record Larger() implements Found {
    }

    /** @param value the value at the pointer */
    record Value(JsonNode value) implements Found {
    }

    private JsonAtPointer() {
    }

    /** The value at {@code pointer} in {@code body}, built only if it is no larger than {@code expected}. */
    static Found in(String body, String pointer, JsonNode expected) {
        if (body.isBlank()) {
            return new NotJson();
        }
        try {
            int tokens = 0;
            try (JsonParser whole = ConveyorJson.mapper().createParser(body);
                    JsonParser at = filtered(whole, pointer)) {
                int most = tokensOf(expected);
                while (at.nextToken() != null) {
                    if (++tokens > most) {
                        return new Larger();
                    }
                }
                while (whole.nextToken() != null) {
                    // Only to find out whether the rest of the body is JSON too.
                }
            }
            if (tokens == 0) {
                return new Nothing();
            }
            try (JsonParser at = filtered(ConveyorJson.mapper().createParser(body), pointer)) {
                return new Value(ConveyorJson.mapper().readTree(at));
            }
        } catch (JacksonException e) {
            return new NotJson();
        }
    }

    private static JsonParser filtered(JsonParser whole, String pointer) {
        return new FilteringParserDelegate(whole, new JsonPointerBasedFilter(pointer),
                TokenFilter.Inclusion.ONLY_INCLUDE_ALL, false);
    }

    /** How many tokens {@code value} is written as: as many as any value equal to it, but for repeated keys. */
    private static int tokensOf(JsonNode value) {
        int tokens = 0;
        try (JsonParser parser = ConveyorJson.mapper().treeAsTokens(value)) {
            while (parser.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }
}
