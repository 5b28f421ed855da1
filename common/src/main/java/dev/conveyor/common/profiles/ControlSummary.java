package dev.conveyor.common.profiles;

import java.util.List;

/**
 * One control over every target.
 *
 * @param id the control's id
 * @param title what it requires
 * @param severity how much its failure matters
 * @param tags its labels
 * @param counts its outcomes over the targets
 */
public record ControlSummary(String id, String title, Severity severity, List<String> tags, Counts counts) {
}
