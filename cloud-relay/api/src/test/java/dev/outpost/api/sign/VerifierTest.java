package dev.outpost.api.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifierTest {
    static SigningKey key(int n) {
        byte[] seed = new byte[32];
        java.util.Arrays.fill(seed, (byte) n);
        return SigningKey.fromSeed(seed);
    }

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Instant YEAR_AGO = NOW.minusSeconds(365L * 86400);
    static final Instant IN_A_YEAR = NOW.plusSeconds(365L * 86400);

    final SigningKey root = key(1);
    final SigningKey publisherA = key(2);
    final SigningKey publisherB = key(3);
    final SigningKey regulator = key(4);
    final SigningKey expired = key(5);
    final SigningKey dual = key(6);
    final SigningKey stranger = key(7);

    final Keyring keyring = new Keyring(4, YEAR_AGO, List.of(
            KeyringEntry.of(publisherA.publicKey(), List.of("publisher"), YEAR_AGO, IN_A_YEAR),
            KeyringEntry.of(publisherB.publicKey(), List.of("publisher"), YEAR_AGO, IN_A_YEAR),
            KeyringEntry.of(regulator.publicKey(), List.of("regulator"), YEAR_AGO, IN_A_YEAR),
            KeyringEntry.of(expired.publicKey(), List.of("publisher"), YEAR_AGO, NOW),
            KeyringEntry.of(dual.publicKey(), List.of("publisher", "regulator"), YEAR_AGO, IN_A_YEAR)));

    final VerifiedKeyring verified = Verifier.trusting(root.publicKey()).keyring(keyring.signedBy(root));
    final Map<String, Object> payload = Map.of("menu", "breakfast", "price", 4.5);

    private String failure(SignedDocument document, SignaturePolicy policy) {
        VerificationException e = assertThrows(VerificationException.class,
                () -> verified.check("doc", document, NOW, policy));
        assertEquals(VerificationException.Reason.SIGNATURES, e.reason());
        return e.getMessage();
    }

    @Test
    void oneValidPublisherSignatureMeetsThePublisherPolicy() {
        SignedDocument document = SignedDocument.sign(payload, publisherA);
        assertEquals(List.of(publisherA.keyId()),
                verified.check("doc", document, NOW, SignaturePolicy.publisher()).stream().map(KeyringEntry::keyId).toList());
        ObjectNode read = verified.verify("doc", document, NOW, SignaturePolicy.publisher(), ObjectNode.class);
        assertEquals("breakfast", read.get("menu").asText());
    }

    @Test
    void signaturesSurviveATripThroughJsonText() {
        SignedDocument document = SignedDocument.sign(payload, publisherA);
        SignedDocument received = Json.read(Json.write(document), SignedDocument.class);
        verified.check("doc", received, NOW, SignaturePolicy.publisher());
        // key order and whitespace do not matter: the signature is over the canonical form
        String reordered = "{\"signatures\":" + Json.writeString(document.signatures())
                + ",\"payload\": {\"price\": 4.50, \"menu\": \"breakfast\"}}";
        verified.check("doc", Json.read(reordered, SignedDocument.class), NOW, SignaturePolicy.publisher());
    }

    @Test
    void aKeyCountsOnceHoweverManyTimesItSigned() {
        SignedDocument once = SignedDocument.sign(payload, publisherA);
        List<DocumentSignature> twice = new ArrayList<>(once.signatures());
        twice.add(once.signatures().get(0));
        assertEquals("doc: 1 valid signature from role publisher, 2 required",
                failure(new SignedDocument(once.payload(), twice), SignaturePolicy.requires("publisher", 2)));

        List<DocumentSignature> garbageThenValid = new ArrayList<>();
        garbageThenValid.add(DocumentSignature.of(publisherA.keyId(), publisherA.sign(new byte[] {1})));
        garbageThenValid.addAll(once.signatures());
        assertEquals("doc: 1 valid signature from role publisher, 2 required; key " + publisherA.keyId()
                        + " signature does not verify",
                failure(new SignedDocument(once.payload(), garbageThenValid), SignaturePolicy.requires("publisher", 2)));
    }

    @Test
    void twoDistinctPublishersMeetATwoPublisherThreshold() {
        verified.check("doc", SignedDocument.sign(payload, publisherA, publisherB), NOW,
                SignaturePolicy.requires("publisher", 2));
    }

    @Test
    void unknownKeysAreIgnoredAndNamed() {
        assertEquals("doc: 1 valid signature from role publisher, 2 required; key " + stranger.keyId()
                        + " not in keyring v4",
                failure(SignedDocument.sign(payload, publisherA, stranger), SignaturePolicy.requires("publisher", 2)));
    }

    @Test
    void expiredKeysAreIgnoredAndNamed() {
        assertEquals("doc: 0 valid signatures from role publisher, 1 required; key " + expired.keyId()
                        + " not valid at 2026-06-01T12:00:00Z (valid from 2025-06-01T12:00:00Z to 2026-06-01T12:00:00Z)",
                failure(SignedDocument.sign(payload, expired), SignaturePolicy.publisher()));
    }

    @Test
    void aSignatureOverOtherBytesIsIgnoredAndNamed() {
        SignedDocument signed = SignedDocument.sign(payload, publisherA);
        SignedDocument tampered = new SignedDocument(Json.toTree(Map.of("menu", "dinner", "price", 4.5)),
                signed.signatures());
        assertEquals("doc: 0 valid signatures from role publisher, 1 required; key " + publisherA.keyId()
                        + " signature does not verify",
                failure(tampered, SignaturePolicy.publisher()));
    }

    @Test
    void highRiskPublishNeedsPublisherAndRegulator() {
        SignaturePolicy highRisk = SignaturePolicy.publisher().and("regulator", 1);
        verified.check("doc", SignedDocument.sign(payload, publisherA).withSignature(regulator), NOW, highRisk);
        assertEquals("doc: 0 valid signatures from role regulator, 1 required",
                failure(SignedDocument.sign(payload, publisherA, publisherB), highRisk));
        // a key holding both roles still fills only one of them
        assertEquals("doc: 1 distinct valid key cannot fill {publisher=1, regulator=1}: one key counts for one role",
                failure(SignedDocument.sign(payload, dual), highRisk));
        verified.check("doc", SignedDocument.sign(payload, dual, publisherA), NOW, highRisk);
    }

    @Test
    void keyringMustBeSignedByTheRoot() {
        Verifier verifier = Verifier.trusting(root.publicKey());
        VerificationException bySomeoneElse = assertThrows(VerificationException.class,
                () -> verifier.keyring(keyring.signedBy(publisherA)));
        assertEquals(VerificationException.Reason.UNTRUSTED_KEYRING, bySomeoneElse.reason());
        assertEquals("keyring v4: not signed by the root key " + root.keyId() + " (signed by [" + publisherA.keyId() + "])",
                bySomeoneElse.getMessage());

        SignedDocument signed = keyring.signedBy(root);
        ObjectNode forged = (ObjectNode) signed.payload();
        forged.put("version", 5);
        assertEquals("keyring v5: the root key " + root.keyId() + " signature does not verify",
                assertThrows(VerificationException.class,
                        () -> verifier.keyring(new SignedDocument(forged, signed.signatures()))).getMessage());
    }

    @Test
    void anOlderKeyringIsARollback() {
        VerificationException e = assertThrows(VerificationException.class,
                () -> Verifier.trusting(root.publicKey()).keyring(keyring.signedBy(root), 5));
        assertEquals(VerificationException.Reason.KEYRING_ROLLBACK, e.reason());
        assertEquals("keyring v4: older than the keyring v5 already accepted (rollback)", e.getMessage());
    }

    @Test
    void keyringEntriesAreCheckedWhenParsed() {
        String json = Json.writeString(keyring);
        String otherKey = publisherB.publicKey().base64Url();
        String mismatched = json.replaceFirst("\"public_key\":\"[^\"]+\"", "\"public_key\":\"" + otherKey + "\"");
        assertEquals("keyring.keys[0].key_id: " + publisherA.keyId() + " does not match public_key, whose key id is "
                        + publisherB.keyId(),
                assertThrows(ContractException.class, () -> Json.read(mismatched, Keyring.class)).getMessage());
        assertEquals("keyring.keys[0].key_id: expected a key id of 16 lowercase hex characters, was \"XYZ\"",
                assertThrows(ContractException.class,
                        () -> Json.read(json.replaceFirst("\"key_id\":\"[0-9a-f]+\"", "\"key_id\":\"XYZ\""), Keyring.class))
                        .getMessage());
        assertEquals("keyring: missing field 'version'",
                assertThrows(ContractException.class, () -> Json.read(json.replace("\"version\":4,", ""), Keyring.class))
                        .getMessage());
        assertEquals("keyring: unknown field 'owner'",
                assertThrows(ContractException.class, () -> Json.read(json.replace("{\"version\"", "{\"owner\":\"x\",\"version\""),
                        Keyring.class)).getMessage());
        assertEquals("keyring.version: expected an integer, was \"4\"",
                assertThrows(ContractException.class, () -> Json.read(json.replace("\"version\":4", "\"version\":\"4\""),
                        Keyring.class)).getMessage());
        String twice = json.replace("\"keys\":[", "\"keys\":[" + Json.writeString(keyring.keys().get(0)) + ",");
        assertEquals("keyring.keys[1].key_id: " + publisherA.keyId() + " is listed twice",
                assertThrows(ContractException.class, () -> Json.read(twice, Keyring.class)).getMessage());
        assertEquals(keyring, Json.read(json, Keyring.class));
    }
}
