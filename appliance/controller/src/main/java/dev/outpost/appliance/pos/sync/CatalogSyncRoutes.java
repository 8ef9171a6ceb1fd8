package dev.outpost.appliance.pos.sync;

import dev.outpost.api.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/** {@code GET /v1/catalog-sync}: the {@link CatalogSyncView}; 404 saying why when catalog sync is off. */
public final class CatalogSyncRoutes {
    private final String siteId;
    private final Optional<CatalogSync> sync;

    public CatalogSyncRoutes(String siteId, Optional<CatalogSync> sync) {
        this.siteId = siteId;
        this.sync = sync;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/catalog-sync", this::view);
    }

    private void view(Context ctx) {
        ctx.contentType("application/json");
        if (sync.isEmpty()) {
            ctx.status(404).result(Json.write(Map.of("error", "site " + siteId + ": catalog sync is off (it needs menu"
                    + " sync, menu.root-key, and a POS to hand catalogs to)")));
            return;
        }
        ctx.result(Json.write(sync.get().view()));
    }
}
