package dev.outpost.relay.audit;

import java.util.Optional;

/**
 * The result of walking the whole chain.
 *
 * @param ok       every record is intact and in place
 * @param checked  how many records were checked
 * @param problem  the first break found, naming the record: "record 17: hash does not match its contents (edited)"
 */
public record AuditVerification(boolean ok, long checked, Optional<String> problem) {
}
