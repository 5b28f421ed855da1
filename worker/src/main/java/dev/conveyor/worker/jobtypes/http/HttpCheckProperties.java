package dev.conveyor.worker.jobtypes.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How {@code http} checks share this worker's memory.
 *
 * @param answerBudget the most memory that the answers {@code http} checks keep may take at once,
 *     all checks of this worker together (default 64MB, an eighth of the default 512 MiB heap).
 *     Only a check that asserts on the body keeps it; it reserves room before it buffers, five
 *     bytes for each byte of body (the bytes, their text at up to two bytes a character, and the
 *     masked copy of that text a failed check makes), and gives it back when it ends. Without room
 *     it waits, up to its own timeout, then fails {@code check-error} naming this property; a body
 *     is read up to 1 MiB, so below 5MB the largest answers cannot be kept at all
 */
@ConfigurationProperties("conveyor.worker.http")
public record HttpCheckProperties(@DefaultValue(HttpCheckProperties.DEFAULT_ANSWER_BUDGET) DataSize answerBudget) {

    static final String DEFAULT_ANSWER_BUDGET = "64MB";

    public HttpCheckProperties {
        if (answerBudget.toBytes() < 1) {
            throw new IllegalArgumentException("conveyor.worker.http.answer-budget must be positive");
        }
    }
}
