package dev.conveyor.system;

/**
 * A PromQL expression of the deploy files, and where it is.
 *
 * @param where the file and the panel or rule, as a message names it
 */
record MonitoringQuery(String where, String expr) {
}
