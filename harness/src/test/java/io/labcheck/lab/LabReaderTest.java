package io.labcheck.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reader on small documents written for it: lab/constructs.md and inline ones. */
class LabReaderTest {

    static LabPlan constructs() throws IOException {
        try (InputStream in = LabReaderTest.class.getResourceAsStream("/lab/constructs.md")) {
            return LabPlan.parse("constructs.md", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static LabStep stepAt(LabPlan plan, int line) {
        return plan.steps().stream().filter(s -> s.at().line() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no step at line " + line + ": " + PlanText.render(plan)));
    }

    @Test
    void sshLogsInAndLaterBlocksRunOnTheServerAsTheLoginUser() throws IOException {
        LabPlan plan = constructs();
        LabStep login = stepAt(plan, 9);
        assertThat(login.where()).isEqualTo(Where.WORKSTATION);
        assertThat(login.commands()).extracting(Command::text)
                .containsExactly("chmod 400 demo-key.pem", "ssh -i demo-key.pem ubuntu@203.0.113.10");
        LabStep install = stepAt(plan, 16);
        assertThat(install.where()).isEqualTo(Where.SERVER);
        assertThat(install.section()).isEqualTo("2. On the server");
        assertThat(install.at().headings()).containsExactly("Tiny lab: every construct the reader handles", "2. On the server");
    }

    @Test
    void continuationLinesAreJoinedAndChainsSplitAndSudoRunsAsRoot() throws IOException {
        LabStep install = stepAt(constructs(), 16);
        Command first = install.commands().get(0);
        assertThat(first.text()).isEqualTo("sudo apt-get update && sudo apt-get install -y python3-venv");
        assertThat(first.simpleCommands()).containsExactly("sudo apt-get update", "sudo apt-get install -y python3-venv");
        assertThat(first.usesSudo()).isTrue();
        assertThat(first.user()).isEqualTo("root");
        Command second = install.commands().get(1);
        assertThat(second.line()).isEqualTo(18);
        assertThat(second.user()).isEqualTo("ubuntu");
        assertThat(second.simpleCommands()).containsExactly("cd ~", "python3 -m venv venv");
    }

    @Test
    void promptsSayWhoRunsTheCommandAndWhatFollowsIsItsOutput() throws IOException {
        LabPlan plan = constructs();
        LabStep session = stepAt(plan, 22);
        assertThat(session.commands()).extracting(Command::text).containsExactly("whoami", "which python3");
        assertThat(session.commands()).extracting(Command::prompt).containsExactly("ubuntu@demo-host:~$ ", "(venv) $ ");
        assertThat(session.commands().get(0).output()).isEqualTo("ubuntu");
        assertThat(session.commands().get(1).output()).isEqualTo("/home/ubuntu/venv/bin/python3");
        LabStep amazon = stepAt(plan, 29);
        assertThat(amazon.commands().get(0).user()).isEqualTo("ec2-user");
        assertThat(amazon.expectedOutput()).isEqualTo("6.1.0");
    }

    @Test
    void aBlockOfHashPromptsIsARootSessionButHashCommentsElsewhereAreComments() throws IOException {
        LabPlan plan = constructs();
        LabStep root = stepAt(plan, 34);
        assertThat(root.commands()).extracting(Command::text).containsExactly("apt-get install -y nginx", "systemctl restart nginx");
        assertThat(root.commands()).extracting(Command::user).containsOnly("root");
        assertThat(plan.steps()).flatExtracting(LabStep::commands).extracting(Command::text)
                .noneMatch(t -> t.contains("On your machine") || t.contains("the venv module"));
    }

    @Test
    void anEditorCommandFollowedByTheFileIsOneWriteStep() throws IOException {
        LabPlan plan = constructs();
        LabStep app = stepAt(plan, 41);
        assertThat(app.kind()).isEqualTo(StepKind.WRITE_FILE);
        assertThat(app.file()).isEqualTo(new FileContent("app.py", "python", "print(\"hello\")\n", 45));
        LabStep unit = stepAt(plan, 51);
        assertThat(unit.file().path()).isEqualTo("/etc/systemd/system/demo.service");
        assertThat(unit.file().language()).isEqualTo("ini");
        assertThat(unit.commands().get(0).usesSudo()).isTrue();
    }

    @Test
    void anEditorWhoseNextBlockIsNotItsFileStaysAnInteractiveEdit() {
        LabPlan plan = LabPlan.parse("edit.md", """
                # Lab
                ```bash
                vim .env
                ```
                Never do this:
                ```python
                SECRET = "x"
                ```
                """);
        assertThat(plan.steps()).hasSize(1);
        assertThat(plan.steps().get(0).kind()).isEqualTo(StepKind.RUN);
        assertThat(plan.steps().get(0).commands().get(0).text()).isEqualTo("vim .env");
    }

    @Test
    void aHeredocKeepsItsBodyOnTheCommand() throws IOException {
        Command cat = stepAt(constructs(), 62).commands().get(0);
        assertThat(cat.text()).isEqualTo("cat > /tmp/motd <<'EOF2'");
        assertThat(cat.heredoc()).isEqualTo("hello from the lab\n");
    }

    @Test
    void anOutputBlockAfterACommandIsItsExpectedOutput() throws IOException {
        LabStep curl = stepAt(constructs(), 70);
        assertThat(curl.where()).isEqualTo(Where.SERVER);
        assertThat(curl.expectedOutput()).isEqualTo("{\"ok\": true}");
    }

    @Test
    void powershellRunsOnTheWorkstationAndKeepsWindowsPaths() throws IOException {
        LabStep ps = stepAt(constructs(), 78);
        assertThat(ps.where()).isEqualTo(Where.WORKSTATION);
        List<String> words = ShellWords.words(ps.commands().get(0).text());
        assertThat(words).contains("C:\\Users\\me\\demo-key.pem");
    }

    @Test
    void aBareUrlIsABrowserStep() throws IOException {
        LabStep browse = stepAt(constructs(), 84);
        assertThat(browse.kind()).isEqualTo(StepKind.BROWSE);
        assertThat(browse.where()).isEqualTo(Where.BROWSER);
        assertThat(browse.url()).isEqualTo("http://203.0.113.10:8000/");
    }

    @Test
    void consoleStepsComeFromProseAndPlainBlocksWhenTheValuesAreNamed() throws IOException {
        LabPlan plan = constructs();
        assertThat(plan.steps(Where.CLOUD)).extracting(s -> s.cloud().toString()).containsExactly(
                "ChooseInstanceType {instanceType=t3.small}", "CreateKeyPair {keyName=demo-key}",
                "AuthorizeSecurityGroupIngress {port=22, source=My IP}",
                "AuthorizeSecurityGroupIngress {port=8000, source=0.0.0.0/0}");
        assertThat(plan.steps(Where.CLOUD).get(2).at().line()).isEqualTo(91);
    }

    @Test
    void examplesAfterAWhyQuestionAndWordByWordExplanationsAreNotSteps() throws IOException {
        LabPlan plan = constructs();
        assertThat(plan.steps()).noneMatch(s -> s.section().equals("5. Explanation"));
        assertThat(plan.steps()).hasSize(15);
    }

    @Test
    void troubleshootingEntriesHaveSymptomCausesAndCommandsByRole() {
        LabPlan plan = LabPlan.parse("t.md", """
                # Lab
                ```bash
                ssh -i k.pem ubuntu@203.0.113.10
                ```
                ## Troubleshooting
                ### Problem 1: the page does not load
                **Symptom**
                ```
                curl: (7) Failed to connect
                ```
                **Cause 1: bound to localhost**
                ```bash
                # wrong
                uvicorn main:app --host 127.0.0.1
                # right
                uvicorn main:app --host 0.0.0.0
                ```
                **Cause 2: not running**
                ```bash
                ps aux | grep uvicorn
                ```
                ### Problem 2: out of memory
                **Symptom**
                ```
                MemoryError
                ```
                **Fix**
                ```bash
                free -h
                sudo swapon /swapfile
                ```
                """);
        assertThat(plan.steps()).hasSize(1);
        assertThat(plan.troubleshooting()).extracting(TroubleshootingEntry::problem)
                .containsExactly("Problem 1: the page does not load", "Problem 2: out of memory");
        TroubleshootingEntry first = plan.troubleshooting().get(0);
        assertThat(first.symptom()).isEqualTo("curl: (7) Failed to connect");
        assertThat(first.at().line()).isEqualTo(6);
        assertThat(first.at().headings()).containsExactly("Lab", "Troubleshooting", "Problem 1: the page does not load");
        assertThat(first.causes()).extracting(TroubleshootingEntry.Cause::title)
                .containsExactly("Cause 1: bound to localhost", "Cause 2: not running");
        assertThat(first.faultCommands()).extracting(Command::text).containsExactly("uvicorn main:app --host 127.0.0.1");
        assertThat(first.fixCommands()).extracting(Command::text).containsExactly("uvicorn main:app --host 0.0.0.0");
        assertThat(first.checkCommands()).extracting(Command::text).containsExactly("ps aux | grep uvicorn");
        TroubleshootingEntry second = plan.troubleshooting().get(1);
        assertThat(second.causes()).isEmpty();
        assertThat(second.checkCommands()).extracting(Command::text).containsExactly("free -h");
        assertThat(second.fixCommands()).extracting(Command::text).containsExactly("sudo swapon /swapfile");
    }

    @Test
    void commentsNamingAlternativesSplitABlockIntoStepsThatAreEachOneWay() {
        LabPlan plan = LabPlan.parse("alt.md", """
                # Lab
                ## Get the code
                ```bash
                cd ~
                # Option 1: clone it
                git clone https://github.com/example-org/app.git
                cd app
                # Option 2: start from an empty folder
                mkdir -p ~/app
                cd ~/app
                ```
                ## Install
                ```bash
                # install the tools
                pip install -r requirements.txt
                # one comment that merely mentions option 3 is not a choice
                ```
                """);
        assertThat(plan.steps()).extracting(LabStep::summary).containsExactly("cd ~",
                "git clone https://github.com/example-org/app.git ; cd app", "mkdir -p ~/app ; cd ~/app",
                "pip install -r requirements.txt");
        assertThat(plan.steps().get(0).alternativeOf()).isEmpty();
        assertThat(plan.steps().get(1).alternativeOf()).hasValue(new Alternative(5, 1, "Option 1: clone it", 2, 0));
        assertThat(plan.steps().get(2).alternativeOf()).hasValue(new Alternative(5, 2, "Option 2: start from an empty folder", 2, 0));
        assertThat(plan.steps().get(3).alternativeOf()).isEmpty();
        assertThat(Alternative.names("옵션 2: 직접 생성")).isTrue();
        assertThat(Alternative.names("options are many")).isFalse();
    }

    @Test
    void boldLeadInsNamingWaysAreAlternativesUntilTheTextStopsLeadingIntoCode() {
        LabPlan plan = LabPlan.parse("ways.md", """
                # Keep it running
                ## Make a key
                **Option 1: create it in the console** (recommended)
                ```
                1. Choose "Create key pair"
                2. Name: lab-key
                ```

                **Option 2: use a key you already have**
                ```bash
                ssh-keygen -t ed25519 -f ~/.ssh/lab-key
                ```

                **Why the console?**
                - one click, the right format

                **Protect the key**
                ```bash
                chmod 400 lab-key.pem
                ```
                ## After logout
                **Solution 1: nohup (quick)**
                ```bash
                nohup uvicorn app:app --host 0.0.0.0 --port 8000 > app.log 2>&1 &
                ```

                **Solution 2: a systemd unit (recommended for production)**
                ```bash
                sudo nano /etc/systemd/system/app.service
                ```
                ```ini
                [Service]
                ExecStart=/usr/bin/python3 -m uvicorn app:app --host 0.0.0.0
                ```
                **Start it**
                ```bash
                sudo systemctl daemon-reload
                sudo systemctl enable --now app
                ```
                ---
                ```bash
                curl http://localhost:8000/
                ```
                ## Alone
                **Method 1: the only one**
                ```bash
                uptime
                ```
                **Option 3: mentioned, never offered**
                ```bash
                hostname
                ```
                """);
        List<LabStep> steps = plan.steps();
        assertThat(steps).extracting(LabStep::summary).containsExactly("CreateKeyPair {keyName=lab-key}",
                "ssh-keygen -t ed25519 -f ~/.ssh/lab-key", "chmod 400 lab-key.pem",
                "nohup uvicorn app:app --host 0.0.0.0 --port 8000 > app.log 2>&1 &",
                "write /etc/systemd/system/app.service (2 lines, ini)",
                "sudo systemctl daemon-reload ; sudo systemctl enable --now app", "curl http://localhost:8000/", "uptime",
                "hostname");
        assertThat(steps.get(0).alternativeOf()).hasValue(
                new Alternative(3, 1, "Option 1: create it in the console (recommended)", 2, 1));
        assertThat(steps.get(1).alternativeOf()).hasValue(
                new Alternative(3, 2, "Option 2: use a key you already have", 2, 1));
        assertThat(steps.get(2).alternativeOf()).as("after a question answered in prose").isEmpty();
        assertThat(steps.get(3).alternativeOf().map(Alternative::index)).hasValue(1);
        assertThat(steps.get(4).alternativeOf().map(Alternative::index)).hasValue(2);
        assertThat(steps.get(5).alternativeOf().map(Alternative::index)).as("a lead-in into code continues the way").hasValue(2);
        assertThat(steps.get(5).alternativeOf().map(Alternative::recommended)).hasValue(2);
        assertThat(steps.get(6).alternativeOf()).as("after a rule").isEmpty();
        assertThat(steps.get(7).alternativeOf()).as("a choice of one way").isEmpty();
        assertThat(steps.get(8).alternativeOf()).isEmpty();
    }

    @Test
    void aRunTakesTheSidecarsWayElseTheRecommendedElseTheFirst() {
        Alternative recommendsTwo = new Alternative(1, 1, "Solution 1", 3, 2);
        Alternative recommendsNone = new Alternative(1, 1, "Solution 1", 3, 0);
        assertThat(recommendsTwo.chosen(3)).isEqualTo(3);
        assertThat(recommendsTwo.chosen(0)).isEqualTo(2);
        assertThat(recommendsNone.chosen(0)).isEqualTo(1);
        assertThat(Alternative.number("Option B: later")).isEqualTo(2);
        assertThat(Alternative.number("해결책 2: systemd")).isEqualTo(2);
        assertThat(Alternative.names("Solutions are many")).isFalse();
        assertThat(Alternative.recommends("해결책 2: systemd (권장 - 프로덕션)")).isTrue();
        assertThat(Alternative.recommends("Option 2: the quick way")).isFalse();
    }

    @Test
    void frontMatterIsNotAHeadingAndLinesKeepTheirNumbers() {
        LabPlan plan = LabPlan.parse("fm.md", """
                ---
                layout: post
                title: "x"
                ---
                # Real title
                ```bash
                ssh -i k.pem ubuntu@203.0.113.10
                ```
                """);
        assertThat(plan.title()).isEqualTo("Real title");
        assertThat(plan.steps().get(0).at().line()).isEqualTo(7);
    }

    @Test
    void backgroundAndSummarySectionsYieldNoSteps() {
        LabPlan plan = LabPlan.parse("bg.md", """
                # Lab
                ## Background
                ```bash
                ssh -i other.pem user@server
                ```
                ## Steps
                ```bash
                ssh -i k.pem ubuntu@203.0.113.10
                ```
                ## Summary
                ```bash
                ssh -i key.pem ubuntu@<EC2_IP>
                ```
                """);
        assertThat(plan.steps()).hasSize(1);
        assertThat(plan.steps().get(0).section()).isEqualTo("Steps");
    }

    @Test
    void aCommentOrCaptionMovesOnlyItsOwnBlock() {
        LabPlan plan = LabPlan.parse("hint.md", """
                # Lab
                ```bash
                ssh -i k.pem ubuntu@203.0.113.10
                ```
                ```bash
                # on your machine
                scp app.tar.gz ubuntu@203.0.113.10:
                git status
                ```
                ```bash
                ls
                ```
                """);
        assertThat(plan.steps()).extracting(LabStep::where)
                .containsExactly(Where.WORKSTATION, Where.WORKSTATION, Where.SERVER);
    }

    static LabPlan proseShapes() throws IOException {
        try (InputStream in = LabReaderTest.class.getResourceAsStream("/lab/prose-shapes.md")) {
            return LabPlan.parse("prose-shapes.md", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void promptedLinesAndInlineCommandsInProseAreStepsWhereTheyRun() throws IOException {
        LabPlan plan = proseShapes();
        assertThat(plan.steps()).extracting(s -> s.commands().get(0).text(), LabStep::where).containsExactly(
                org.assertj.core.groups.Tuple.tuple("chmod 400 garden-key.pem", Where.WORKSTATION),
                org.assertj.core.groups.Tuple.tuple("sudo apt update", Where.SERVER),
                org.assertj.core.groups.Tuple.tuple("pip install flask gunicorn", Where.SERVER),
                org.assertj.core.groups.Tuple.tuple("sudo apt install nginx", Where.SERVER),
                org.assertj.core.groups.Tuple.tuple("sudo systemctl enable --now nginx", Where.SERVER),
                org.assertj.core.groups.Tuple.tuple("gunicorn --workers 3 --bind 0.0.0.0:8000 wsgi:app", Where.SERVER));
        assertThat(plan.steps()).extracting(s -> s.commands().get(0).line()).containsExactly(7, 15, 18, 20, 21, 26);
    }

    @Test
    void dollarsThatAreNotPromptsAndCodeThatIsNotTypedAreNotCommands() throws IOException {
        assertThat(proseShapes().steps()).flatExtracting(LabStep::commands).extracting(Command::text)
                .noneMatch(t -> t.startsWith("5 ") || t.startsWith("HOME") || t.equals("nginx"));
    }

    @Test
    void boldSymptomsUnderAnEnglishHeadingAreTroubleshootingEntriesWithTheirCommands() throws IOException {
        List<TroubleshootingEntry> entries = proseShapes().troubleshooting();
        assertThat(entries).extracting(TroubleshootingEntry::problem)
                .containsExactly("502 Bad Gateway", "Permission denied (publickey)");
        assertThat(entries.get(0).commands()).extracting(c -> c.command().text(), c -> c.role()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sudo systemctl status gunicorn", TroubleshootingEntry.Role.CHECK));
        assertThat(entries.get(1).commands()).extracting(c -> c.command().text(), c -> c.role()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("chmod 400 garden-key.pem", TroubleshootingEntry.Role.FIX));
    }

    @Test
    void consoleValuesFromProseListsAndTables() {
        LabPlan plan = LabPlan.parse("console.md", """
                # A server in the console

                ## Launch

                - Choose an appropriate instance type, such as `t3.small`.
                - Almacenamiento: 16 GB

                Security Group: abrir puertos 22, 80 y 5000.

                ## Firewall rules

                | application | protocol | port |
                |---|---|---|
                | SSH | TCP | 22 |
                | Custom | TCP | 8000 |

                - HTTPS (TCP 443) - add it
                """);
        assertThat(plan.steps()).filteredOn(s -> s.cloud() != null).extracting(s -> s.cloud().toString()).contains(
                "ChooseInstanceType {instanceType=t3.small}", "SetVolumeSize {sizeGb=16}");
        assertThat(plan.steps()).filteredOn(s -> s.cloud() != null && s.cloud().action().equals("AuthorizeSecurityGroupIngress"))
                .extracting(s -> s.cloud().value("port")).containsExactly("22", "80", "5000", "8000", "443"); // a rule given twice is one step
    }

    @Test
    void thePathThatOpensTheLaunchWizardIsNotTheLaunch() {
        LabPlan plan = LabPlan.parse("wizard.md", """
                # A server

                The free tier covers t2.micro.

                1. Open the console: Services → EC2 → Launch Instance

                2. Settings:
                   ```
                   Instance type: t3.micro
                   Key pair: Create new key pair, name: lab-key
                   ```

                3. Click **Launch instance**
                """);
        assertThat(plan.steps()).filteredOn(s -> s.cloud() != null).extracting(s -> s.cloud().action())
                .containsExactly("ChooseInstanceType", "ChooseInstanceType", "CreateKeyPair", "RunInstances");
    }

    @Test
    void aRegistrarsDnsRecordsTheElasticIpRepointAndTheAnswersWrittenUnderAnInteractiveCommand() {
        LabPlan plan = LabPlan.parse("domain.md", """
                # A domain for the server

                ## Records

                In your registrar's DNS page add two records:

                ```
                Record type: A
                Host: @
                Value: <SERVER_PUBLIC_IP>

                Record type: A
                Host: www
                Value: <SERVER_PUBLIC_IP>
                ```

                ## A fixed address

                1. EC2 → Elastic IPs → Allocate Elastic IP address
                2. Actions → Associate Elastic IP address

                Then update the DNS records to the Elastic IP.

                ## A certificate

                ```bash
                sudo certbot --nginx -d mysite.example.com

                # Enter email: admin@example.org
                # Agree to the terms: Y
                ```

                ```bash
                ls -l /etc/nginx
                # Example: sites-enabled
                ```
                """);
        assertThat(plan.steps()).filteredOn(s -> s.cloud() != null).extracting(s -> s.cloud().toString()).containsExactly(
                "SetDnsRecord {name=@, type=A, value=<SERVER_PUBLIC_IP>}",
                "SetDnsRecord {name=www, type=A, value=<SERVER_PUBLIC_IP>}",
                "AllocateAddress", "AssociateAddress", "PointDnsAtElasticIp");
        Command certbot = plan.steps().stream().flatMap(s -> s.commands().stream())
                .filter(c -> c.text().startsWith("sudo certbot")).findFirst().orElseThrow();
        assertThat(certbot.answers()).containsExactly("admin@example.org", "Y");
        Command ls = plan.steps().stream().flatMap(s -> s.commands().stream())
                .filter(c -> c.text().startsWith("ls")).findFirst().orElseThrow();
        assertThat(ls.answers()).as("one example comment is no answer").isEmpty();
    }

    @Test
    void consoleValuesOfOtherProvidersPlansFlagsAndLeadIns() {
        LabPlan plan = LabPlan.parse("providers.md", """
                # Three providers

                ## A Lightsail plan

                - $3.5/month (512MB RAM) - for tests
                - $10/month (2GB RAM, 1 core, 60GB SSD) - recommended

                ## The SSH key pair

                File name: `LabKey-eu-west-1.pem`

                ## A cloud server

                1. **Location:** Helsinki (cheapest)
                2. **Type:** CPX11 (2 vCPU, 2GB RAM)

                ## A VM from the CLI

                ```
                  --zone=europe-west1-b \\
                  --machine-type=e2-small \\
                  --image-family=ubuntu-2404-lts-amd64 \\
                  --tags=http-server \\
                  --boot-disk-size=20GB
                ```

                ## Firewall

                Security group with HTTP port 80 & app port 3000 allowed.
                """);
        assertThat(plan.steps()).filteredOn(s -> s.cloud() != null).extracting(s -> s.cloud().toString()).contains(
                "ChooseInstanceType {instanceType=$10/month}", "SetVolumeSize {sizeGb=60}",
                "CreateKeyPair {keyName=LabKey-eu-west-1}", "ChooseRegion {region=Helsinki}",
                "ChooseInstanceType {instanceType=CPX11}", "ChooseRegion {region=europe-west1}",
                "ChooseZone {zone=europe-west1-b}", "ChooseInstanceType {instanceType=e2-small}",
                "ChooseImage {image=Ubuntu 24.04}", "SetVolumeSize {sizeGb=20}");
        assertThat(plan.steps()).filteredOn(s -> s.cloud() != null && s.cloud().action().equals("AuthorizeSecurityGroupIngress"))
                .extracting(s -> s.cloud().value("port")).containsExactly("80", "3000");
    }

    @Test
    void troubleshootingWithoutMarkdownHeadingsSignLedLinesAndRemedySentences() {
        LabPlan plan = LabPlan.parse("plain.md", """
                # A plain README

                ```bash
                ssh -i key.pem ubuntu@203.0.113.7
                python3 app.py
                ```

                Open port 5000 and check it from your laptop. If not, the port is closed: open it in the portal.

                If you don't have a domain, buy one.

                **⚠️ Security note:**
                - change the secret key

                🐞 7. Problems found and solutions
                📛 Problem: the welcome page of nginx instead of the app

                The default site still answers.

                ✅ Solution:

                ```bash
                sudo rm /etc/nginx/sites-enabled/default
                ```

                📛 7.2 The tests cannot import app

                The test runs from tests/, where app.py is not on the path.
                """);
        assertThat(plan.title()).isEqualTo("A plain README");
        assertThat(plan.troubleshooting()).extracting(TroubleshootingEntry::problem).containsExactly(
                "If not, the port is closed: open it in the portal.",
                "📛 Problem: the welcome page of nginx instead of the app",
                "📛 7.2 The tests cannot import app");
        assertThat(plan.troubleshooting().get(1).commands()).extracting(c -> c.command().text())
                .containsExactly("sudo rm /etc/nginx/sites-enabled/default");
    }

    @Test
    void aCaptionNamingAnotherFileAGluedDollarAndCmdsShortPrompt() {
        LabPlan plan = LabPlan.parse("prompts.md", """
                # Prompts

                Check the port from your laptop:

                \t> telnet 203.0.113.7 5000

                On the server (an EC2 instance with Amazon Linux):

                \t$ ssh ec2-user@203.0.113.7
                \t$sudo ln -s /etc/nginx/sites-available/app /etc/nginx/sites-enabled/app

                Run this from the folder where app.py exists:

                ```bash
                gunicorn --bind 127.0.0.1:8000 app:app
                ```
                """.replace("\\t", "\t"));
        assertThat(plan.steps()).flatExtracting(s -> s.commands().stream().map(c -> s.where() + " " + s.kind() + " " + c.text())
                .toList()).contains(
                "WORKSTATION RUN telnet 203.0.113.7 5000",
                "SERVER RUN sudo ln -s /etc/nginx/sites-available/app /etc/nginx/sites-enabled/app",
                "SERVER RUN gunicorn --bind 127.0.0.1:8000 app:app");
        assertThat(plan.steps()).filteredOn(s -> s.cloud() != null).extracting(s -> s.cloud().toString())
                .contains("ChooseImage {image=Amazon Linux}");
    }

    @Test
    void troubleshootingAsListItemsAndAsAHeadingWithBulletsOnly() {
        LabPlan plan = LabPlan.parse("trouble.md", """
                # An app

                ```bash
                ssh -i key.pem ubuntu@203.0.113.7
                ```

                ## Troubleshoot

                1. 502 bad gateway
                   `sudo systemctl restart gunicorn`

                - if the connection is refused
                  `ps aux | grep gunicorn`

                ## 故障排查: the site is slow

                - check the load with top
                - add workers
                """);
        assertThat(plan.troubleshooting()).extracting(TroubleshootingEntry::problem)
                .containsExactly("502 bad gateway", "if the connection is refused", "故障排查: the site is slow");
        assertThat(plan.troubleshooting().get(0).commands()).extracting(c -> c.command().text())
                .containsExactly("sudo systemctl restart gunicorn");
    }

    @Test
    void aWorkflowTheDocumentWritesRunsAfterTheSecretsItReads() {
        LabPlan plan = LabPlan.parse("ci.md", """
                # Ship on every push

                ## 1. The workflow

                **.github/workflows/ship.yml**:
                ```yaml
                on: push
                jobs:
                  ship:
                    runs-on: ubuntu-latest
                    steps:
                      - run: ssh -i key.pem ubuntu@$HOST true
                        env:
                          HOST: ${{ secrets.SERVER }}
                ```

                ## 2. Its secrets

                ```
                1. Repository settings, then Secrets, then New repository secret:
                   - Name: SERVER
                   - Value: <public-ip>
                   - Name: DEPLOY_KEY
                   - Value: (the contents of shop-key.pem)
                ```

                ## 3. Afterwards

                ```bash
                curl http://<public-ip>/
                ```
                """);
        assertThat(plan.steps()).extracting(LabStep::summary).containsExactly(
                "write .github/workflows/ship.yml (8 lines, yaml)",
                "SetRepositorySecret {name=SERVER, value=<public-ip>}",
                "SetRepositorySecret {name=DEPLOY_KEY, value=(the contents of shop-key.pem)}",
                "run the workflow .github/workflows/ship.yml (on a push)",
                "curl http://<public-ip>/");
        LabStep run = plan.steps().get(3);
        assertThat(run.kind()).isEqualTo(StepKind.WORKFLOW);
        assertThat(run.where()).isEqualTo(Where.RUNNER);
        assertThat(run.file().content()).contains("secrets.SERVER");
        assertThat(run.section()).isEqualTo("1. The workflow");
    }

    @Test
    void aWorkflowWithoutSecretsRunsRightAfterItIsWritten() {
        LabPlan plan = LabPlan.parse("ci.md", """
                # CI

                **.github/workflows/test.yml**:
                ```yaml
                on: push
                jobs:
                  t:
                    steps:
                      - run: true
                ```

                ```bash
                echo next
                ```
                """);
        assertThat(plan.steps()).extracting(LabStep::summary).containsExactly(
                "write .github/workflows/test.yml (5 lines, yaml)", "run the workflow .github/workflows/test.yml (on a push)",
                "echo next");
    }

    @Test
    void aScriptTheDocumentWritesAndNeverRunsIsRunWhereItWasWrittenAfterTheSectionsFiles() {
        LabPlan plan = LabPlan.parse("deploy.md", """
                # Deploy

                ```bash
                ssh -i key.pem ubuntu@<public-ip>
                ```

                ## 1. The release script

                **release.sh**:
                ```bash
                #!/bin/sh
                docker compose up -d
                ```

                **compose.yml**:
                ```yaml
                services: {}
                ```

                ## 2. Later

                ```bash
                curl http://localhost/
                ```
                """);
        assertThat(plan.steps()).extracting(LabStep::summary).containsExactly(
                "ssh -i key.pem ubuntu@<public-ip>",
                "write release.sh (2 lines, bash)",
                "write compose.yml (1 lines, yaml)",
                "sh release.sh (implied: the document writes release.sh and never runs it)",
                "curl http://localhost/");
        LabStep run = plan.steps().get(3);
        assertThat(run.kind()).isEqualTo(StepKind.RUN);
        assertThat(run.where()).isEqualTo(Where.SERVER);
        assertThat(run.implied()).isEqualTo("the document writes release.sh and never runs it");
        assertThat(run.section()).isEqualTo("1. The release script");
        assertThat(PlanJson.render(plan)).contains("\"implied\" : \"the document writes release.sh and never runs it\"");
        assertThat(PlanText.render(plan)).contains("sh release.sh (implied: the document writes release.sh and never runs it)");
    }

    @Test
    void aScriptTheDocumentRunsOrNamesGetsNoStepOfItsOwn() {
        String ran = """
                # Deploy

                **go.sh**:
                ```bash
                echo hi
                ```

                ```bash
                chmod +x go.sh && ./go.sh
                ```
                """;
        assertThat(LabPlan.parse("ran.md", ran).steps()).extracting(LabStep::implied).containsOnly("");
        String named = """
                # Deploy

                **/opt/app/start.sh**:
                ```bash
                #!/bin/bash
                exec uvicorn main:app
                ```

                **/etc/systemd/system/app.service**:
                ```ini
                [Service]
                ExecStart=/opt/app/start.sh
                ```
                """;
        assertThat(LabPlan.parse("named.md", named).steps()).extracting(LabStep::implied).containsOnly("");
        String notAScript = """
                # Notes

                **notes.txt**:
                ```
                hello
                ```
                """;
        assertThat(LabPlan.parse("notes.md", notAScript).steps()).extracting(LabStep::implied).containsOnly("");
    }

    @Test
    void aComposeFileTheDocumentWritesAndNeverBringsUpIsBroughtUpWithTheComposeItUses() {
        LabPlan plan = LabPlan.parse("monitor.md", """
                # Monitor

                ```bash
                ssh -i key.pem ubuntu@<public-ip>
                docker-compose version
                ```

                **compose.monitoring.yml**:
                ```yaml
                services:
                  prometheus:
                    image: prom/prometheus
                ```

                **prometheus.yml**:
                ```yaml
                scrape_configs: []
                ```
                """);
        assertThat(plan.steps()).extracting(LabStep::summary).containsExactly(
                "ssh -i key.pem ubuntu@<public-ip>", "docker-compose version",
                "write compose.monitoring.yml (3 lines, yaml)",
                "write prometheus.yml (1 lines, yaml)",
                "docker-compose -f compose.monitoring.yml up -d (implied: the document writes compose.monitoring.yml and never runs it)");
        LabPlan defaultName = LabPlan.parse("up.md", """
                # Up

                **docker-compose.yml**:
                ```yaml
                services:
                  web:
                    image: nginx
                ```

                ```bash
                docker compose up -d
                ```
                """);
        assertThat(defaultName.steps()).extracting(LabStep::implied).containsOnly("");
        LabPlan v2 = LabPlan.parse("v2.md", """
                # Up

                **stack.compose.yml**:
                ```yaml
                version: '3'
                services:
                  web:
                    image: nginx
                ```
                """);
        assertThat(v2.steps()).extracting(LabStep::summary).last().isEqualTo(
                "docker compose -f stack.compose.yml up -d (implied: the document writes stack.compose.yml and never runs it)");
    }

    @Test
    void aBlockWhoseFirstLineIsACommentNamingAFileOfItsLanguageWritesThatFile() {
        LabPlan plan = LabPlan.parse("first.md", """
                # Metrics

                ```python
                # app/main.py
                from fastapi import FastAPI
                app = FastAPI()
                ```

                ```javascript
                // server.js
                console.log("up")
                ```

                ```python
                # main.js
                print("a python block naming a javascript file")
                ```

                ```bash
                # deploy.sh
                echo "a shell block's first comment says what its commands do"
                ```

                ```python
                # the app's entry point
                print("no file named")
                ```
                """);
        assertThat(plan.steps()).filteredOn(st -> st.kind() == StepKind.WRITE_FILE).extracting(st -> st.file().path())
                .containsExactly("app/main.py", "server.js");
        assertThat(plan.steps().get(0).file().content()).startsWith("# app/main.py\nfrom fastapi import FastAPI");
        assertThat(LabReader.firstLineNames("yaml", "# app.yaml\nruntime: python311\n")).isEqualTo("app.yaml");
        assertThat(LabReader.firstLineNames("", "# app.yaml\n")).as("no language to fit").isNull();
        assertThat(LabReader.firstLineNames("python", "# see app/main.py\n")).as("words around it").isNull();
    }
}
