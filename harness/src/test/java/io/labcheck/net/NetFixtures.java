package io.labcheck.net;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/** Loopback stand-ins: 127.0.0.2 plays the instance's private address, 127.77.x.y its public one. */
final class NetFixtures {
    static final InetAddress BACKEND = ip("127.0.0.2");
    /** Another local address: a server bound only here does not listen on BACKEND, like a 127.0.0.1 bind. */
    static final InetAddress ELSEWHERE = ip("127.0.0.3");

    private NetFixtures() {
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** A fresh public address per test, so tests (and reruns) never meet each other's sockets. */
    static InetAddress randomPublicAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return ip("127.77." + r.nextInt(1, 255) + "." + r.nextInt(1, 255));
    }

    /** A port nothing listens on at the backend address (asked of the kernel, then released). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, BACKEND)) {
            return s.getLocalPort();
        }
    }

    static HttpServer http(InetAddress at, int port, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(at, port), 50);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server;
    }

    static HttpResponse<String> get(InetAddress host, int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.getHostAddress() + ":" + port + "/"))
                .timeout(Duration.ofSeconds(5)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    enum Outcome { CONNECTED, TIMEOUT, REFUSED }

    /** What a plain client's connect gets; any other failure is thrown. */
    static Outcome connect(InetAddress host, int port, Duration timeout) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return Outcome.CONNECTED;
        } catch (SocketTimeoutException e) {
            return Outcome.TIMEOUT;
        } catch (ConnectException e) {
            return Outcome.REFUSED;
        }
    }

    static List<String> gatewayThreads(InetAddress... addresses) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> List.of(addresses).stream().anyMatch(a -> {
                    String prefix = "labcheck-gw-" + a.getHostAddress();
                    return name.startsWith(prefix + ":") || name.startsWith(prefix + "-");
                }))
                .sorted().collect(Collectors.toList());
    }

    /**
     * Echoes each connection's bytes as they come, and after the client's end of stream (a half-close)
     * writes {@link #TRAILER} and closes: the trailer only arrives if the half-close went through.
     */
    static final class EchoServer implements AutoCloseable {
        static final byte[] TRAILER = "<eof seen>".getBytes(StandardCharsets.US_ASCII);
        private final ServerSocket server;

        EchoServer(InetAddress at, int port) throws IOException {
            server = new ServerSocket(port, 50, at);
            Thread t = new Thread(this::loop, "test-echo-" + port);
            t.setDaemon(true);
            t.start();
        }

        private void loop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> echo(s), "test-echo-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void echo(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                }
                out.write(TRAILER);
            } catch (IOException ignored) {
                // the test closed its side
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
