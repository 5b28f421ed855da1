package dev.conveyor.gateway.store;

import dev.conveyor.common.audit.AuditEntry;
import java.util.List;

/**
 * One page of the audit trail.
 *
 * @param items the entries, newest first
 * @param nextCursor what asks for the next page; {@code null} on the last
 */
public record AuditPage(List<AuditEntry> items, String nextCursor) {
}
