package io.labcheck.cloud.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Key pairs as EC2 hands them out: RSA as a PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}), ED25519 in
 * OpenSSH's own format ({@code BEGIN OPENSSH PRIVATE KEY}), with fingerprints computed the way AWS
 * documents them.
 */
final class KeyMaterial {

    /** What is kept of a key pair: never the private key, as on AWS. */
    record Public(String keyType, String openSshLine, String fingerprint) {}

    record Created(Public publicPart, String privateKeyPem) {}

    static Created create(String keyType, String keyName) {
        try {
            return switch (keyType) {
                case "rsa" -> createRsa(keyName);
                case "ed25519" -> createEd25519(keyName);
                default -> throw Ec2Error.invalidValue("KeyType", keyType);
            };
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot generate a " + keyType + " key pair", e);
        }
    }

    private static Created createRsa(String keyName) throws GeneralSecurityException, IOException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair kp = gen.generateKeyPair();
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(kp.getPrivate()); // traditional OpenSSL form: BEGIN RSA PRIVATE KEY
        }
        // AWS: for RSA key pairs it creates, the SHA-1 digest of the DER-encoded PKCS#8 private key.
        String fingerprint = colonHex(digest("SHA-1", kp.getPrivate().getEncoded()));
        String line = PublicKeyEntry.toString(kp.getPublic()) + " " + keyName;
        return new Created(new Public("rsa", line, fingerprint), pem.toString().trim());
    }

    private static Created createEd25519(String keyName) throws GeneralSecurityException, IOException {
        KeyPair kp = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(kp, keyName, null, out);
        String line = PublicKeyEntry.toString(kp.getPublic()) + " " + keyName;
        return new Created(new Public("ed25519", line, sha256Fingerprint(line)), out.toString(StandardCharsets.US_ASCII).trim());
    }

    /**
     * Parses an imported public key (the OpenSSH one-line format EC2 accepts). Errors carry EC2's
     * {@code InvalidKey.Format} code.
     */
    static Public importKey(String keyName, byte[] material) {
        String line = new String(material, StandardCharsets.UTF_8).trim();
        PublicKey key;
        try {
            PublicKeyEntry entry = PublicKeyEntry.parsePublicKeyEntry(line);
            if (entry == null) {
                throw new IllegalArgumentException("empty");
            }
            key = entry.resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
        } catch (RuntimeException | IOException | GeneralSecurityException e) {
            throw new Ec2Error("InvalidKey.Format", "Key is not in valid OpenSSH public key format");
        }
        if (key == null) {
            throw new Ec2Error("InvalidKey.Format", "Key is not in valid OpenSSH public key format");
        }
        String canonical = PublicKeyEntry.toString(key) + " " + keyName;
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits != 1024 && bits != 2048 && bits != 4096) {
                throw new Ec2Error("InvalidKey.Format",
                        "Invalid RSA key length " + bits + ". Supported lengths are 1024, 2048, and 4096.");
            }
            // AWS: for imported RSA keys, the MD5 digest of the DER-encoded public key.
            return new Public("rsa", canonical, colonHex(digest("MD5", key.getEncoded())));
        }
        if (KeyPairProvider.SSH_ED25519.equals(KeyUtils.getKeyType(key))) {
            return new Public("ed25519", canonical, sha256Fingerprint(canonical));
        }
        throw new Ec2Error("InvalidKey.Format",
                "Key is not in valid OpenSSH public key format (only ssh-rsa and ssh-ed25519 keys can be imported)");
    }

    /** OpenSSH's SHA256 fingerprint of the key blob, base64 with padding as AWS shows it. */
    private static String sha256Fingerprint(String openSshLine) {
        byte[] blob = Base64.getDecoder().decode(openSshLine.split(" ")[1]);
        return Base64.getEncoder().encodeToString(digest("SHA-256", blob));
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    private static String colonHex(byte[] bytes) {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }

    private KeyMaterial() {}
}
