package io.labcheck.lab.lint;

import io.labcheck.lab.Command;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;
import io.labcheck.lab.ShellWords;
import io.labcheck.lab.SourceLine;
import io.labcheck.lab.SshTarget;
import io.labcheck.lab.StepKind;
import io.labcheck.lab.Where;
import io.labcheck.lab.Urls;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The login user against the image: Ubuntu's is ubuntu, Amazon Linux's ec2-user, Debian's admin. */
final class LoginUserRule implements LintRule {

    /** The default login user of an image, "" if unknown. */
    static String userOf(String image) {
        String i = image.toLowerCase(Locale.ROOT);
        if (i.contains("ubuntu")) {
            return "ubuntu";
        }
        if (i.contains("amazon linux")) {
            return "ec2-user";
        }
        if (i.contains("debian")) {
            return "admin";
        }
        if (i.contains("centos")) {
            return "centos";
        }
        if (i.contains("rocky")) {
            return "rocky";
        }
        return "";
    }

    @Override
    public List<LintFinding> check(LabPlan plan) {
        LabStep image = plan.steps().stream().filter(s -> s.kind() == StepKind.CLOUD_ACTION
                && s.cloud().action().equals("ChooseImage")).findFirst().orElse(null);
        if (image == null || userOf(image.cloud().value("image")).isEmpty()) {
            return List.of();
        }
        String expected = userOf(image.cloud().value("image"));
        List<LintFinding> findings = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        // a VPS (a droplet, a Hetzner or Linode server) logs in as root; EC2 and Lightsail images do not
        if (!onAws(plan)) {
            reported.add("root");
        }
        for (LabStep step : plan.steps()) {
            if (step.kind() == StepKind.RUN && step.where() == Where.SERVER) {
                // a user the document creates on the server is one it may log in as later
                step.commands().stream().flatMap(c -> c.simpleCommands().stream()).map(ShellWords::program)
                        .filter(w -> w.size() > 1 && (w.get(0).equals("adduser") || w.get(0).equals("useradd")))
                        .forEach(w -> reported.add(w.get(w.size() - 1)));
            }
            if (step.kind() == StepKind.WRITE_FILE && step.file().path().endsWith(".service")) {
                String[] lines = step.file().content().split("\n");
                for (int i = 0; i < lines.length; i++) {
                    if (lines[i].strip().startsWith("User=")) {
                        String user = lines[i].strip().substring(5).strip();
                        if (!user.equals(expected) && !user.equals("root") && !user.equals("www-data") && reported.add(user)) {
                            findings.add(finding("the unit file runs as " + user, user, expected, image,
                                    new SourceLine(step.file().line() + i, step.at().headings())));
                        }
                    }
                }
            }
            if (step.kind() != StepKind.RUN) {
                continue;
            }
            for (Command c : step.commands()) {
                SourceLine at = new SourceLine(c.line(), step.at().headings());
                String promptUser = c.prompt().contains("@") ? c.prompt().substring(0, c.prompt().indexOf('@'))
                        .replaceFirst("^\\(.*\\)\\s*", "").replace("[", "") : "";
                // a prompt on the workstation shows the reader's own user (you@laptop), not the server's
                if (step.where() == Where.SERVER && !promptUser.isEmpty() && !promptUser.equals(expected) && !promptUser.equals("root") && reported.add(promptUser)) {
                    findings.add(finding("the prompt shows " + promptUser, promptUser, expected, image, at));
                }
                for (String simple : c.simpleCommands()) {
                    List<String> w = ShellWords.program(simple);
                    if (!w.isEmpty() && w.get(0).equals("ssh")) {
                        SshTarget t = SshTarget.of(w);
                        if (t != null && Urls.isServerAddress(t.host()) && !t.user().isEmpty() && !t.user().startsWith("$")
                                && !t.user().equals(expected) && reported.add(t.user())) {
                            findings.add(finding("ssh logs in as " + t.user(), t.user(), expected, image, at));
                        }
                    }
                }
            }
        }
        return findings;
    }

    /** Whether the document is about AWS's images (EC2, Lightsail), whose login users are not root. */
    static boolean onAws(LabPlan plan) {
        StringBuilder text = new StringBuilder(plan.title());
        plan.steps().forEach(s -> text.append('\n').append(String.join(" ", s.at().headings())));
        String t = text.toString().toLowerCase(Locale.ROOT);
        return t.contains("ec2") || t.contains("aws") || t.contains("amazon") || t.contains("lightsail");
    }

    private static LintFinding finding(String what, String user, String expected, LabStep image, SourceLine at) {
        return new LintFinding(Severity.ERROR, "login.user", what + ", but the image is " + image.cloud().value("image")
                + ", whose login user is " + expected + " (" + user + " does not exist there): use " + expected, at, image.at());
    }
}
