package dev.conveyor.gateway.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a query parameter that the handler does not take, with a 400 naming it: a misspelt
 * filter ({@code ?stauts=FAILED}) would otherwise list every job, as if it had matched.
 *
 * <p>A handler takes the {@code @RequestParam}s it declares. One that binds query parameters
 * wholesale (a {@code @RequestParam Map}, a {@code @ModelAttribute}) takes any, and is left alone.
 * Only the query string counts: a form body is no query.
 */
class KnownQueryParameters implements HandlerInterceptor {

    private final ParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();
    /** Per handler: the parameters it takes, or empty if it takes any. */
    private final Map<Method, Optional<Set<String>>> taken = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || request.getQueryString() == null) {
            return true;
        }
        Optional<Set<String>> known = taken.computeIfAbsent(method.getMethod(), m -> takenBy(method));
        if (known.isEmpty()) {
            return true;
        }
        List<String> unknown = namesIn(request.getQueryString()).stream()
                .filter(name -> !known.get().contains(name)).distinct().toList();
        if (!unknown.isEmpty()) {
            throw new UnknownQueryParameterException(unknown, known.get());
        }
        return true;
    }

    private Optional<Set<String>> takenBy(HandlerMethod method) {
        Set<String> known = new LinkedHashSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(ModelAttribute.class)) {
                return Optional.empty();
            }
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param == null) {
                continue;
            }
            if (Map.class.isAssignableFrom(parameter.getParameterType())) {
                return Optional.empty();
            }
            parameter.initParameterNameDiscovery(names);
            known.add(param.name().isEmpty() ? parameter.getParameterName() : param.name());
        }
        return Optional.of(known);
    }

    /** The parameter names of a query string, decoded as Tomcat decodes them; a malformed one stays as sent. */
    private static List<String> namesIn(String query) {
        List<String> names = new ArrayList<>();
        Arrays.stream(query.split("&")).filter(pair -> !pair.isEmpty()).forEach(pair -> {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            try {
                names.add(URLDecoder.decode(name, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                names.add(name);
            }
        });
        return names;
    }
}
