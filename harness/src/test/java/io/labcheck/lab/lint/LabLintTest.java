package io.labcheck.lab.lint;

import io.labcheck.lab.LabPlan;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each rule on a small document that has the bug, and on the same document without it. */
class LabLintTest {

    private static List<String> codes(String markdown) {
        return LabLint.check(LabPlan.parse("t.md", markdown)).stream().map(LintFinding::code).toList();
    }

    private static LintFinding only(String markdown, String code) {
        List<LintFinding> all = LabLint.check(LabPlan.parse("t.md", markdown));
        return all.stream().filter(f -> f.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + all));
    }

    private static final String LOGIN = """
            # Lab
            ## Key
            ```bash
            chmod 400 lab-key.pem
            ssh -i %s ubuntu@203.0.113.10
            ```
            """;

    @Test
    void keyFileChmodDiffersFromSsh() {
        LintFinding f = only(LOGIN.formatted("other-key.pem"), "key.mismatch");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.first().line()).isEqualTo(5);
        assertThat(f.second().line()).isEqualTo(4);
        assertThat(f.message()).contains("other-key.pem").contains("lab-key.pem");
        assertThat(codes(LOGIN.formatted("lab-key.pem"))).doesNotContain("key.mismatch");
    }

    @Test
    void keyUsedWithoutChmod() {
        String doc = "# Lab\n```bash\nssh -i lab-key.pem ubuntu@203.0.113.10\n```\n";
        assertThat(only(doc, "key.unprotected").severity()).isEqualTo(Severity.WARNING);
        assertThat(codes(LOGIN.formatted("lab-key.pem"))).isEmpty();
    }

    private static final String APP = """
            # Lab
            ## Console
            In the security group add an inbound rule: port %s, source: Anywhere
            ## Server
            ```bash
            ssh -i k.pem ubuntu@203.0.113.10
            ```
            ```bash
            chmod 400 k.pem
            ```
            ```bash
            uvicorn main:app %s
            ```
            ## Check
            ```bash
            # on your machine
            curl http://203.0.113.10:%s/
            ```
            """;

    @Test
    void portsListenedOpenedAndReachedAgree() {
        assertThat(codes(APP.formatted("8000", "--host 0.0.0.0 --port 8000", "8000"))).isEmpty();
    }

    @Test
    void aPortReachedThatNothingListensOn() {
        LintFinding f = only(APP.formatted("8080", "--host 0.0.0.0 --port 8000", "8080"), "ports.nothing-listening");
        assertThat(f.first().line()).isEqualTo(17);
        assertThat(f.second().line()).isEqualTo(12);
    }

    @Test
    void aPortReachedThatTheSecurityGroupDoesNotOpen() {
        LintFinding f = only(APP.formatted("80", "--host 0.0.0.0 --port 8000", "8000"), "ports.not-opened");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.message()).contains("8000");
    }

    @Test
    void anAppOnLocalhostReachedFromOutside() {
        LintFinding f = only(APP.formatted("8000", "--port 8000", "8000"), "bind.localhost");
        assertThat(f.message()).contains("127.0.0.1:8000").contains("--host 0.0.0.0");
        assertThat(codes(APP.formatted("8000", "--host 127.0.0.1 --port 8000", "8000"))).contains("bind.localhost");
    }

    private static final String PROXY = """
            # Lab
            ```bash
            ssh -i k.pem ubuntu@203.0.113.10
            ```
            ```bash
            chmod 400 k.pem
            docker run -d -p %s:80 shop-api
            sudo vim /etc/nginx/sites-available/default
            ```
            ```nginx
            server {
                listen 80;
                location / { proxy_pass http://localhost:%s; }
            }
            ```
            """;

    @Test
    void twoServicesOnOnePort() {
        LintFinding f = only(PROXY.formatted("80", "80"), "ports.conflict");
        assertThat(f.first().line()).isEqualTo(12); // listen 80;
        assertThat(f.second().line()).isEqualTo(7); // docker run -p 80:80
        assertThat(codes(PROXY.formatted("8000", "8000"))).doesNotContain("ports.conflict");
    }

    @Test
    void aProxyUpstreamNothingListensOn() {
        LintFinding f = only(PROXY.formatted("8001", "8000"), "proxy.upstream");
        assertThat(f.first().line()).isEqualTo(13); // proxy_pass
        assertThat(codes(PROXY.formatted("8000", "8000"))).isEmpty();
    }

    @Test
    void theSameAppStartedAgainIsNotAConflict() {
        String doc = """
                # Lab
                ```bash
                ssh -i k.pem ubuntu@203.0.113.10
                ```
                ```bash
                chmod 400 k.pem
                uvicorn app.main:app --host 0.0.0.0 --port 8000
                nohup uvicorn app.main:app --host 0.0.0.0 --port 8000 &
                ```
                """;
        assertThat(codes(doc)).isEmpty();
    }

    private static final String PATHS = """
            # Lab
            ```bash
            chmod 400 k.pem
            ssh -i k.pem ubuntu@203.0.113.10
            ```
            ```bash
            cd ~ && python3 -m venv venv
            mkdir -p ~/shop
            source %s/bin/activate
            sudo vim /etc/systemd/system/shop.service
            ```
            ```ini
            [Service]
            WorkingDirectory=%s
            ExecStart=/home/ubuntu/%s/bin/uvicorn app:app
            ```
            """;

    @Test
    void venvAndWorkingDirectoryPathsAgree() {
        assertThat(codes(PATHS.formatted("venv", "/home/ubuntu/shop", "venv"))).isEmpty();
    }

    @Test
    void aVenvActivatedWhereNoneWasCreated() {
        LintFinding f = only(PATHS.formatted("env", "/home/ubuntu/shop", "venv"), "path.venv");
        assertThat(f.first().line()).isEqualTo(9);
        assertThat(f.second().line()).isEqualTo(7);
        assertThat(only(PATHS.formatted("venv", "/home/ubuntu/shop", ".venv"), "path.venv").first().line()).isEqualTo(15);
    }

    @Test
    void aUnitWorkingDirectoryNoStepCreates() {
        LintFinding f = only(PATHS.formatted("venv", "/home/ubuntu/shop-app", "venv"), "path.workdir");
        assertThat(f.first().line()).isEqualTo(14);
        assertThat(f.message()).contains("/home/ubuntu/shop-app").contains("/home/ubuntu/shop");
    }

    @Test
    void theLoginUserMustBeTheImages() {
        String doc = """
                # Lab
                Choose the Amazon Linux 2023 AMI.
                ```bash
                chmod 400 k.pem
                ssh -i k.pem %s@203.0.113.10
                ```
                """;
        LintFinding f = only(doc.formatted("ubuntu"), "login.user");
        assertThat(f.message()).contains("ec2-user");
        assertThat(f.second().line()).isEqualTo(2);
        assertThat(codes(doc.formatted("ec2-user"))).isEmpty();
    }

    @Test
    void aVersionPinThatContradictsAnother() {
        String doc = """
                # Lab
                ```bash
                pip install fastapi==0.104.1
                ```
                **requirements.txt**
                ```txt
                fastapi==%s
                uvicorn[standard]==0.24.0
                ```
                """;
        LintFinding f = only(doc.formatted("0.95.0"), "pin.conflict");
        assertThat(f.first().line()).isEqualTo(7);
        assertThat(f.second().line()).isEqualTo(3);
        assertThat(codes(doc.formatted("0.104.1"))).isEmpty();
    }

    @Test
    void sshWithoutAKeyWhileOthersUseOne() {
        String doc = LOGIN.formatted("lab-key.pem") + "```bash\nexit\nssh ubuntu@203.0.113.10\n```\n";
        assertThat(only(doc, "ssh.no-key").first().line()).isEqualTo(9);
    }

    @Test
    void findingsFormatWithBothPlaces() {
        LintFinding f = only(LOGIN.formatted("other-key.pem"), "key.mismatch");
        assertThat(f.format("t.md")).startsWith("t.md:5: error [key.mismatch] ").endsWith("(see line 4 (Key))");
    }

    @Test
    void aVpsLogsInAsRootAndAsAUserTheDocumentCreatesButAnEc2UbuntuImageDoesNot() {
        String vps = """
                # A droplet

                Choose the Ubuntu 22.04 image for the droplet.

                ```bash
                ssh root@203.0.113.7
                adduser deploy
                exit
                ssh deploy@203.0.113.7
                ```
                """;
        assertThat(codes(vps)).doesNotContain("login.user");
        String ec2 = vps.replace("# A droplet", "# An EC2 server").replace("droplet", "EC2 instance");
        assertThat(only(ec2, "login.user").message()).contains("ssh logs in as root").contains("use ubuntu");
    }

    @Test
    void nginxStartedAsInstalledListensOnEightyWithItsDefaultServer() {
        String doc = """
                # Nginx in front

                ```bash
                ssh -i key.pem ubuntu@203.0.113.7
                sudo apt install -y nginx
                sudo systemctl enable --now nginx
                ```

                From your computer:

                ```bash
                curl http://203.0.113.7/
                ```
                """;
        assertThat(codes(doc)).doesNotContain("ports.nothing-listening", "ports.conflict");
        assertThat(codes(doc.replace("sudo systemctl enable --now nginx\n", ""))).contains("ports.nothing-listening");
    }

    private static final String SERVER = """
            # A service

            ```bash
            ssh -i key.pem ubuntu@203.0.113.7
            sudo apt install -y python3-venv nginx
            python3 -m venv venv && venv/bin/pip install flask gunicorn
            ```
            """;

    @Test
    void aSystemFileEditedWithoutSudoCannotBeSaved() {
        String doc = SERVER + "\n```bash\nvim /etc/nginx/sites-available/app\n```\n";
        assertThat(only(doc, "edit.no-sudo").message()).contains("vim opens /etc/nginx/sites-available/app without sudo");
        assertThat(codes(doc.replace("vim /etc", "sudo vim /etc"))).doesNotContain("edit.no-sudo");
    }

    private static final String UNIT = SERVER + """

                ```bash
                sudo tee /etc/systemd/system/app.service > /dev/null <<'EOF'
                [UNIT]
                Description=app

                [Service]
                ExecStart=/home/ubuntu/venv/bin/gunicorn app:app

                [Install]
                WantedBy=multi-user.target
                EOF
                sudo systemctl enable --now web
                ```
                """;

    @Test
    void aUnitMustBeWrittenWithItsSuffixItsSectionsAndTheNameSystemctlIsGiven() {
        String unit = UNIT;
        assertThat(codes(unit)).contains("unit.section", "unit.not-written");
        assertThat(only(unit, "unit.not-written").message()).contains("writes no web.service (it writes app.service)");
        String fixed = unit.replace("[UNIT]", "[Unit]").replace("--now web", "--now app");
        assertThat(codes(fixed)).doesNotContain("unit.section", "unit.not-written");
        assertThat(codes(fixed.replace("app.service >", "app.conf >"))).contains("unit.suffix");
    }

    @Test
    void anNginxSiteLinkMustPointAtTheSiteWrittenAndTheDefaultSiteGoesFromSitesEnabled() {
        String site = SERVER + """

                ```bash
                sudo tee /etc/nginx/sites-available/flask_app > /dev/null <<'EOF'
                server { listen 80; location / { proxy_pass http://127.0.0.1:8000; } }
                EOF
                sudo ln -s /etc/nginx/sites-available/flask-app /etc/nginx/sites-enabled/
                ```
                """;
        assertThat(only(site, "nginx.site-link").message()).contains("writes the site as /etc/nginx/sites-available/flask_app");
        assertThat(codes(site.replace("available/flask-app", "available/flask_app"))).doesNotContain("nginx.site-link");
        assertThat(codes(SERVER + "\n```bash\nsudo rm /etc/nginx/sites-available/default\n```\n"))
                .contains("nginx.dangling-default");
        assertThat(codes(SERVER + "\n```bash\nsudo rm /etc/nginx/sites-enabled/default\n```\n"))
                .doesNotContain("nginx.dangling-default");
    }

    @Test
    void aToolRunBeforeAnyStepInstallsItOnlyWhereTheDocumentSetsTheServerUp() {
        String doc = SERVER + "\n```bash\npipenv install\n```\n";
        assertThat(only(doc, "tool.not-installed").message()).contains("pipenv runs on the server");
        assertThat(codes(doc.replace("flask gunicorn", "flask gunicorn pipenv"))).doesNotContain("tool.not-installed");
        assertThat(codes("# Snippet\n\n```bash\nssh ubuntu@203.0.113.7\npipenv install\n```\n"))
                .as("a snippet for a prepared server").doesNotContain("tool.not-installed");
        assertThat(codes(doc.replace("pipenv install", "./setup.sh\npipenv install")))
                .as("after a script, which may install anything").doesNotContain("tool.not-installed");
    }

    @Test
    void anAccountOneKeystrokeFromTheImagesFailsAndALoginMustComeAfterTheUserIsCreated() {
        String doc = SERVER + """

                ```bash
                sudo chown -R ubuntu:ununtu /srv
                sudo tee /etc/systemd/system/app.service > /dev/null <<'EOF'
                [Unit]
                Description=app
                [Service]
                User=ubuntu
                Group=ununtu
                ExecStart=/home/ubuntu/venv/bin/gunicorn app:app
                EOF
                ```
                """;
        List<LintFinding> typos = LabLint.check(LabPlan.parse("t.md", doc)).stream()
                .filter(f -> f.code().equals("account.typo")).toList();
        assertThat(typos).hasSize(2);
        assertThat(typos.get(0).message()).contains("chown names ununtu").contains("did you mean ubuntu?");
        assertThat(codes(doc.replace("ununtu", "ubuntu"))).doesNotContain("account.typo");
        assertThat(codes(doc.replace("ununtu", "deploy"))).as("a name far from any image's account")
                .doesNotContain("account.typo");

        String vps = "# VPS\n\n```bash\nssh deploy@203.0.113.7\n```\n\n```bash\nadduser deploy\n```\n";
        assertThat(only(vps, "login.user-not-yet").message()).contains("deploy is only created later (line 8)");
        String fixed = "# VPS\n\n```bash\nssh root@203.0.113.7\nadduser deploy\nexit\nssh deploy@203.0.113.7\n```\n";
        assertThat(codes(fixed)).doesNotContain("login.user-not-yet");
    }

    @Test
    void commandsTheProgramRejects() {
        assertThat(only("# L\n\n```bash\nssh ssh deploy@203.0.113.7\n```\n", "ssh.repeated").message())
                .contains("write ssh deploy@203.0.113.7");
        assertThat(codes("# L\n\n```bash\nssh deploy@203.0.113.7\n```\n")).doesNotContain("ssh.repeated");
        String django = SERVER + "\n```bash\npython manage.py collecstatic --noinput\n```\n";
        assertThat(only(django, "django.command").message()).contains("did you mean collectstatic?");
        assertThat(codes(django.replace("collecstatic", "collectstatic"))).doesNotContain("django.command");
        assertThat(codes(django.replace("collecstatic", "seed_demo_data"))).as("a project's own command")
                .doesNotContain("django.command");
    }

    private static final String SITE = SERVER + """

            ```bash
            venv/bin/gunicorn --bind 127.0.0.1:5000 app:app &
            sudo openssl req -x509 -nodes -newkey rsa:2048 -keyout /etc/ssl/private/app.key -out /etc/ssl/certs/app.crt
            sudo nano /etc/nginx/sites-available/app
            ```

            ```bash
            server {
                listen 443 ssl;
                server_name app.example.org;
                ssl_certificate /etc/ssl/certs/app.crt;
                ssl_certificate_key /etc/ssl/private/app.key;
                location / {
                    proxy_pass http://127.0.0.1:5000;
                }
            }
            ```
            """;

    @Test
    void anNginxSiteAsNginxReadsIt() {
        LabPlan plan = LabPlan.parse("t.md", SITE);
        assertThat(plan.steps().stream().filter(s -> s.kind() == io.labcheck.lab.StepKind.WRITE_FILE).toList())
                .as("a site under a bash fence after the editor is the file's content").hasSize(1);
        assertThat(codes(SITE)).doesNotContain("nginx.syntax", "nginx.cert-missing", "nginx.proxy-scheme", "nginx.proxy-self");
        assertThat(only(SITE.replace("app.example.org;", "app.example.org"), "nginx.syntax").message())
                .contains("'server_name app.example.org' has no ';'");
        assertThat(only(SITE.replace("certs/app.crt;", "certs/selfsigned.crt;"), "nginx.cert-missing").message())
                .contains("/etc/ssl/certs/selfsigned.crt, which no step writes");
        assertThat(codes(SITE.replace("http://127.0.0.1:5000", "https://127.0.0.1:5000"))).contains("nginx.proxy-scheme");
        assertThat(only(SITE.replace("http://127.0.0.1:5000", "https://app.example.org"), "nginx.proxy-self").message())
                .contains("proxies to itself");
    }

    @Test
    void whatDjangoAndCertbotRefuse() {
        String hosts = SERVER + "\n```bash\necho \"ALLOWED_HOSTS=example.org,*.example.org\" >> .env\n```\n";
        assertThat(only(hosts, "django.allowed-hosts").message()).contains("write '.example.org'");
        assertThat(codes(hosts.replace("*.example", ".example"))).doesNotContain("django.allowed-hosts");

        String two = SERVER + "\n```bash\nvenv/bin/gunicorn shop.wsgi:application\nvenv/bin/gunicorn shop_site.wsgi\n```\n";
        assertThat(only(two, "django.project").message()).contains("serves shop_site.wsgi, but an earlier start serves shop.wsgi");
        assertThat(codes(two.replace("shop_site.wsgi", "shop.wsgi"))).doesNotContain("django.project");

        String ip = SERVER + "\n```bash\nsudo certbot --nginx -d 203.0.113.7\n```\n";
        assertThat(codes(ip)).contains("certbot.ip");
        assertThat(codes(ip.replace("203.0.113.7", "your_domain_or_ip"))).contains("certbot.ip");
        assertThat(codes(ip.replace("203.0.113.7", "app.example.org"))).doesNotContain("certbot.ip");

        String manual = SERVER + "\n```bash\nsudo certbot certonly --manual --preferred-challenges dns -d '*.example.org'\n"
                + "echo '0 3 * * * root certbot renew --quiet' | sudo tee /etc/cron.d/renew\n```\n";
        assertThat(only(manual, "certbot.manual-renew").message()).contains("obtained with --manual");
        assertThat(codes(manual.replace("--manual ", "--manual --manual-auth-hook ./hook.sh ")))
                .doesNotContain("certbot.manual-renew");
    }

    @Test
    void aModuleImportedBeforeAnyStepInstallsIt() {
        String doc = SERVER.replace("flask gunicorn", "gunicorn") + "\n```bash\npython3 -c \"from flask import Flask\"\n```\n";
        assertThat(only(doc, "module.not-installed").message()).contains("python3 imports flask");
        assertThat(codes(doc.replace("install gunicorn", "install flask gunicorn"))).doesNotContain("module.not-installed");
        assertThat(codes(doc.replace("from flask", "from json"))).as("the standard library").doesNotContain("module.not-installed");
    }

    @Test
    void nginxListensOnAPortTheSecurityGroupStepsLeaveClosed() {
        String doc = """
                # Lab
                ## Console
                In the security group add an inbound rule: port 8000, source: Anywhere
                ## Server
                ```bash
                ssh -i k.pem ubuntu@203.0.113.10
                sudo apt install -y nginx
                sudo systemctl restart nginx
                ```
                """;
        assertThat(only(doc, "ports.not-opened").message()).contains("nginx listens on 80 for visitors");
        assertThat(codes(doc.replace("port 8000", "ports 8000 and 80"))).doesNotContain("ports.not-opened");
    }

    @Test
    void aFenceInfoStringHoldingCode() {
        String doc = SERVER + "\n```nginxserver {\n    listen 80;\n}\n```\n";
        assertThat(only(doc, "fence.info").message()).contains("'nginxserver {'");
        assertThat(codes(SERVER + "\n```bash {cmd=true}\nls\n```\n")).doesNotContain("fence.info");
    }

    @Test
    void theSameAppUnderAUnitWithItsWorkerCountIsNotAConflict() {
        String doc = SERVER + """

                ```bash
                venv/bin/gunicorn --bind 0.0.0.0:5000 wsgi:app
                sudo nano /etc/systemd/system/app.service
                ```

                ```bash
                [Unit]
                Description=app
                [Service]
                ExecStart=/home/ubuntu/venv/bin/gunicorn --workers 3 --bind 0.0.0.0:5000 wsgi:app
                ```
                """;
        assertThat(codes(doc)).doesNotContain("ports.conflict");
        assertThat(codes(doc.replace("5000 wsgi:app\n```\n", "5000 other:app\n```\n")))
                .as("another app on the port").contains("ports.conflict");
    }

    @Test
    void commandsMissingAPartTheirProgramNeeds() {
        String build = SERVER + "\n```bash\ndocker build -t app -f Dockerfile.prod\n```\n";
        assertThat(only(build, "docker.build-context").message()).contains("names no build context");
        assertThat(codes(build.replace("Dockerfile.prod", "Dockerfile.prod ."))).doesNotContain("docker.build-context");

        String pub = "# L\n\n```bash\nchmod 400 lab-key.pub\nssh -i lab-key ubuntu@203.0.113.7\n```\n";
        assertThat(only(pub, "key.chmod-pub").message()).contains("chmod 400 lab-key");
        assertThat(codes(pub.replace("lab-key.pub", "lab-key"))).doesNotContain("key.chmod-pub");

        String noUser = "# L\n\n```bash\nchmod 400 k.pem\nssh -i k.pem 203.0.113.7\n```\n";
        assertThat(only(noUser, "ssh.no-user").message()).contains("e.g. ubuntu@203.0.113.7");
        assertThat(codes(noUser.replace("k.pem 203", "k.pem ubuntu@203"))).doesNotContain("ssh.no-user");
    }

    @Test
    void aUnitStartedButNeverEnabledAndASiteNeverLinked() {
        // the unit of the test above, written right, started but never enabled
        String unit = UNIT.replace("[UNIT]", "[Unit]").replace("enable --now web", "start app");
        assertThat(only(unit, "unit.not-enabled").message()).contains("systemctl enable --now app");
        assertThat(codes(unit.replace("systemctl start app", "systemctl enable --now app"))).doesNotContain("unit.not-enabled");

        String site = SERVER + """

                ```bash
                sudo tee /etc/nginx/sites-available/app > /dev/null <<'EOF'
                server { listen 80; location / { proxy_pass http://127.0.0.1:8000; } }
                EOF
                sudo systemctl restart nginx
                ```
                """;
        assertThat(only(site, "nginx.site-not-enabled").message()).contains("no step links it");
        assertThat(codes(site.replace("sudo systemctl restart", "sudo ln -s /etc/nginx/sites-available/app /etc/nginx/sites-enabled/\nsudo systemctl restart")))
                .doesNotContain("nginx.site-not-enabled");
    }

    @Test
    void aPathUnderTheHomeThatNoStepCreates() {
        String doc = SERVER + "\n```bash\ngit clone https://example.org/team/shop.git\ncd shop\nchmod o+x /home/ubuntu/store\n```\n";
        assertThat(only(doc, "path.unknown").message()).contains("chmod /home/ubuntu/store names /home/ubuntu/store");
        assertThat(codes(doc.replace("ubuntu/store", "ubuntu/shop"))).doesNotContain("path.unknown");
    }

    @Test
    void aWorkstationPromptShowsTheReadersOwnUser() {
        String doc = """
                # An EC2 server

                Choose the Ubuntu 22.04 image.

                ```console
                you@laptop:~$ chmod 400 k.pem
                you@laptop:~$ ssh -i k.pem ubuntu@203.0.113.7
                ```

                ```console
                admin@server:~$ sudo apt install -y nginx
                ```
                """;
        assertThat(LabLint.check(LabPlan.parse("t.md", doc))).filteredOn(f -> f.code().equals("login.user"))
                .extracting(LintFinding::message).singleElement().asString().contains("the prompt shows admin");
    }
}
