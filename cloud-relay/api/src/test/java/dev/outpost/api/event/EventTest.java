package dev.outpost.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventTest {
    static final String ID = "0190f1e2-3c4d-7e5f-8a6b-7c8d9e0f1a2b";
    static final String BATCH = """
            {"events":[{"event_id":"%s","site_id":"s-1","device_id":"gate-3","type":"gate.admit",
              "occurred_at":"2026-06-01T12:00:00.123Z","sequence":17,"payload":{"lease":"l-9","left":4}}]}"""
            .formatted(ID);

    static String error(String json) {
        return assertThrows(ContractException.class, () -> Json.read(json, EventBatch.class)).getMessage();
    }

    @Test
    void batchRoundTrips() {
        EventBatch batch = Json.read(BATCH, EventBatch.class);
        EventEnvelope event = batch.events().get(0);
        assertEquals(UUID.fromString(ID), event.eventId());
        assertEquals(Instant.parse("2026-06-01T12:00:00.123Z"), event.occurredAt());
        assertEquals(4, event.payload().get("left").intValue());
        assertEquals(Json.tree(BATCH), Json.tree(Json.write(batch)));
        assertEquals(batch, Json.read(Json.write(batch), EventBatch.class));
    }

    @Test
    void missingUnknownAndWrongTypedFieldsAreNamed() {
        assertEquals("event_batch.events[0]: missing field 'type'", error(BATCH.replace("\"type\":\"gate.admit\",", "")));
        assertEquals("event_batch.events[0]: unknown field 'kind'", error(BATCH.replace("\"type\"", "\"kind\":1,\"type\"")));
        assertEquals("event_batch.events[0].sequence: expected an integer, was 17.5", error(BATCH.replace("17", "17.5")));
        assertEquals("event_batch.events[0].event_id: expected a UUID, was 42", error(BATCH.replace("\"" + ID + "\"", "42")));
        assertEquals("event_batch: missing field 'events'", error("{}"));
    }

    @Test
    void eventIdsMustBeUuidV7AndPayloadsObjects() {
        String v4 = "9b2c6f0e-1d2a-4c3b-8e7f-0a1b2c3d4e5f";
        assertEquals("event_batch.events[0].event_id: must be a UUIDv7, was version 4 (" + v4 + ")",
                error(BATCH.replace(ID, v4)));
        assertEquals("event_batch.events[0].payload: must be a JSON object, was ARRAY",
                error(BATCH.replace("{\"lease\":\"l-9\",\"left\":4}", "[1]")));
        assertEquals("event_batch.events: must hold 1 to 1000 events, was 0", error("{\"events\":[]}"));
    }

    @Test
    void batchResultIsStrict() {
        String json = "{\"accepted\":[\"" + ID + "\"],\"duplicate\":[],\"rejected\":[{\"event_id\":\"" + ID
                + "\",\"reason\":\"unknown type gate.admitt\"}]}";
        EventBatchResult result = Json.read(json, EventBatchResult.class);
        assertEquals(new EventBatchResult(List.of(UUID.fromString(ID)), List.of(),
                List.of(new Rejection(UUID.fromString(ID), "unknown type gate.admitt"))), result);
        assertEquals(json, Json.writeString(result));
        assertEquals("event_batch_result: missing field 'duplicate'",
                assertThrows(ContractException.class, () -> Json.read(json.replace("\"duplicate\":[],", ""),
                        EventBatchResult.class)).getMessage());
        assertEquals("event_batch_result.rejected[0]: unknown field 'code'",
                assertThrows(ContractException.class, () -> Json.read(json.replace("\"reason\"", "\"code\":4,\"reason\""),
                        EventBatchResult.class)).getMessage());
        assertEquals("event_batch_result.accepted: expected an array, was \"" + ID + "\"",
                assertThrows(ContractException.class, () -> Json.read(json.replace("[\"" + ID + "\"]", "\"" + ID + "\""),
                        EventBatchResult.class)).getMessage());
    }

    @Test
    void uuidV7TimestampIsReadBack() {
        UUID id = new UuidV7(InstantSource.fixed(Instant.parse("2026-06-01T12:00:00.123456Z"))).next();
        assertEquals(Instant.parse("2026-06-01T12:00:00.123Z"), UuidV7.timestamp(id));
        assertEquals("uuidv7: 9b2c6f0e-1d2a-4c3b-8e7f-0a1b2c3d4e5f is version 4, not 7",
                assertThrows(IllegalArgumentException.class,
                        () -> UuidV7.timestamp(UUID.fromString("9b2c6f0e-1d2a-4c3b-8e7f-0a1b2c3d4e5f"))).getMessage());
    }
}
