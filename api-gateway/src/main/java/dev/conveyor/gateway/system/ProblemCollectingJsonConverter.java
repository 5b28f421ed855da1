package dev.conveyor.gateway.system;

import dev.conveyor.common.json.JsonProblems;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.util.StreamUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring's JSON converter, with Boot's mapper, but a request body is read past every problem Jackson
 * can recover from, so that a 400 names all of them at once (every unknown field, every value of
 * the wrong type) instead of the first. {@link ProblemResponses} turns them into {@code errors}.
 *
 * <p>{@link WebConfiguration} puts it in the place of the JSON converter Boot would add. Writing is
 * Spring's own.
 */
class ProblemCollectingJsonConverter extends JacksonJsonHttpMessageConverter {

    ProblemCollectingJsonConverter(JsonMapper mapper) {
        super(mapper);
    }

    @Override
    public Object read(ResolvableType type, HttpInputMessage input, @Nullable Map<String, Object> hints)
            throws IOException {
        Class<?> context = type.getSource() instanceof MethodParameter parameter ? parameter.getContainingClass() : null;
        return readEveryProblem(getJavaType(type.getType(), context), input);
    }

    @Override
    protected Object readInternal(Class<?> type, HttpInputMessage input) throws IOException {
        return readEveryProblem(getJavaType(type, null), input);
    }

    private Object readEveryProblem(JavaType type, HttpInputMessage input) throws IOException {
        ObjectReader reader = JsonProblems.readingEveryProblem(getMapper().readerFor(type));
        InputStream body = StreamUtils.nonClosing(input.getBody());
        Charset charset = charsetOf(input);
        try {
            // Jackson detects UTF-8, -16 and -32 by itself; any other declared charset is decoded first.
            return isUnicode(charset) ? reader.readValueCollectingProblems(body)
                    : reader.readValueCollectingProblems(new InputStreamReader(body, charset));
        } catch (InvalidDefinitionException e) {
            // A type the gateway cannot bind is its own fault, not the client's: a 500.
            throw new HttpMessageConversionException("Type definition error: " + e.getType(), e);
        } catch (JacksonException e) {
            // A body cut short by RequestSizeLimit is too large, not bad JSON; Jackson wraps what it
            // did not throw itself.
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof RequestTooLargeException tooLarge) {
                    throw tooLarge;
                }
            }
            throw new HttpMessageNotReadableException("JSON parse error: " + e.getOriginalMessage(), e, input);
        }
    }

    private Charset charsetOf(HttpInputMessage input) {
        return input.getHeaders().getContentType() == null ? StandardCharsets.UTF_8
                : getCharset(input.getHeaders().getContentType());
    }

    private static boolean isUnicode(Charset charset) {
        return charset.name().startsWith("UTF-") || charset.equals(StandardCharsets.US_ASCII);
    }
}
