package dev.outpost.sim.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * HQ's menu work on a {@link LocalChain}'s relay, through its API as staff do it: the admin puts stores in the
 * directory, the publisher makes, publishes and plans menus, the approver signs plans off. Each call expects the
 * relay's answer for a success and throws naming the request and what came back otherwise.
 */
public final class MenuDesk {
    private final URI relay;
    private final ChainProbe admin;
    private final ChainProbe publisher;
    private final ChainProbe approver;

    public MenuDesk(LocalChain chain) {
        this.relay = chain.relayUrl();
        this.admin = new ChainProbe(chain, LocalChain.ADMIN);
        this.publisher = new ChainProbe(chain, LocalChain.PUBLISHER);
        this.approver = new ChainProbe(chain, LocalChain.APPROVER);
    }

    public void putStore(String siteId, String region, String country, String zone, List<String> tags, String reason)
            throws IOException {
        expect(admin, admin.sendAsStaff("PUT", relay.resolve("/v1/stores/" + siteId), Map.of("region", region,
                "country", country, "zone", zone, "tags", tags), reason), 200);
    }

    /** Creates the variant; false when the relay has it already (a chain kept from an earlier run). */
    public boolean createVariant(String id, String name, String reason) throws IOException {
        ChainProbe.Answer created = publisher.sendAsStaff("POST", relay.resolve("/v1/variants"),
                Map.of("id", id, "name", name), reason);
        if (created.status() == 409) {
            return false;
        }
        expect(publisher, created, 201);
        return true;
    }

    public void putLayer(String variant, String scope, JsonNode document, String reason) throws IOException {
        expect(publisher, publisher.sendAsStaff("PUT", relay.resolve("/v1/variants/" + variant + "/layers/" + scope),
                Map.of("document", document), reason), 200);
    }

    /** Publishes the variant's layers as they are; returns the new version's number. */
    public int publish(String variant, String reason) throws IOException {
        return expect(publisher, publisher.sendAsStaff("POST", relay.resolve("/v1/variants/" + variant + "/publish"),
                Map.of(), reason), 201).get("number").intValue();
    }

    /** Plans a published version for every store of the directory at {@code activateAt}; returns the plan's id. */
    public String plan(String variant, int version, Instant activateAt, String reason) throws IOException {
        return expect(publisher, publisher.sendAsStaff("POST", relay.resolve("/v1/plans"), Map.of("variant", variant,
                "version", version, "activate_at", activateAt.toString()), reason), 201).get("id").textValue();
    }

    public void signOff(String planId, String country, String reason) throws IOException {
        expect(approver, approver.sendAsStaff("POST", relay.resolve("/v1/plans/" + planId + "/signoff"),
                Map.of("country", country), reason), 200);
    }

    /** Whether the relay has catalog {@code catalog} (a chain kept from an earlier run has it). */
    public boolean hasCatalog(String catalog) throws IOException {
        JsonNode catalogs = publisher.getAsStaff(relay.resolve("/v1/catalogs"))
                .orElseThrow(() -> new IOException("menu desk: cannot list the catalogs: " + publisher.lastSeen()));
        for (JsonNode known : catalogs.get("catalogs")) {
            if (known.get("catalog").asText().equals(catalog)) {
                return true;
            }
        }
        return false;
    }

    /** Publishes a POS catalog snapshot; returns its new version. */
    public int publishCatalog(String catalog, JsonNode document, String reason) throws IOException {
        return expect(publisher, publisher.sendAsStaff("POST", relay.resolve("/v1/catalogs/" + catalog + "/versions"),
                Map.of("document", document), reason), 201).get("version").intValue();
    }

    /** Puts a catalog version on every store of the directory. */
    public void planCatalog(String catalog, int version, String reason) throws IOException {
        expect(publisher, publisher.sendAsStaff("POST", relay.resolve("/v1/catalogs/" + catalog + "/plans"),
                Map.of("version", version), reason), 201);
    }

    /**
     * Adds a POS employee at HQ working at {@code siteId}, with a ready PIN hash; false when HQ has them already (a
     * chain kept from an earlier run).
     */
    public boolean addPosEmployee(String employeeId, String name, String role, String siteId, String pinHash,
                                  String reason) throws IOException {
        if (admin.getAsStaff(relay.resolve("/v1/pos-staff/" + employeeId)).isPresent()) {
            return false;
        }
        expect(admin, admin.sendAsStaff("PUT", relay.resolve("/v1/pos-staff/" + employeeId), Map.of("name", name,
                "role", role, "sites", List.of(siteId), "pin_hash", pinHash), reason), 200);
        return true;
    }

    private static JsonNode expect(ChainProbe probe, ChainProbe.Answer answer, int status) throws IOException {
        if (answer.status() != status) {
            throw new IOException("menu desk: expected " + status + ": " + probe.lastSeen());
        }
        return answer.body().orElseThrow(() -> new IOException("menu desk: no body: " + probe.lastSeen()));
    }
}
