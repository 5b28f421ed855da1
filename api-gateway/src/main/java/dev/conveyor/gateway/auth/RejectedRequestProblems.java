package dev.conveyor.gateway.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The firewall checks some parts of a request only when a handler reads them (parameter names,
 * for one): what it refuses then is answered like what it refuses up front, a 400 problem, not as
 * an unexpected error.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RejectedRequestProblems {

    private final AuthProblems problems;

    RejectedRequestProblems(AuthProblems problems) {
        this.problems = problems;
    }

    @ExceptionHandler
    void rejected(RequestRejectedException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        problems.handle(request, response, e);
    }
}
