package io.labcheck.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The document's placeholders bound to the run's real values: the server's address ({@code <public-ip>},
 * {@code my_server_ip}, {@code YOUR_EC2_PUBLIC_IP}, {@code <퍼블릭-IP>}, {@code {public_ip}}, and, where a
 * command reaches the server from outside, an example address such as {@code 43.200.244.121}) and the key
 * file ({@code <your-key>.pem}). Every binding used is remembered for the report.
 */
public final class Bindings {
    private static final Pattern ADDRESS_PLACEHOLDER = Pattern.compile(
            "<(?=[^<>\\s]*(?:[-_A-Z]|[가-힣]))[^<>\\s]*(?i:ip|주소|address|host|server)[^<>\\s]*>"
                    + "|\\{public_ip\\}|\\$\\{?PUBLIC_IP\\}?"
                    + "|(?i)\\b(?:my[_-]?server[_-]?ip|your[_-]?(?:ec2[_-]?|server[_-]?|instance[_-]?)?(?:public[_-]?)?ip(?:[_-]?address)?|server[_-]ip|public[_-]ip)\\b");
    private static final Pattern KEY_PLACEHOLDER = Pattern.compile("<[^<>\\s]*(?i:key)[^<>\\s]*>(\\.pem)?|(?i)\\byour[_-]?key(?:[_-]?(?:pair|name))?\\.pem\\b");
    /** An IPv4 address written in a URL or after user@: an example of the server's address. */
    private static final Pattern EXAMPLE_ADDRESS = Pattern.compile("(?<=(?:https?://|@))(\\d{1,3}(?:\\.\\d{1,3}){3})(?![\\d.])");

    private final Map<String, String> used = new LinkedHashMap<>();
    private String publicIp;
    private String keyFile;

    /**
     * Whether a URL the document opens is the student's server: its host is an address (an example one included),
     * localhost or a placeholder for the address. A named host (the provider's console, a tutorial site) is a
     * page on the internet.
     */
    public static boolean pointsAtServer(String url) {
        if (ADDRESS_PLACEHOLDER.matcher(url).find()) {
            return true;
        }
        java.util.regex.Matcher host = Pattern.compile("^[a-z]+://([^/:?#]+)").matcher(url.strip());
        return !host.find() || host.group(1).matches("\\d{1,3}(\\.\\d{1,3}){3}|localhost|\\[.*\\]");
    }

    public void publicIp(String ip) {
        this.publicIp = ip;
    }

    public void keyFile(String name) {
        this.keyFile = name;
    }

    public String publicIp() {
        return publicIp;
    }

    /** Placeholders replaced; {@code fromOutside} also binds example addresses (a workstation or browser step). */
    public String bind(String text, boolean fromOutside) {
        String out = text;
        if (publicIp != null) {
            out = replace(out, ADDRESS_PLACEHOLDER, publicIp);
            if (fromOutside) {
                Matcher m = EXAMPLE_ADDRESS.matcher(out);
                StringBuilder sb = new StringBuilder();
                while (m.find()) {
                    String ip = m.group(1);
                    boolean example = !ip.startsWith("127.") && !ip.equals("0.0.0.0") && !ip.equals(publicIp);
                    if (example) {
                        used.put(ip, publicIp);
                    }
                    m.appendReplacement(sb, Matcher.quoteReplacement(example ? publicIp : ip));
                }
                m.appendTail(sb);
                out = sb.toString();
            }
        }
        if (keyFile != null) {
            out = replace(out, KEY_PLACEHOLDER, keyFile);
        }
        return out;
    }

    private String replace(String text, Pattern p, String value) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            used.put(m.group(), value);
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Every placeholder bound so far, with its value. */
    public Map<String, String> used() {
        return Map.copyOf(used);
    }
}
