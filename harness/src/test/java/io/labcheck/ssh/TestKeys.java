package io.labcheck.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** Key pairs made at run time and written the way EC2 hands them out. */
final class TestKeys {

    /** A generated key pair and the file its private key was written to. */
    record KeyFile(KeyPair pair, Path path) {}

    enum Type {
        /** {@code -----BEGIN RSA PRIVATE KEY-----} (PKCS#1 PEM), EC2's RSA format. */
        RSA("-----BEGIN RSA PRIVATE KEY-----"),
        /** {@code -----BEGIN OPENSSH PRIVATE KEY-----}, EC2's ED25519 format. */
        ED25519("-----BEGIN OPENSSH PRIVATE KEY-----");

        final String firstLine;

        Type(String firstLine) {
            this.firstLine = firstLine;
        }
    }

    static KeyPair generate(Type type) throws GeneralSecurityException {
        if (type == Type.RSA) {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            return gen.generateKeyPair();
        }
        return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    }

    static String privateKeyText(Type type, KeyPair pair) throws IOException, GeneralSecurityException {
        if (type == Type.RSA) {
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(pair.getPrivate());
            }
            return pem.toString();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "labcheck-test", null, out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** Generates a key and writes it to {@code dir/name} with {@code mode}; never readable by others meanwhile. */
    static KeyFile write(Path dir, String name, Type type, int mode) throws IOException, GeneralSecurityException {
        KeyPair pair = generate(type);
        Path path = dir.resolve(name);
        writeText(path, privateKeyText(type, pair), mode);
        return new KeyFile(pair, path);
    }

    static void writeText(Path path, String text, int mode) throws IOException {
        Files.deleteIfExists(path);
        Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(path, text, StandardCharsets.US_ASCII);
        chmod(path, mode);
    }

    static void chmod(Path path, int mode) throws IOException {
        StringBuilder s = new StringBuilder();
        String rwx = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            s.append((mode & (1 << bit)) != 0 ? rwx.charAt(8 - bit) : '-');
        }
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(s.toString()));
    }

    private TestKeys() {}
}
