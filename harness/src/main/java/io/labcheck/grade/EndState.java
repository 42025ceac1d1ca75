package io.labcheck.grade;

import io.labcheck.lab.CloudAction;
import io.labcheck.lab.Command;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;
import io.labcheck.lab.StepKind;
import io.labcheck.lab.Where;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a lab leaves true when a student has finished it, read from its document, never from its setup commands: the
 * key it protects, the login it makes, the app it keeps listening on its port and answering from outside with what
 * the document shows, the units it enables. The same facts the document-driven run checks as it goes, taken at the end.
 */
public final class EndState {
    private static final Pattern CHMOD_KEY = Pattern.compile("\\bchmod\\s+(?:0?[46]00|u=rw?,go=|go-rwx)\\s+(\\S+\\.pem)\\b");
    private static final Pattern SSH = Pattern.compile("(^|\\s)ssh\\s+(?:-\\S+\\s+\\S+\\s+)*-i\\s");
    private static final Pattern URL = Pattern.compile("https?://([^/\\s:'\"]+)(?::(\\d+))?(/[^\\s'\"]*)?");
    private static final Pattern ENABLE = Pattern.compile("systemctl\\s+enable\\s+(?:--now\\s+)?([\\w@.-]+)");
    private static final Pattern UVICORN_PORT = Pattern.compile("(?:uvicorn|gunicorn|fastapi run)\\b.*?--(?:port|bind)[ =](?:\\S*:)?(\\d+)");
    private static final Pattern LOCAL = Pattern.compile("localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0");

    /** The lab's end state, in document order; empty when the document leaves nothing to check on a server. */
    public static List<Expectation> of(LabPlan plan) {
        List<Expectation> all = new ArrayList<>();
        Map<String, Expectation> byId = new LinkedHashMap<>();
        int appPort = 0;
        for (LabStep step : plan.steps()) {
            for (Command c : step.commands()) {
                Matcher port = UVICORN_PORT.matcher(c.text());
                if (step.where() == Where.SERVER && port.find()) {
                    appPort = Integer.parseInt(port.group(1));
                }
            }
        }
        for (LabStep step : plan.steps()) {
            if (step.skip()) {
                continue;
            }
            if (step.kind() == StepKind.CLOUD_ACTION) {
                cloudSide(step, byId);
                continue;
            }
            for (Command c : step.commands()) {
                String text = c.text();
                if (step.where() == Where.WORKSTATION) {
                    Matcher chmod = CHMOD_KEY.matcher(text);
                    if (chmod.find()) {
                        add(byId, new Expectation(Expectation.Kind.KEY_PROTECTED, "key-protected", "the key file "
                                + chmod.group(1) + " is readable by you alone, so ssh uses it", 1, step.section(),
                                chmod.group(1), 0, ""));
                    }
                    if (SSH.matcher(text).find()) {
                        add(byId, new Expectation(Expectation.Kind.SSH_LOGIN, "ssh-login", "ssh logs in with the key", 1,
                                step.section(), "", 22, ""));
                    }
                    if (text.strip().startsWith("curl")) {
                        Matcher url = URL.matcher(text);
                        if (url.find() && !LOCAL.matcher(url.group(1)).matches()) {
                            int port = url.group(2) == null ? 80 : Integer.parseInt(url.group(2));
                            String path = url.group(3) == null ? "/" : url.group(3);
                            String expected = !c.output().isBlank() ? c.output()
                                    : step.commands().size() == 1 ? step.expectedOutput() : "";
                            add(byId, new Expectation(Expectation.Kind.APP_ANSWERS, "app-answers " + path,
                                    "the app answers GET " + path + " from outside on port " + port
                                            + (expected.isBlank() ? "" : ", as the document shows"), 2, step.section(),
                                    path, port, expected));
                            if (appPort == 0 && port != 80 && port != 443) {
                                appPort = port;
                            }
                        }
                    }
                }
                if (step.where() == Where.SERVER) {
                    Matcher enable = ENABLE.matcher(text);
                    while (enable.find()) {
                        add(byId, new Expectation(Expectation.Kind.UNIT_RUNNING, "unit " + enable.group(1), "the "
                                + enable.group(1) + " service is enabled (it starts at boot) and active", 2,
                                step.section(), enable.group(1), 0, ""));
                    }
                }
            }
        }
        all.addAll(byId.values());
        if (appPort > 0) {
            int port = appPort;
            String section = all.stream().filter(e -> e.kind() == Expectation.Kind.APP_ANSWERS).map(Expectation::section)
                    .findFirst().orElse("");
            all.add(new Expectation(Expectation.Kind.APP_LISTENS, "app-listens " + port, "the app listens on port " + port
                    + " on all addresses (0.0.0.0), not on 127.0.0.1 alone", 2, section, "", port, ""));
        }
        return List.copyOf(all);
    }

    /** What the console steps leave in the account: the inbound rules the document adds, an associated Elastic IP. */
    private static void cloudSide(LabStep step, Map<String, Expectation> byId) {
        CloudAction a = step.cloud();
        if (a == null) {
            return;
        }
        if (a.action().equals("AuthorizeSecurityGroupIngress") && a.value("port").matches("\\d{1,5}")) {
            int port = Integer.parseInt(a.value("port"));
            String source = a.value("source");
            String from = source.equals("0.0.0.0/0") ? " from anywhere (0.0.0.0/0)" : source.isBlank() ? "" : " from " + source;
            add(byId, new Expectation(Expectation.Kind.PORT_ADMITTED, "admits " + port, "the security group admits port "
                    + port + from + " (the cloud's API)", 2, step.section(), source, port, ""));
        }
        if (a.action().equals("AssociateAddress")) {
            add(byId, new Expectation(Expectation.Kind.EIP_ASSOCIATED, "eip-associated", "an Elastic IP is associated"
                    + " with the instance, so its address survives a stop and start (the cloud's API)", 2, step.section(),
                    "", 0, ""));
        }
    }

    /** The first expectation with an id wins: the document asks once, however often it shows the command. */
    private static void add(Map<String, Expectation> byId, Expectation e) {
        byId.putIfAbsent(e.id(), e);
    }

    private EndState() {}
}
