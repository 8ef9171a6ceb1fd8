package dev.outpost.sim.pos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import dev.outpost.sim.load.Latencies;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The store's terminals selling over the appliance's real LAN API: each terminal its own cashier ({@code c-1} …) and
 * thread, selling seeded random baskets (1–5 distinct items scanned by barcode; an item the duplicate-scan window
 * ignores, as scanned on the terminal seconds ago, is swapped for another), finalized and paid in cash or, one
 * sale in ten, by QR through the simulated provider; one sale in forty is voided by the manager afterwards. Every sale
 * the appliance acknowledged — a 2xx answer that made it PAID — is recorded with its id and total; any other answer
 * stops the run with the terminal, the step and what the appliance said.
 */
public final class PosTills {
    /** Scans one basket may take: a scan the duplicate-scan window ignores is followed by another item. */
    private static final int MAX_SCANS = 50;

    /** A sale the appliance acknowledged as PAID, and whether the manager voided it afterwards (also acknowledged). */
    public record Sale(String transactionId, String terminalId, String businessDay, long totalMinor, String method,
                       boolean voided) {
    }

    /**
     * What a run sold and how long the cashier waited: each scan ({@code POST .../items}) and each finalize, measured
     * around the HTTP call; {@code shapes} are the field names of each kind of answer (a duplicate scan's {@code notice}
     * aside), by step, to compare runs with the WAN up and down.
     */
    public record Run(List<Sale> sales, Latencies addItem, Latencies finalizeSale, Duration elapsed,
                      Map<String, Set<String>> shapes) {
    }

    private final URI lan;
    private final List<String> barcodes;
    private final LongSupplier ticker;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Terminals selling at {@code lan} from {@code barcodes}; {@code ticker} is monotonic nanoseconds. */
    public PosTills(URI lan, List<String> barcodes, LongSupplier ticker) {
        if (barcodes.size() < 5) {
            throw new IllegalArgumentException("pos tills: need at least 5 barcodes to fill a basket, have " + barcodes.size());
        }
        this.lan = lan;
        this.barcodes = List.copyOf(barcodes);
        this.ticker = ticker;
    }

    /** {@code sales} sales in all across {@code terminals} terminals ({@code till-1} …), seeded by {@code seed}. */
    public Run sell(int terminals, int sales, long seed) throws InterruptedException {
        return sell(terminals, sales, seed, false, sale -> { });
    }

    /**
     * As {@link #sell}, but a terminal that loses the appliance (no answer: it was killed) stops there instead of
     * failing the run; {@code acknowledged} hears each acknowledged sale as it happens. A sale whose answer was lost is
     * not acknowledged, though the appliance may hold it.
     */
    public Run sellUntilLost(int terminals, int sales, long seed, Consumer<Sale> acknowledged) throws InterruptedException {
        return sell(terminals, sales, seed, true, acknowledged);
    }

    private Run sell(int terminals, int sales, long seed, boolean untilLost, Consumer<Sale> acknowledged)
            throws InterruptedException {
        if (terminals < 1 || terminals > 100) {
            throw new IllegalArgumentException("pos tills: terminals must be between 1 and 100, was " + terminals);
        }
        AtomicInteger left = new AtomicInteger(sales);
        List<Sale> sold = Collections.synchronizedList(new ArrayList<>());
        Latencies add = new Latencies(sales * 3);
        Latencies finalize = new Latencies(sales);
        Map<String, Set<String>> shapes = new ConcurrentHashMap<>();
        long start = ticker.getAsLong();
        ExecutorService pool = Executors.newFixedThreadPool(terminals);
        try {
            List<Future<?>> tills = new ArrayList<>();
            for (int t = 1; t <= terminals; t++) {
                Terminal terminal = new Terminal(t, new SplittableRandom(seed * 1_000 + t), add, finalize, shapes);
                tills.add(pool.submit(() -> {
                    try {
                        terminal.login();
                        while (left.getAndDecrement() > 0) {
                            Sale sale = terminal.sale();
                            sold.add(sale);
                            acknowledged.accept(sale);
                        }
                    } catch (IOException lost) {
                        if (!untilLost) {
                            throw lost;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> till : tills) {
                till.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Run(List.copyOf(sold), add, finalize, Duration.ofNanos(ticker.getAsLong() - start), shapes);
    }

    /** One terminal with its cashier logged in. */
    private final class Terminal {
        final String terminalId;
        final String cashier;
        final SplittableRandom random;
        final Latencies add;
        final Latencies finalize;
        final Map<String, Set<String>> shapes;
        String token;

        Terminal(int number, SplittableRandom random, Latencies add, Latencies finalize, Map<String, Set<String>> shapes) {
            this.terminalId = "till-" + number;
            this.cashier = "c-" + number;
            this.random = random;
            this.add = add;
            this.finalize = finalize;
            this.shapes = shapes;
        }

        void login() throws IOException, InterruptedException {
            token = call("login", 201, "POST", "/v1/pos/login", Json.writeString(Map.of("terminal_id", terminalId,
                    "employee_id", cashier, "pin", PosSite.CASHIER_PIN))).get("token").asText();
        }

        Sale sale() throws IOException, InterruptedException {
            String id = call("open", 201, "POST", "/v1/pos/transactions", null).get("transaction_id").asText();
            String path = "/v1/pos/transactions/" + id;
            Set<String> basket = new LinkedHashSet<>();
            int items = 1 + random.nextInt(5);
            for (int scans = 0; basket.size() < items; scans++) {
                String barcode = barcodes.get(random.nextInt(barcodes.size()));
                if (scans == MAX_SCANS) {
                    throw new IllegalStateException("pos tills: " + terminalId + " sale " + id + ": " + scans
                            + " scans did not fill a basket of " + items + "; the catalog is too small for this pace");
                }
                if (basket.contains(barcode)) {
                    continue;
                }
                long t0 = ticker.getAsLong();
                JsonNode added = call("add", 200, "POST", path + "/items", Json.writeString(Map.of("barcode", barcode)));
                add.add(ticker.getAsLong() - t0);
                if (added.path("notice").isNull() || added.path("notice").isMissingNode()) {
                    basket.add(barcode);
                }
            }
            long t0 = ticker.getAsLong();
            long total = call("finalize", 200, "POST", path + "/finalize", null).get("total_minor").asLong();
            finalize.add(ticker.getAsLong() - t0);
            boolean qr = random.nextInt(10) == 0;
            JsonNode paid;
            if (qr) {
                call("qr", 200, "POST", path + "/payments/qr", null);
                paid = call("qr-poll", 200, "POST", path + "/payments/qr/poll", null);
            } else {
                long tendered = (total + 99) / 100 * 100;
                paid = call("cash", 200, "POST", path + "/payments/cash", Json.writeString(Map.of("amount_minor", tendered)));
            }
            if (!paid.get("state").asText().equals("PAID")) {
                throw new IllegalStateException("pos tills: " + terminalId + " sale " + id + ": the payment answered "
                        + paid.get("state").asText() + ", not PAID: " + paid);
            }
            boolean voided = random.nextInt(40) == 0;
            if (voided) {
                call("void", 200, "POST", path + "/void", Json.writeString(Map.of("manager_id", PosSite.MANAGER,
                        "manager_pin", PosSite.MANAGER_PIN, "reason", "customer changed their mind")));
            }
            return new Sale(id, terminalId, paid.get("business_day").asText(), total, qr ? "qr" : "cash", voided);
        }

        JsonNode call(String step, int expected, String method, String path, String body)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(lan.resolve(path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException("pos tills: " + terminalId + " " + step + " (" + method + " " + path
                        + ") answered " + response.statusCode() + ", expected " + expected + ": " + response.body());
            }
            JsonNode answer = Json.tree(response.body());
            Set<String> fields = new TreeSet<>();
            answer.fieldNames().forEachRemaining(fields::add);
            fields.remove("notice");
            shapes.computeIfAbsent(step, s -> ConcurrentHashMap.newKeySet()).add(String.join(",", fields));
            return answer;
        }
    }
}
