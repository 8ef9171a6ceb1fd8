package dev.outpost.appliance.menu;

import dev.outpost.api.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * The appliance's LAN side of menus: {@code GET /v1/menus} (the {@link MenuView}) and {@code GET /blobs/sha256/{hex}}
 * (a blob held, by its hash, cacheable forever; 404 when not held). With menu sync off both answer 404 saying so.
 */
public final class MenuRoutes {
    private final String siteId;
    private final Optional<MenuSync> sync;

    public MenuRoutes(String siteId, Optional<MenuSync> sync) {
        this.siteId = siteId;
        this.sync = sync;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/menus", this::menus);
        routes.get("/blobs/sha256/{hex}", this::blob);
    }

    private void menus(Context ctx) {
        if (sync.isEmpty()) {
            off(ctx);
            return;
        }
        ctx.contentType("application/json").result(Json.write(sync.get().view()));
    }

    private void blob(Context ctx) {
        if (sync.isEmpty()) {
            off(ctx);
            return;
        }
        String hex = ctx.pathParam("hex");
        if (!BlobFiles.SHA256.matcher(hex).matches()) {
            error(ctx, 400, "blob: expected 64 lowercase hex digits of a sha256, was '" + hex + "'");
            return;
        }
        String etag = "\"" + hex + "\"";
        Optional<byte[]> bytes = sync.get().blob(hex);
        if (bytes.isEmpty()) {
            error(ctx, 404, "site " + siteId + ": blob sha256:" + hex + " is not held here");
            return;
        }
        ctx.header("Cache-Control", "public, max-age=31536000, immutable").header("ETag", etag);
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/json").result(bytes.get());
    }

    private void off(Context ctx) {
        error(ctx, 404, "site " + siteId + ": menu sync is off (menu.root-key is not set)");
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json").result(Json.write(Map.of("error", message)));
    }
}
