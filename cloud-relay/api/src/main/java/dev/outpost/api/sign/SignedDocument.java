package dev.outpost.api.sign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.CanonicalJson;
import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import dev.outpost.api.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The signing envelope: {@code {"payload": {...}, "signatures": [{"key_id", "sig"}]}}. Every
 * signature is over the RFC 8785 canonical form of {@code payload} exactly as received, so a
 * document can be passed on (relay → appliance → device) without re-encoding breaking it.
 *
 * <p>Holding a {@code SignedDocument} proves nothing: check it with a {@link VerifiedKeyring}.
 */
@Document("signed_document")
public record SignedDocument(JsonNode payload, List<DocumentSignature> signatures) {
    public SignedDocument {
        Fields.present("payload", payload);
        if (!payload.isObject()) {
            throw new InvalidFieldException("payload", "must be a JSON object, was " + payload.getNodeType());
        }
        payload = payload.deepCopy();
        signatures = Fields.list("signatures", signatures);
    }

    /** Signs the JSON form of {@code payload} (a contract record or a tree) with each key. */
    public static SignedDocument sign(Object payload, SigningKey... keys) {
        JsonNode tree = payload instanceof JsonNode node ? node : Json.toTree(payload);
        SignedDocument document = new SignedDocument(tree, List.of());
        for (SigningKey key : keys) {
            document = document.withSignature(key);
        }
        return document;
    }

    /** A co-signature, e.g. a regulator's on top of the publisher's. */
    public SignedDocument withSignature(SigningKey key) {
        List<DocumentSignature> more = new ArrayList<>(signatures);
        more.add(DocumentSignature.of(key.keyId(), key.sign(signedBytes())));
        return new SignedDocument(payload, more);
    }

    /** The bytes the signatures cover: the canonical JSON of the payload. */
    public byte[] signedBytes() {
        return CanonicalJson.canonicalize(payload);
    }

    /** The payload bound to a contract type; strict, but not verified. */
    public <T> T payloadAs(Class<T> type) {
        return Json.convert(payload, type);
    }

    @Override
    public JsonNode payload() {
        return payload.deepCopy();
    }

    /** Equal when the signed bytes and the signatures are: {@code 4} and {@code 4.0} are one payload. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SignedDocument document
                && Arrays.equals(signedBytes(), document.signedBytes())
                && signatures.equals(document.signatures);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(signedBytes()) + signatures.hashCode();
    }
}
