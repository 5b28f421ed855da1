package dev.conveyor.gateway.jobs;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No job with that id is known to this gateway. */
public class JobNotFoundException extends ErrorResponseException {

    public JobNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no job with id '" + id + "'");
        problem.setTitle("Job not found");
        return problem;
    }
}
