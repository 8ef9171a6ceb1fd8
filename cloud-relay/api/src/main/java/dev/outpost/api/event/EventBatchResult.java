package dev.outpost.api.event;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.util.List;
import java.util.UUID;

/**
 * The relay's verdict on a batch, every event in exactly one list: newly {@code accepted}, a
 * {@code duplicate} of one accepted before (success for the sender), or {@code rejected}.
 */
@Document("event_batch_result")
public record EventBatchResult(List<UUID> accepted, List<UUID> duplicate, List<Rejection> rejected) {
    public EventBatchResult {
        accepted = Fields.list("accepted", accepted);
        duplicate = Fields.list("duplicate", duplicate);
        rejected = Fields.list("rejected", rejected);
    }
}
