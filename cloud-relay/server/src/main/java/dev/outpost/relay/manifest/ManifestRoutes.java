package dev.outpost.relay.manifest;

import dev.outpost.relay.http.Responses;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** {@code GET /v1/sites/{site}/manifest} (the site over mutual TLS), with ETag and If-None-Match. */
public final class ManifestRoutes {
    private final Manifests manifests;

    public ManifestRoutes(Manifests manifests) {
        this.manifests = manifests;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/sites/{site}/manifest", this::manifest);
    }

    private void manifest(Context ctx) {
        Manifests.Issued issued = manifests.issue(ctx.pathParam("site"));
        ctx.header("ETag", issued.etag()).header("Cache-Control", "no-cache");
        if (issued.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        Responses.json(ctx, issued.document());
    }
}
