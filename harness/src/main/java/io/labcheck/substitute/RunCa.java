package io.labcheck.substitute;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

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
 * A certificate authority made for one run and trusted only by that run's instances: it signs the certificates
 * of the HTTPS servers that stand in for the internet (the downloads, the ACME directory), so the student's
 * curl and certbot verify them as they would the real ones. Its key never leaves this process.
 */
public final class RunCa {
    private static final Duration VALID = Duration.ofDays(2);

    /** A certificate and its private key, both PEM. */
    public record Issued(String certificatePem, String privateKeyPem, SSLContext serverContext) {}

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final X500Name name = new X500Name("CN=labcheck substitutes CA (this run only)");

    private RunCa() throws GeneralSecurityException {
        try {
            this.keys = rsa().generateKeyPair();
            Instant now = Instant.now();
            this.certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                    serial(), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALID)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        } catch (GeneralSecurityException e) {
            throw e;
        } catch (Exception e) {
            throw new GeneralSecurityException("could not make the run's CA: " + e.getMessage(), e);
        }
    }

    public static RunCa create() throws IOException {
        try {
            return new RunCa();
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The CA's certificate, PEM: what an instance adds to its certificate store. */
    public String pem() {
        return pem(certificate);
    }

    /** A server certificate for {@code names} (host names, or IPv4 addresses written as such). */
    public Issued issue(List<String> names) throws IOException {
        try {
            KeyPair leafKeys = rsa().generateKeyPair();
            Instant now = Instant.now();
            GeneralName[] alt = names.stream()
                    .map(n -> new GeneralName(n.matches("\\d{1,3}(\\.\\d{1,3}){3}") ? GeneralName.iPAddress : GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new);
            X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                    serial(), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALID)),
                    new X500Name("CN=" + names.get(0)), leafKeys.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "labcheck".toCharArray();
            store.setKeyEntry("server", leafKeys.getPrivate(), password, new java.security.cert.Certificate[] {leaf, certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, new SecureRandom());
            return new Issued(pem(leaf) + pem(certificate), pem(leafKeys.getPrivate()), tls);
        } catch (Exception e) {
            throw new IOException("could not issue a certificate for " + names + " from the run's CA: " + e.getMessage(), e);
        }
    }

    /** A client context that trusts this CA alone (what labcheck itself uses to talk to its stand-ins). */
    public SSLContext trusting() throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("labcheck-run-ca", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), new SecureRandom());
            return tls;
        } catch (Exception e) {
            throw new IOException("could not trust the run's CA: " + e.getMessage(), e);
        }
    }

    private static KeyPairGenerator rsa() throws GeneralSecurityException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        return rsa;
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    private static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }
}
