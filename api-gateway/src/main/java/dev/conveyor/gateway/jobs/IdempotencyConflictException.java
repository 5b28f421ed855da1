package dev.conveyor.gateway.jobs;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An {@code Idempotency-Key} reused for another request, or sent again while its first request is under way. */
class IdempotencyConflictException extends ErrorResponseException {

    IdempotencyConflictException(String detail) {
        super(HttpStatus.CONFLICT, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setTitle("Idempotency-Key conflict");
        return problem;
    }
}
