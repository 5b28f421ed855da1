package dev.conveyor.common.jobs;

import dev.conveyor.common.json.ConveyorJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A job's result on its way through Kafka: as it is while small, gzipped (and base64'd, as
 * {@code {"$gzip": "..."}}) past {@link #PACK_FROM}, so that a profile of thousands of checks fits
 * one record. One that does not fit even so is refused, never cut: the job fails saying how large
 * it was. Readers call {@link #unpacked} and never see the difference.
 */
public final class PackedResult {

    static final String FIELD = "$gzip";
    /** Results smaller than this, as JSON, travel as they are. */
    public static final int PACK_FROM = 64 * 1024;
    /**
     * The most a packed result may take, leaving room in a 1 MiB record (Kafka's default
     * {@code max.message.bytes}) for the rest of the snapshot.
     */
    public static final int MAX_PACKED = 900 * 1024;

    private PackedResult() {
    }

    /**
     * The result as it travels.
     *
     * @throws ResultTooLargeException when even packed it would not fit a record
     */
    public static JsonNode packed(JsonNode result) {
        if (result == null) {
            return null;
        }
        byte[] json = ConveyorJson.mapper().writeValueAsBytes(result);
        if (json.length < PACK_FROM) {
            return result;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 8);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String packed = Base64.getEncoder().encodeToString(out.toByteArray());
        if (packed.length() > MAX_PACKED) {
            throw new ResultTooLargeException(json.length, packed.length());
        }
        return JsonNodeFactory.instance.objectNode().put(FIELD, packed);
    }

    /** The result as the job made it, packed or not. */
    public static JsonNode unpacked(JsonNode result) {
        if (result == null || !result.isObject() || result.size() != 1 || !result.path(FIELD).isString()) {
            return result;
        }
        byte[] gzipped = Base64.getDecoder().decode(result.get(FIELD).asString());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return ConveyorJson.mapper().readTree(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("a packed result does not unpack", e);
        }
    }

    /** A result that does not fit one Kafka record even packed. */
    public static final class ResultTooLargeException extends RuntimeException {

        ResultTooLargeException(int jsonBytes, int packedBytes) {
            super("the result is " + jsonBytes + " bytes of JSON, " + packedBytes + " packed: over the "
                    + MAX_PACKED + " a job's result may take; split the job (a profile: its inventory)");
        }
    }
}
