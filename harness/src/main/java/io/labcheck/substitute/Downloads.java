package io.labcheck.substitute;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

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

    /** Starts the server on {@code address} (one the instances reach), on a free port. */
    public static Downloads start(String address) throws IOException {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            KeyPair caKeys = rsa.generateKeyPair();
            X500Name caName = new X500Name("CN=labcheck substitutes CA (this run only)");
            Instant now = Instant.now();
            Date from = Date.from(now.minus(Duration.ofHours(1)));
            Date until = Date.from(now.plus(Duration.ofDays(2)));
            var signer = new JcaContentSignerBuilder("SHA256withRSA");
            var converter = new JcaX509CertificateConverter();
            X509Certificate ca = converter.getCertificate(new JcaX509v3CertificateBuilder(caName, serial(), from, until,
                    caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .build(signer.build(caKeys.getPrivate())));
            KeyPair keys = rsa.generateKeyPair();
            Set<String> hosts = new LinkedHashSet<>();
            SUBSTITUTES.forEach(s -> hosts.add(s.host()));
            GeneralName[] names = hosts.stream().map(h -> new GeneralName(GeneralName.dNSName, h)).toArray(GeneralName[]::new);
            X509Certificate leaf = converter.getCertificate(new JcaX509v3CertificateBuilder(caName, serial(), from, until,
                    new X500Name("CN=" + hosts.iterator().next()), keys.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .build(signer.build(caKeys.getPrivate())));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "labcheck".toCharArray();
            store.setKeyEntry("downloads", keys.getPrivate(), password, new java.security.cert.Certificate[] {leaf, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, new SecureRandom());

            HttpsServer server = HttpsServer.create(new InetSocketAddress(address, 0), 16);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "labcheck-downloads");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(threads);
            Downloads downloads = new Downloads(server, threads, pem(ca));
            server.createContext("/", downloads::handle);
            server.start();
            return downloads;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("could not make the certificates of the downloads' stand-in: " + e.getMessage(), e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    private static String pem(X509Certificate cert) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(cert);
        }
        return out.toString();
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
