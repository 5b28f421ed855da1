package dev.conveyor.common.json;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;

/**
 * The Kafka serde of every Conveyor message: JSON through {@link ConveyorJson}, no type headers
 * (each topic carries one record type, so the reader knows what to expect).
 */
public final class JsonSerde {

    private JsonSerde() {
    }

    /** Decodes one message, naming the type it expected when the bytes are not one. */
    public static <T> T read(byte[] bytes, Class<T> type) {
        Objects.requireNonNull(bytes, "a " + type.getSimpleName() + " record has no value");
        try {
            return ConveyorJson.mapper().readValue(bytes, type);
        } catch (JacksonException e) {
            throw new SerializationException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static byte[] write(Object message) {
        return ConveyorJson.mapper().writeValueAsBytes(message);
    }

    /** For producers: {@code spring.kafka.producer.value-serializer} names this class. */
    public static final class JsonSerializer implements Serializer<Object> {

        @Override
        public byte[] serialize(String topic, Object data) {
            return data == null ? null : write(data);
        }
    }

    /** For consumers that read one record type and want decoding failures thrown per record. */
    public static final class JsonDeserializer<T> implements Deserializer<T> {

        private final Class<T> type;

        public JsonDeserializer(Class<T> type) {
            this.type = type;
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            return data == null ? null : read(data, type);
        }
    }
}
