package io.labcheck.substitute;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;



/**
 * The stand-in for downloads from the internet that installers fetch ({@code curl -fsSL https://get.docker.com},
 * Docker Compose's release binary): an HTTPS server here that serves labcheck's own substitutes for them under
 * their real names. An instance reaches it through its {@code ~/.curlrc} ({@code connect-to}, so the student's
 * curl is run unchanged and still asks for the real host) and trusts it through a CA made for this run and added
 * to its certificate store. Every download it serves is recorded, so reports declare it.
 */
public final class Downloads implements AutoCloseable {
    /** One substitute: requests for {@code host} whose path starts with {@code pathPrefix} get {@code resource}. */
    record Substitute(String host, String pathPrefix, String resource, String says) {
        boolean serves(String requestHost, String path) {
            return host.equals(requestHost) && path.startsWith(pathPrefix);
        }
    }

    /** What labcheck serves, and nothing else (a request for anything else is a 404 that says so). */
    static final List<Substitute> SUBSTITUTES = List.of(
            new Substitute("get.docker.com", "/", "downloads/get-docker.sh",
                    "an installer that installs Debian's docker.io and docker-compose instead of Docker's packages"),
            new Substitute("github.com", "/docker/compose/releases/", "downloads/docker-compose",
                    "a docker-compose that runs Debian's docker-compose instead of the release binary"));

    /** One download served: what was asked for and what stood in for it. */
    public record Served(String url, String says) {
        public String describe() {
            return url + " was served by labcheck: " + says;
        }
    }

    private final HttpsServer server;
    private final ExecutorService threads;
    private final String caPem;
    private final List<Served> served = new ArrayList<>();

    private Downloads(HttpsServer server, ExecutorService threads, String caPem) {
        this.server = server;
        this.threads = threads;
        this.caPem = caPem;
    }

    /** Starts the server on {@code address} (one the instances reach), on a free port, its certificate from {@code ca}. */
    public static Downloads start(String address, RunCa ca) throws IOException {
        List<String> hosts = SUBSTITUTES.stream().map(Substitute::host).distinct().toList();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(address, 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(ca.issue(hosts).serverContext()));
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "labcheck-downloads");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        Downloads downloads = new Downloads(server, threads, ca.pem());
        server.createContext("/", downloads::handle);
        server.start();
        return downloads;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host")).orElse("")
                    .replaceFirst(":\\d+$", "");
            String path = exchange.getRequestURI().getPath();
            Optional<Substitute> substitute = SUBSTITUTES.stream().filter(s -> s.serves(host, path)).findFirst();
            if (substitute.isEmpty()) {
                byte[] body = ("labcheck serves no substitute for https://" + host + path + " (this machine has no route"
                        + " to the internet)\n").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            byte[] body = resource(substitute.get().resource());
            synchronized (served) {
                served.add(new Served("https://" + host + path, substitute.get().says()));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = Downloads.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the substitute " + name + " is missing from labcheck's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CA an instance adds to its certificate store (PEM). */
    public String caPem() {
        return caPem;
    }

    /** The {@code ~/.curlrc} that sends curl's connections for the substituted hosts here. */
    public String curlrc() {
        StringBuilder rc = new StringBuilder("# labcheck: downloads this machine cannot reach come from its stand-in"
                + " (see labcheck's README, \"Substitutes\")\n");
        String address = server.getAddress().getAddress().getHostAddress();
        int port = server.getAddress().getPort();
        SUBSTITUTES.stream().map(Substitute::host).distinct()
                .forEach(h -> rc.append("connect-to = ").append(h).append(":443:").append(address).append(':')
                        .append(port).append('\n'));
        return rc.toString();
    }

    /** What was served since the last call, each once. */
    public List<Served> takeServed() {
        synchronized (served) {
            List<Served> taken = List.copyOf(served);
            served.clear();
            return taken;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
