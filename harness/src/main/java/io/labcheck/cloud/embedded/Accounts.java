package io.labcheck.cloud.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call the embedded cloud. {@link #open()}: anyone, with any credentials, as one account (a single user's
 * practice cloud on loopback). {@link #of}: each access key is an account of its own, its requests' SigV4
 * signatures checked against its secret, its resources seen by it alone (a classroom sharing one machine).
 */
public final class Accounts {
    /** One account: a name for people, its access key pair, and the 12-digit id EC2 shows as the owner. */
    public record Account(String name, String accessKeyId, String secretAccessKey, String ownerId) {
        @Override
        public String toString() {
            return name + " (" + accessKeyId + ", account " + ownerId + ")"; // never the secret
        }
    }

    private static final Set<String> NAME_COLUMNS = Set.of("name", "user", "user name", "student");
    private static final Set<String> KEY_COLUMNS = Set.of("access_key_id", "access key id", "aws_access_key_id");
    private static final Set<String> SECRET_COLUMNS = Set.of("secret_access_key", "secret access key",
            "aws_secret_access_key");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final Map<String, Account> byKey;

    private Accounts(Map<String, Account> byKey) {
        this.byKey = byKey;
    }

    private static final Accounts OPEN = new Accounts(Map.of());

    public static Accounts open() {
        return OPEN;
    }

    public static Accounts of(List<Account> accounts) {
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("no accounts: give at least one, or use Accounts.open()");
        }
        Map<String, Account> byKey = new LinkedHashMap<>();
        Set<String> owners = new java.util.HashSet<>();
        for (Account a : accounts) {
            if (byKey.put(a.accessKeyId(), a) != null) {
                throw new IllegalArgumentException("access key " + a.accessKeyId() + " is given twice");
            }
            if (!owners.add(a.ownerId())) {
                throw new IllegalArgumentException("account id " + a.ownerId() + " is given twice");
            }
        }
        return new Accounts(java.util.Collections.unmodifiableMap(byKey)); // in the order given: the first is the harness's
    }

    /** {@code count} accounts named {@code prefix}01, 02, ... with fresh random keys. */
    public static Accounts generate(int count, String prefix) {
        if (count < 1 || count > 999) {
            throw new IllegalArgumentException("between 1 and 999 accounts, not " + count);
        }
        List<Account> accounts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            accounts.add(new Account(String.format(Locale.ROOT, "%s%02d", prefix, i), "AKIA" + random(KEY_ALPHABET, 16),
                    random(SECRET_ALPHABET, 40), ownerId(i)));
        }
        return of(accounts);
    }

    /**
     * Reads a CSV with a header naming its columns: a name (name, user, student; optional), the access key id and the
     * secret access key (as the console's credentials download names them, or access_key_id / secret_access_key).
     * Every problem names the line and what to fix.
     */
    public static Accounts read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(csv + " is empty: it needs a header (name,access_key_id,secret_access_key)"
                    + " and a line per account");
        }
        List<String> header = cells(lines.get(0)).stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        int name = column(header, NAME_COLUMNS);
        int key = column(header, KEY_COLUMNS);
        int secret = column(header, SECRET_COLUMNS);
        if (key < 0 || secret < 0) {
            throw new IllegalArgumentException(csv + ": the first line must name the columns, with access_key_id and"
                    + " secret_access_key among them (found: " + String.join(",", header) + ")");
        }
        List<Account> accounts = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> c = cells(lines.get(i));
            int lineNo = i + 1;
            String k = cell(c, key);
            String s = cell(c, secret);
            if (!k.matches("[A-Z0-9]{16,128}")) {
                throw new IllegalArgumentException(csv + " line " + lineNo + ": '" + k + "' is not an access key id"
                        + " (16 or more upper-case letters and digits, such as AKIA...)");
            }
            if (s.length() < 16) {
                throw new IllegalArgumentException(csv + " line " + lineNo + ": the secret access key is missing or"
                        + " shorter than 16 characters");
            }
            String n = name < 0 || cell(c, name).isEmpty() ? "account" + i : cell(c, name);
            accounts.add(new Account(n, k, s, ownerId(i)));
        }
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException(csv + " has a header and no account: add a line per account");
        }
        try {
            return of(accounts);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(csv + ": " + e.getMessage(), e);
        }
    }

    /** Writes the accounts as a CSV only its owner can read: it holds the secrets. */
    public void write(Path csv) throws IOException {
        StringBuilder out = new StringBuilder("name,access_key_id,secret_access_key,account_id\n");
        for (Account a : list()) {
            out.append(a.name()).append(',').append(a.accessKeyId()).append(',').append(a.secretAccessKey()).append(',')
                    .append(a.ownerId()).append('\n');
        }
        Files.deleteIfExists(csv);
        Files.createFile(csv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(csv, out);
    }

    public boolean isOpen() {
        return byKey.isEmpty();
    }

    public List<Account> list() {
        return List.copyOf(byKey.values());
    }

    public Optional<Account> byAccessKey(String accessKeyId) {
        return Optional.ofNullable(byKey.get(accessKeyId));
    }

    private static String ownerId(int index) {
        return String.format(Locale.ROOT, "2000%08d", index);
    }

    private static String random(String alphabet, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static int column(List<String> header, Set<String> names) {
        for (int i = 0; i < header.size(); i++) {
            if (names.contains(header.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        for (String c : line.split(",", -1)) {
            out.add(c.trim().replaceAll("^\"|\"$", ""));
        }
        return out;
    }

    private static String cell(List<String> cells, int index) {
        return index < cells.size() ? cells.get(index) : "";
    }

    @Override
    public String toString() {
        return isOpen() ? "open (any credentials, one account)" : byKey.size() + " accounts";
    }
}
