package dev.outpost.sim.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 request on its own mutual-TLS connection ({@code Connection: close}), as a site that wakes up every
 * 30 s to heartbeat does: the handshake with the client certificate is part of what is measured.
 */
final class OneShotHttps {
    record Reply(int status, String body) {
    }

    private OneShotHttps() {
    }

    static Reply post(SSLContext tls, int port, String path, String body) throws IOException {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        try (SSLSocket socket = KeptAliveHttps.socket(tls, port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + payload.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            String text = response.toString(StandardCharsets.UTF_8);
            int space = text.indexOf(' ');
            if (!text.startsWith("HTTP/1.1 ") || space < 0 || text.length() < space + 4) {
                throw new IOException("load: " + path + ": not an HTTP/1.1 response: "
                        + text.substring(0, Math.min(80, text.length())));
            }
            int status = Integer.parseInt(text.substring(space + 1, space + 4));
            int bodyStart = text.indexOf("\r\n\r\n");
            return new Reply(status, bodyStart < 0 ? "" : text.substring(bodyStart + 4));
        }
    }
}
