package dev.conveyor.gateway.auth;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which web pages of other origins may call the API from a browser (CORS). None by default: a
 * cross-origin request gets no {@code Access-Control-Allow-Origin}, so browsers keep its answer
 * from the page. Tokens travel in the {@code Authorization} header, never in cookies, so there are
 * no credentials a browser would send on its own.
 *
 * @param allowedOrigins origins such as {@code https://console.example.com} whose pages may call
 *     {@code /api/**} with a token (default: none). {@code *} is refused: name the origins
 * @param maxAge how long a browser may cache the answer to a preflight (default 30 minutes)
 */
@ConfigurationProperties("conveyor.gateway.cors")
record CorsProperties(@DefaultValue List<String> allowedOrigins, @DefaultValue("PT30M") Duration maxAge) {

    CorsProperties {
        allowedOrigins = List.copyOf(allowedOrigins);
        if (allowedOrigins.stream().anyMatch(origin -> origin.contains("*"))) {
            throw new IllegalArgumentException("conveyor.gateway.cors.allowed-origins: name each origin"
                    + " (https://host[:port]); '*' would let any web page call the API with a token it was given");
        }
    }

    boolean enabled() {
        return !allowedOrigins.isEmpty();
    }
}
