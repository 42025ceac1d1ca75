package io.labcheck.lab.lint;

import io.labcheck.lab.LabPlan;
import io.labcheck.lab.ShellWords;
import io.labcheck.lab.SourceLine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An nginx site as nginx reads it: a directive without its semicolon swallows the next line; a certificate path no
 * step writes (when the document makes its own with openssl); {@code proxy_pass https://} to an app server that
 * speaks plain HTTP; a proxy to the very name the block serves, which loops back into nginx.
 */
final class NginxConfigRule implements LintRule {
    private static final Pattern CERT = Pattern.compile("^\\s*(ssl_certificate(?:_key)?)\\s+(\\S+?);");
    private static final Pattern PROXY = Pattern.compile("^\\s*proxy_pass\\s+(https?)://([^/:;\\s]+)(?::(\\d+))?");
    private static final Pattern SERVER_NAME = Pattern.compile("^\\s*server_name\\s+([^;]+);");

    @Override
    public List<LintFinding> check(LabPlan plan) {
        Set<String> certificates = new HashSet<>();
        boolean[] certbot = {false};
        Set<String> openssl = new HashSet<>(); // what openssl writes: the document makes its own certificates
        PlanCommands.each(plan, (step, c, at, w) -> {
            certbot[0] |= w.get(0).equals("certbot");
            if (w.get(0).equals("openssl")) {
                certificates.add(ShellWords.option(w, "-out"));
                openssl.add(ShellWords.option(w, "-out"));
                certificates.add(ShellWords.option(w, "-keyout"));
            }
            if ((w.get(0).equals("cp") || w.get(0).equals("mv")) && w.size() > 2) {
                certificates.add(w.get(w.size() - 1));
            }
        });
        certificates.remove("");
        boolean ownCertificates = certificates.stream().anyMatch(openssl::contains);
        Listeners net = Listeners.of(plan);
        List<LintFinding> findings = new ArrayList<>();
        // a site written to sites-available is served only once linked into sites-enabled
        boolean enables = plan.steps().stream().flatMap(s -> s.commands().stream())
                .anyMatch(c -> c.text().contains("sites-enabled"));
        WrittenFiles.of(plan).stream().filter(f -> f.path().startsWith("/etc/nginx/sites-available/") && !enables
                        && !f.path().endsWith("/default")) // the package links its default site itself
                .findFirst().ifPresent(f -> findings.add(new LintFinding(Severity.ERROR, "nginx.site-not-enabled",
                        "the site is written to " + f.path() + ", but no step links it into /etc/nginx/sites-enabled:"
                                + " nginx never reads it and keeps serving its default site; sudo ln -s " + f.path()
                                + " /etc/nginx/sites-enabled/", f.at(-1), f.at(-1))));
        for (WrittenFiles.File file : WrittenFiles.of(plan)) {
            if (!file.isNginx()) {
                continue;
            }
            String[] lines = file.lines();
            Set<String> names = new HashSet<>();
            for (String l : lines) {
                Matcher m = SERVER_NAME.matcher(l);
                if (m.find()) {
                    names.addAll(List.of(m.group(1).strip().split("\\s+")));
                }
            }
            for (int i = 0; i < lines.length; i++) {
                SourceLine at = file.at(i);
                String line = ShellWords.stripComment(lines[i]).stripTrailing();
                if (unterminated(lines, i, line)) {
                    findings.add(new LintFinding(Severity.ERROR, "nginx.syntax", "'" + line.strip() + "' has no ';' at"
                            + " its end: nginx reads on into the next line, and nginx -t rejects the site; end the"
                            + " directive with ';'", at, at));
                }
                Matcher cert = CERT.matcher(line);
                if (cert.find() && ownCertificates && !certificates.contains(cert.group(2)) && !certbotMade(cert.group(2), certbot[0])
                        && !cert.group(2).contains("snakeoil")) {
                    findings.add(new LintFinding(Severity.ERROR, "nginx.cert-missing", cert.group(1) + " is "
                            + cert.group(2) + ", which no step writes (openssl writes " + String.join(", ",
                            certificates.stream().sorted().toList()) + "): nginx -t fails with 'cannot load certificate';"
                            + " name the files openssl wrote", at, at));
                }
                Matcher proxy = PROXY.matcher(line);
                if (proxy.find()) {
                    proxy(proxy, names, net, at, findings);
                }
            }
        }
        return findings;
    }

    private static void proxy(Matcher proxy, Set<String> names, Listeners net, SourceLine at, List<LintFinding> findings) {
        String scheme = proxy.group(1);
        String host = proxy.group(2);
        int port = proxy.group(3) == null ? -1 : Integer.parseInt(proxy.group(3));
        boolean local = host.equals("localhost") || host.startsWith("127.") || host.equals("0.0.0.0");
        if (!local && names.contains(host) && !host.equals("_")) {
            findings.add(new LintFinding(Severity.ERROR, "nginx.proxy-self", "proxy_pass sends requests to " + host
                    + ", the name this site itself answers: nginx proxies to itself in a loop instead of reaching the"
                    + " app; proxy to the app's own address (http://127.0.0.1:<port>)", at, at));
            return;
        }
        if (scheme.equals("https") && port > 0) {
            net.on(port).stream().filter(l -> l.service().matches("(gunicorn|uvicorn|flask|http\\.server).*"))
                    .findFirst().ifPresent(app -> findings.add(new LintFinding(Severity.ERROR, "nginx.proxy-scheme",
                            "proxy_pass uses https:// to port " + port + ", where " + app.service().strip()
                                    + " speaks plain HTTP: nginx's TLS handshake fails and visitors get 502; use http://",
                            at, app.at())));
        }
    }

    private static boolean certbotMade(String path, boolean certbot) {
        return certbot && path.startsWith("/etc/letsencrypt/");
    }

    /** A directive line ending in neither ';' nor a brace, and not continued on a deeper-indented next line. */
    private static boolean unterminated(String[] lines, int i, String line) {
        String s = line.strip();
        if (s.isEmpty() || s.endsWith(";") || s.endsWith("{") || s.endsWith("}") || !s.matches("[a-z_]+(\\s.*)?")
                || s.matches("\\.+|…")) {
            return false;
        }
        int indent = line.length() - line.stripLeading().length();
        for (int j = i + 1; j < lines.length; j++) {
            String next = ShellWords.stripComment(lines[j]).stripTrailing();
            if (!next.isBlank()) {
                return next.length() - next.stripLeading().length() <= indent;
            }
        }
        return true;
    }
}
