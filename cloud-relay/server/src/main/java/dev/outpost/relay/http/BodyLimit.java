package dev.outpost.relay.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;

/** What the relay does with a request's body before any handler reads it: the size limit, and a refusal's leftovers. */
public final class BodyLimit {
    private BodyLimit() {
    }

    /** Refuses (413) a request whose declared body is over {@code limit}, naming the route and the limit. */
    public static void refuseOver(Context ctx, long limit, String advice) {
        if (ctx.contentLength() > limit) {
            throw new HttpProblem(HttpStatus.CONTENT_TOO_LARGE, ctx.method() + " " + ctx.path() + ": a body of "
                    + ctx.contentLength() + " bytes is over this route's limit of " + limit + " bytes" + advice);
        }
    }

    /**
     * Reads what is left of the request body, up to {@code atMost} bytes, and drops it; before every refusal. A request
     * refused before its body was read (too large, no session, another site's path) would otherwise be answered while
     * the body still streams in, and the close that follows resets the connection: the caller loses the answer (the
     * appliance's outbox, for one, splits its batch on a 413). A body over {@code atMost} is left, and may be reset.
     */
    public static void dropUnread(Context ctx, long atMost) {
        if (ctx.contentLength() > atMost) {
            return;
        }
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = ctx.req().getInputStream();
            long left = atMost;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the caller went away: nobody is left to read the answer
        } catch (IllegalStateException e) {
            // the handler read the body as characters, so it is read
        }
    }
}
