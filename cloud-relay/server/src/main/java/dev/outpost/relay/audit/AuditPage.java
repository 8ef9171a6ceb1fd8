package dev.outpost.relay.audit;

import java.util.List;

/**
 * One page of audit records in chain order.
 *
 * @param records   the records, oldest first
 * @param nextAfter the cursor for the next page ({@code after=}), or null when this is the last page
 */
public record AuditPage(List<AuditRecord> records, Long nextAfter) {
}
