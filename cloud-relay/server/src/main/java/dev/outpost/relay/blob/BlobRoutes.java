package dev.outpost.relay.blob;

import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.regex.Pattern;

/**
 * {@code GET /blobs/sha256/{hex}}: immutable and content-addressed, so cacheable forever by anyone (a blob holds
 * what stores show customers; what a store may show is decided by its signed manifest, not by who can read a blob).
 */
public final class BlobRoutes {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private final Store store;

    public BlobRoutes(Store store) {
        this.store = store;
    }

    public void register(RoutesConfig routes) {
        routes.get("/blobs/sha256/{hex}", this::get);
    }

    private void get(Context ctx) {
        String hex = ctx.pathParam("hex");
        if (!HEX.matcher(hex).matches()) {
            throw HttpProblem.badRequest("blob: expected 64 lowercase hex digits of a sha256, was '" + hex + "'");
        }
        String etag = "\"" + hex + "\"";
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(HttpStatus.NOT_MODIFIED).header("ETag", etag);
            return;
        }
        Blobs.Blob blob = store.inTransaction("blob", tx -> Blobs.get(tx, hex))
                .orElseThrow(() -> HttpProblem.notFound("blob sha256:" + hex + ": no such blob"));
        ctx.header("Cache-Control", "public, max-age=31536000, immutable")
                .header("ETag", etag)
                .contentType(blob.mediaType())
                .result(blob.content());
    }
}
