package dev.outpost.sim.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One site's mutual-TLS connection, kept alive across HTTP/1.1 GETs, as an appliance polling the relay holds it. A
 * blocking socket and a few lines of HTTP instead of the JDK's {@code HttpClient}: the load generator shares the
 * machine with the relay it measures, and this spends far less of it per request (no selector thread per site, no
 * hand-offs between threads). Not thread-safe: one request at a time.
 */
final class KeptAliveHttps implements AutoCloseable {
    record Reply(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final SSLSocket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;

    private KeptAliveHttps(SSLSocket socket, String host) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream());
        this.host = host;
    }

    /** Connects to 127.0.0.1:{@code port} and completes the handshake (the client certificate is {@code tls}'s). */
    static KeptAliveHttps open(SSLContext tls, int port) throws IOException {
        SSLSocket socket = socket(tls, port);
        try {
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            return new KeptAliveHttps(socket, "127.0.0.1:" + port);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A site's TLS socket to the relay on 127.0.0.1:{@code port}, checking the relay's name, reads timing out at 30 s. */
    static SSLSocket socket(SSLContext tls, int port) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        try {
            socket.setSoTimeout(30_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** GET {@code path} with the given extra header lines (each "Name: value"); reads the whole reply. */
    Reply get(String path, String... headers) throws IOException {
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return read(path);
    }

    private Reply read(String path) throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("load: GET " + path + ": not an HTTP/1.1 status line: '" + status + "'");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        Map<String, String> headers = new TreeMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (int size = chunkSize(); size > 0; size = chunkSize()) {
                chunks.write(in.readNBytes(size));
                line();
            }
            while (!line().isEmpty()) {
                // the trailer section, unused here, up to its empty line
            }
            body = chunks.toByteArray();
        } else {
            String length = headers.get("content-length");
            body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            throw new IOException("load: GET " + path + ": the relay closed the kept-alive connection (HTTP " + code + ")");
        }
        return new Reply(code, headers, body);
    }

    private int chunkSize() throws IOException {
        String size = line();
        int extension = size.indexOf(';');
        return Integer.parseInt(extension < 0 ? size : size.substring(0, extension), 16);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("load: the relay closed the connection mid-reply");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
