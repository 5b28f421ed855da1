package dev.conveyor.common.profiles;

import java.util.List;

/**
 * One requirement of a profile, checked on every target.
 *
 * @param id unique within its profile, e.g. {@code web-01}
 * @param title what it requires, for people
 * @param severity how much its failure matters (default {@code medium})
 * @param tags free labels to filter reports by
 * @param check the check that tells whether a target meets it
 */
public record Control(String id, String title, Severity severity, List<String> tags, CheckSpec check) {

    public Control {
        severity = severity == null ? Severity.MEDIUM : severity;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
