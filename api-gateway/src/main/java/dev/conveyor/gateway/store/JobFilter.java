package dev.conveyor.gateway.store;

import dev.conveyor.common.jobs.JobStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which jobs a list holds; every part is optional and the parts combine with AND.
 *
 * @param statuses jobs in one of these states; empty for any
 * @param type jobs of this type
 * @param queue jobs of this queue
 * @param templateId jobs launched from this template
 * @param labels jobs carrying every one of these labels; an empty value matches any value of that key
 * @param submittedBy jobs submitted by this caller
 * @param since jobs submitted at or after this time
 * @param until jobs submitted before this time
 */
public record JobFilter(Set<JobStatus> statuses, String type, String queue, String templateId,
        Map<String, String> labels, String submittedBy, Instant since, Instant until) {

    public static final JobFilter ALL = new JobFilter(null, null, null, null, null, null, null, null);

    public JobFilter {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /**
     * A short digest of the filter, carried in cursors so that a cursor is never applied to a list
     * other than the one it came from (which would silently skip or repeat jobs).
     */
    String fingerprint() {
        String canonical = String.join("\u0000", new TreeSet<>(statuses.stream().map(Enum::name).toList()).toString(),
                String.valueOf(type), String.valueOf(queue), String.valueOf(templateId),
                new TreeMap<>(labels).toString(), String.valueOf(submittedBy), String.valueOf(since),
                String.valueOf(until));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    Optional<String> labelValue(String key) {
        String value = labels.get(key);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
