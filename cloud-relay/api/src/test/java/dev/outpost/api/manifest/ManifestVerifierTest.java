package dev.outpost.api.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.InvalidFieldException;
import dev.outpost.api.json.Json;
import dev.outpost.api.sign.DocumentSignature;
import dev.outpost.api.sign.Keyring;
import dev.outpost.api.sign.KeyringEntry;
import dev.outpost.api.sign.SignaturePolicy;
import dev.outpost.api.sign.SignedDocument;
import dev.outpost.api.sign.SigningKey;
import dev.outpost.api.sign.VerificationException;
import dev.outpost.api.sign.VerificationException.Reason;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestVerifierTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    static SigningKey key(int n) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) n);
        return SigningKey.fromSeed(seed);
    }

    final SigningKey root = key(1);
    final SigningKey publisher = key(2);
    final SigningKey stranger = key(3);
    final SignedDocument keyring = new Keyring(4, NOW.minus(Duration.ofDays(30)), List.of(
            KeyringEntry.of(publisher.publicKey(), List.of("publisher"), NOW.minus(Duration.ofDays(30)),
                    NOW.plus(Duration.ofDays(365))))).signedBy(root);
    final ManifestVerifier verifier = new ManifestVerifier(root.publicKey(), "s-1", InstantSource.fixed(NOW));

    static ManifestEntry entry(String version, Instant activateAt) {
        return new ManifestEntry("main", version, "en-US", SHA, activateAt, URI.create("/blobs/sha256/" + SHA));
    }

    Manifest manifest(String site, long sequence, Instant expiresAt, SignedDocument keyring) {
        return new Manifest(site, sequence, NOW.minusSeconds(60), expiresAt, NOW, Duration.ofSeconds(30),
                List.of(entry("main/v41", NOW.minus(Duration.ofDays(1)))),
                List.of(entry("main/v42", NOW.plus(Duration.ofHours(2)))), List.of("main/v39"), keyring);
    }

    Manifest manifest(long sequence) {
        return manifest("s-1", sequence, NOW.plus(Duration.ofDays(3)), keyring);
    }

    private VerificationException refused(SignedDocument signed, long lastSeen, Reason reason) {
        VerificationException e = assertThrows(VerificationException.class, () -> verifier.verify(signed, lastSeen));
        assertEquals(reason, e.reason());
        return e;
    }

    @Test
    void aGoodManifestIsAcceptedAndSurvivesTheWire() {
        SignedDocument signed = SignedDocument.sign(manifest(10), publisher);
        SignedDocument received = Json.read(Json.write(signed), SignedDocument.class);
        assertEquals(manifest(10), verifier.verify(received, 9));
    }

    @Test
    void aManifestWithTwoCurrentEntriesForOneScreenOrUpcomingOutOfOrderIsMalformed() {
        InvalidFieldException same = assertThrows(InvalidFieldException.class,
                () -> new Manifest("s-1", 1, NOW, NOW.plusSeconds(60), NOW, Duration.ofSeconds(30),
                        List.of(entry("main/v1", NOW), entry("main/v2", NOW)), List.of(), List.of(), keyring));
        assertEquals("current[1]: main/en-US is listed twice", same.getMessage());
        InvalidFieldException order = assertThrows(InvalidFieldException.class,
                () -> new Manifest("s-1", 1, NOW, NOW.plusSeconds(60), NOW, Duration.ofSeconds(30), List.of(),
                        List.of(entry("main/v2", NOW.plusSeconds(20)), entry("main/v3", NOW.plusSeconds(10))), List.of(),
                        keyring));
        assertEquals("upcoming[1].activate_at: must not be before the entry above it (2026-06-01T12:00:20Z), was"
                + " 2026-06-01T12:00:10Z", order.getMessage());
    }

    @Test
    void badSignatureIsRefused() {
        SignedDocument signed = SignedDocument.sign(manifest(10), publisher);
        ObjectNode payload = (ObjectNode) signed.payload();
        payload.put("sequence", 11);
        assertEquals("manifest: 0 valid signatures from role publisher, 1 required; key " + publisher.keyId()
                        + " signature does not verify",
                refused(new SignedDocument(payload, signed.signatures()), 9, Reason.SIGNATURES).getMessage());
    }

    @Test
    void keyNotInTheKeyringIsRefused() {
        assertEquals("manifest: 0 valid signatures from role publisher, 1 required; key " + stranger.keyId()
                        + " not in keyring v4",
                refused(SignedDocument.sign(manifest(10), stranger), 9, Reason.SIGNATURES).getMessage());
    }

    @Test
    void keyringNotSignedByTheRootIsRefused() {
        Keyring forged = keyring.payloadAs(Keyring.class);
        SignedDocument signed = SignedDocument.sign(
                manifest("s-1", 10, NOW.plus(Duration.ofDays(3)), forged.signedBy(stranger)), publisher);
        assertEquals("keyring v4: not signed by the root key " + root.keyId() + " (signed by [" + stranger.keyId() + "])",
                refused(signed, 9, Reason.UNTRUSTED_KEYRING).getMessage());
    }

    @Test
    void olderKeyringIsRefusedWhenANewerOneWasSeen() {
        SignedDocument signed = SignedDocument.sign(manifest(10), publisher);
        VerificationException e = assertThrows(VerificationException.class, () -> verifier.verify(signed, 9, 5));
        assertEquals(Reason.KEYRING_ROLLBACK, e.reason());
        assertEquals("keyring v4: older than the keyring v5 already accepted (rollback)", e.getMessage());
    }

    @Test
    void replayedOrRolledBackSequenceIsRefused() {
        SignedDocument signed = SignedDocument.sign(manifest(10), publisher);
        assertEquals("manifest: sequence 10 is not above the last seen 10 (replay or rollback)",
                refused(signed, 10, Reason.REPLAY).getMessage());
        assertEquals("manifest: sequence 10 is not above the last seen 12 (replay or rollback)",
                refused(signed, 12, Reason.REPLAY).getMessage());
    }

    @Test
    void expiredManifestIsRefused() {
        SignedDocument signed = SignedDocument.sign(manifest("s-1", 10, NOW, keyring), publisher);
        assertEquals("manifest: expired at 2026-06-01T12:00:00Z, now 2026-06-01T12:00:00Z; keep the last-known-good and freeze",
                refused(signed, 9, Reason.EXPIRED).getMessage());
    }

    @Test
    void manifestForAnotherSiteIsRefused() {
        SignedDocument signed = SignedDocument.sign(manifest("s-2", 10, NOW.plus(Duration.ofDays(3)), keyring), publisher);
        assertEquals("manifest: for site s-2, this is site s-1", refused(signed, 9, Reason.WRONG_SITE).getMessage());
    }

    @Test
    void thresholdPolicyAppliesToManifests() {
        ManifestVerifier strict = new ManifestVerifier(root.publicKey(), "s-1", InstantSource.fixed(NOW),
                SignaturePolicy.publisher().and("regulator", 1));
        VerificationException e = assertThrows(VerificationException.class,
                () -> strict.verify(SignedDocument.sign(manifest(10), publisher), 9));
        assertEquals("manifest: 0 valid signatures from role regulator, 1 required", e.getMessage());
    }

    @Test
    void payloadThatIsNotAManifestIsAContractError() {
        SignedDocument signed = SignedDocument.sign(manifest(10), publisher);
        ObjectNode payload = (ObjectNode) signed.payload();
        payload.remove("site_id");
        List<DocumentSignature> signatures = signed.signatures();
        assertEquals("manifest: missing field 'site_id'",
                assertThrows(ContractException.class, () -> verifier.verify(new SignedDocument(payload, signatures), 9))
                        .getMessage());
    }

    @Test
    void manifestJsonIsStrict() {
        String json = Json.writeString(manifest(10));
        assertEquals(manifest(10), Json.read(json, Manifest.class));
        assertEquals("manifest: missing field 'next_poll'",
                assertThrows(ContractException.class, () -> Json.read(json.replace("\"next_poll\":\"PT30S\",", ""),
                        Manifest.class)).getMessage());
        assertEquals("manifest: unknown field 'priority'",
                assertThrows(ContractException.class, () -> Json.read(json.replace("{\"site_id\"", "{\"priority\":1,\"site_id\""),
                        Manifest.class)).getMessage());
        assertEquals("manifest.sequence: expected an integer, was \"10\"",
                assertThrows(ContractException.class, () -> Json.read(json.replace("\"sequence\":10", "\"sequence\":\"10\""),
                        Manifest.class)).getMessage());
        assertEquals("manifest.next_poll: must be a positive duration, was PT0S",
                assertThrows(ContractException.class, () -> Json.read(json.replace("\"PT30S\"", "\"PT0S\""),
                        Manifest.class)).getMessage());
        assertEquals("manifest.upcoming[0].sha256: expected 64 lowercase hex characters, was \"" + SHA.toUpperCase() + "\"",
                assertThrows(ContractException.class, () -> Json.read(
                        json.replaceFirst("(\"upcoming\":\\[\\{[^}]*\"sha256\":\")" + SHA, "$1" + SHA.toUpperCase()),
                        Manifest.class)).getMessage());
        assertEquals("manifest.current[0].activate_at: expected an ISO-8601 instant, was 42",
                assertThrows(ContractException.class, () -> Json.read(
                        json.replaceFirst("(\"current\":\\[\\{[^}]*\"activate_at\":)\"[^\"]+\"", "$142"),
                        Manifest.class)).getMessage());
        assertEquals("manifest.sequence: must be between 1 and 2^53, was 9007199254740993",
                assertThrows(ContractException.class, () -> Json.read(json.replace("\"sequence\":10", "\"sequence\":9007199254740993"),
                        Manifest.class)).getMessage());
    }

    static ManifestCatalog catalog(long version, long... deltasFrom) {
        return catalog("main", version, deltasFrom);
    }

    static ManifestCatalog catalog(String name, long version, long... deltasFrom) {
        List<ManifestCatalog.Delta> deltas = Arrays.stream(deltasFrom).mapToObj(from -> new ManifestCatalog.Delta(from,
                SHA, URI.create("/blobs/sha256/" + SHA))).toList();
        return new ManifestCatalog(name, version, SHA, URI.create("/blobs/sha256/" + SHA), NOW.plusSeconds(600), deltas);
    }

    Manifest withCatalogs(long sequence, List<ManifestCatalog> catalogs) {
        Manifest m = manifest(sequence);
        return new Manifest(m.siteId(), m.sequence(), m.issuedAt(), m.expiresAt(), m.serverTime(), m.nextPoll(),
                m.current(), m.upcoming(), m.poisoned(), m.keyring(), catalogs);
    }

    @Test
    void catalogsAreSignedWithTheRestAndATamperedOneIsRefused() {
        Manifest manifest = withCatalogs(10, List.of(catalog(12, 11, 10), catalog("promo", 3)));
        SignedDocument signed = SignedDocument.sign(manifest, publisher);
        SignedDocument received = Json.read(Json.write(signed), SignedDocument.class);
        Manifest verified = verifier.verify(received, 9);
        assertEquals(manifest, verified);
        assertEquals(11, verified.catalogs().getFirst().deltaFrom(11).orElseThrow().fromVersion());
        assertEquals(java.util.Optional.empty(), verified.catalogs().getFirst().deltaFrom(9));

        ObjectNode payload = (ObjectNode) signed.payload();
        ((ObjectNode) payload.withArray("catalogs").get(0)).put("version", 13);
        assertEquals(Reason.SIGNATURES, refused(new SignedDocument(payload, signed.signatures()), 9, Reason.SIGNATURES)
                .reason());
    }

    @Test
    void aManifestWithoutCatalogsIsTheDocumentItWasBeforeCatalogs() {
        String json = Json.writeString(manifest(10));
        assertEquals(false, json.contains("catalogs"), "no catalogs, no field: " + json);
        Manifest read = Json.read(json, Manifest.class);
        assertEquals(List.of(), read.catalogs());
        String withOne = Json.writeString(withCatalogs(10, List.of(catalog(2))));
        assertEquals(false, withOne.contains("deltas"), "no deltas, no field: " + withOne);
        assertEquals(List.of(catalog(2)), Json.read(withOne, Manifest.class).catalogs());
    }

    @Test
    void aCatalogListedTwiceOrADeltaNotBelowItsVersionIsMalformed() {
        assertEquals("catalogs[1]: catalog main is listed twice", assertThrows(InvalidFieldException.class,
                () -> withCatalogs(10, List.of(catalog(2), catalog(3)))).getMessage());
        assertEquals("deltas[0].from_version: must be below the version 4, was 4", assertThrows(
                InvalidFieldException.class, () -> catalog(4, 4)).getMessage());
        String json = Json.writeString(withCatalogs(10, List.of(catalog(4))));
        assertEquals("manifest.catalogs[0].sha256: expected 64 lowercase hex characters, was \"nope\"",
                assertThrows(ContractException.class, () -> Json.read(json.replaceFirst("(\"catalogs\":\\[\\{[^}]*\"sha256\":\")"
                        + SHA, "$1nope"), Manifest.class)).getMessage());
    }
}
