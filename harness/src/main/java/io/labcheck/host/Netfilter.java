package io.labcheck.host;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether an instance's own firewall (ufw, or iptables rules of the student's) may keep out a connection to
 * something that listens: read from its network namespace's filter table on this machine ({@code nsenter} into
 * it, {@code iptables -S}), without a connection the instance sees. Its socket table says what listens; this
 * says whether that is the whole story.
 */
final class Netfilter {
    private static final Logger LOG = LoggerFactory.getLogger(Netfilter.class);
    private static final Pattern JUMP = Pattern.compile("\\s-[jg]\\s+(\\S+)");
    private static volatile boolean unreadableSaid;

    private Netfilter() {}

    /**
     * Whether the INPUT chain of {@code pid}'s network namespace can drop or reject: its policy is not ACCEPT, or a
     * rule it reaches (through jumps) drops or rejects. False when the table cannot be read here (not root, no
     * iptables on this machine): said once in the log, since a firewall turned on in an instance then goes unseen.
     */
    static boolean filtersIncoming(long pid) {
        if (pid <= 0) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("nsenter", "--net=/proc/" + pid + "/ns/net", "iptables", "-S")
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                unreadable(out.strip());
                return false;
            }
            return filtersIncoming(out);
        } catch (java.io.IOException e) {
            unreadable(e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What {@code iptables -S} printed: whether INPUT can drop or reject. */
    static boolean filtersIncoming(String rules) {
        Map<String, List<String>> targets = new HashMap<>();
        boolean dropsByPolicy = false;
        for (String line : rules.lines().map(String::strip).toList()) {
            String[] f = line.split("\\s+");
            if (f.length >= 3 && f[0].equals("-P") && f[1].equals("INPUT")) {
                dropsByPolicy = !f[2].equals("ACCEPT");
            } else if (f.length >= 2 && f[0].equals("-A")) {
                Matcher j = JUMP.matcher(line);
                if (j.find()) {
                    targets.computeIfAbsent(f[1], k -> new java.util.ArrayList<>()).add(j.group(1));
                }
            }
        }
        if (dropsByPolicy) {
            return true;
        }
        Deque<String> todo = new ArrayDeque<>(List.of("INPUT"));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String chain = todo.pop();
            if (!seen.add(chain)) {
                continue;
            }
            for (String t : targets.getOrDefault(chain, List.of())) {
                if (t.equals("DROP") || t.equals("REJECT")) {
                    return true;
                }
                todo.push(t);
            }
        }
        return false;
    }

    private static void unreadable(String why) {
        if (!unreadableSaid) {
            unreadableSaid = true;
            LOG.warn("the instances' own firewalls cannot be read here (nsenter ... iptables -S: {}): a firewall turned on in"
                    + " an instance goes unseen by its public address, which then forwards what listens", why);
        }
    }
}
