package dev.conveyor.worker.jobtypes.http;

/**
 * A check could not keep its answer: {@link AnswerBudget} had no room for it in time. Not about
 * the target, so the check is an error, which a retry may get past once other checks are done.
 */
final class AnswerBudgetException extends Exception {

    AnswerBudgetException(String message) {
        super(message);
    }
}
