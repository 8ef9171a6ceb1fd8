package dev.outpost.relay.inbox;

import dev.outpost.api.event.EventBatch;
import dev.outpost.api.json.Json;
import dev.outpost.relay.http.Responses;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code POST /v1/sites/{site}/events} answers per event (accepted, duplicate, rejected with the reason) as an
 * {@code EventBatchResult}; {@code GET /v1/sites/{site}/events/gaps} lists each stream's received range and the
 * sequence numbers missing in it. A batch that breaks the contract (malformed JSON, a wrong type, more than 1,000
 * events, an unknown event type) is refused with 400 naming the field, and nothing of it is stored.
 */
public final class InboxRoutes {
    /**
     * The largest request body the relay reads on every route but a catalog publish: a full batch of 1,000 envelopes
     * of about 4 KB each.
     */
    public static final long MAX_BODY_BYTES = 4L * 1024 * 1024;

    private final Inbox inbox;

    public InboxRoutes(Inbox inbox) {
        this.inbox = inbox;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v1/sites/{site}/events", this::ingest);
        routes.get("/v1/sites/{site}/events/gaps", ctx -> Responses.json(ctx, inbox.gaps(ctx.pathParam("site"))));
    }

    private void ingest(Context ctx) {
        EventBatch batch = Json.read(ctx.bodyAsBytes(), EventBatch.class);
        Responses.json(ctx, inbox.ingest(ctx.pathParam("site"), batch));
    }
}
