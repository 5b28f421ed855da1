package dev.conveyor.gateway.system;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Query parameters that the endpoint does not take, each named, with those it does. */
public class UnknownQueryParameterException extends ErrorResponseException {

    public UnknownQueryParameterException(List<String> unknown, Collection<String> known) {
        super(HttpStatus.BAD_REQUEST, problem(unknown, known), null);
    }

    private static ProblemDetail problem(List<String> unknown, Collection<String> known) {
        String takes = known.isEmpty() ? "this endpoint takes none" : "this endpoint takes " + known;
        String detail = "unknown query parameter; " + takes;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                String.join(", ", unknown) + ": " + detail);
        problem.setTitle("Invalid query");
        problem.setProperty("errors", unknown.stream().map(name -> Map.of("parameter", name, "detail", detail)).toList());
        return problem;
    }
}
